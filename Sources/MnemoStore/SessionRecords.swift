import Foundation

/// How a session was started.
public enum SessionKind: String, Sendable, CaseIterable {
    case repl, notebook, replay
}

/// Where a session stands; `interrupted` is set at open for sessions whose process died.
public enum SessionStatus: String, Sendable, CaseIterable {
    case running, finished, failed, interrupted
}

/// One REPL, notebook or replay session as stored.
public struct SessionRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: SessionKind
    public var notebookPath: String?
    public var notebookSHA256: String?
    /// For a replay session: the session it re-executed.
    public var replayOf: Int64?
    public var started: Date
    public var ended: Date?
    public var status: SessionStatus
    public var pid: Int32
    public var host: String
}

/// How a cell ended.
public enum CellStatus: String, Sendable, CaseIterable {
    case ok, error, interrupted
}

/// One executed cell (a notebook cell or a REPL entry), in order within its session.
public struct CellRecord: Sendable, Equatable {
    public var session: Int64
    /// Position within the session, from 0; unique per session.
    public var index: Int
    public var title: String?
    public var source: String
    public var output: String
    public var status: CellStatus
    public var started: Date
    /// Wall-clock seconds the cell took.
    public var duration: Double
    public var error: String?

    /// Describes a cell to record; `output` and `error` default to empty.
    public init(session: Int64, index: Int, title: String? = nil, source: String, output: String = "",
                status: CellStatus, started: Date, duration: Double, error: String? = nil) {
        self.session = session
        self.index = index
        self.title = title
        self.source = source
        self.output = output
        self.status = status
        self.started = started
        self.duration = duration
        self.error = error
    }
}

/// One REPL history line with the session that typed it.
public struct HistoryEntry: Sendable, Equatable {
    public var session: Int64?
    public var line: String
    public var time: Date
}
