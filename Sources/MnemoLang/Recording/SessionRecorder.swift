import Foundation
import MnemoStore

/// Records one REPL, notebook or replay session in the store: begins the session, stores each
/// executed cell, and ends the session with a final status.
///
/// A notebook run wires it to a ``NotebookRunner`` with ``observe(_:)``; the REPL calls
/// ``record(source:title:output:status:started:duration:error:)`` per entry. The session is
/// always ended (by ``end(_:)``, or as interrupted if the recorder is dropped unended) so no
/// session stays `running` when its process is alive and finished with it.
public final class SessionRecorder {
    /// The store sessions and cells go to.
    public let store: Store
    /// The store's id of the recorded session.
    public let sessionID: Int64
    /// The service builtins use to record runs in this session; attach it with ``attach(to:)``.
    public let context: SessionContext
    /// The first error met while recording a cell, if any (a cell that could not be stored is not fatal to the run).
    public private(set) var recordingProblem: StoreError?

    private var nextIndex = 0
    private var ended = false

    /// Begins a session of `kind` in `store`. For notebooks give the path and the text (its SHA-256 is
    /// recorded in the session and in every run's provenance), or the hash alone when the text is not
    /// at hand (a replay); for replays the replayed session's id.
    public init(store: Store, kind: SessionKind, notebookPath: String? = nil, notebookText: String? = nil,
                notebookSHA256: String? = nil, replayOf: Int64? = nil, cliParameters: [String: String] = [:]) throws {
        self.store = store
        let hash = notebookText.map { SHA256.hex($0) } ?? notebookSHA256
        sessionID = try store.beginSession(kind: kind, notebookPath: notebookPath, notebookSHA256: hash, replayOf: replayOf)
        context = SessionContext(store: store, sessionID: sessionID, notebookSHA256: hash, cliParameters: cliParameters)
        context.isReplay = replayOf != nil
    }

    deinit {
        // Dropped without an explicit end: whatever happened, the session did not finish normally.
        if !ended { try? store.endSession(sessionID, status: .interrupted) }
    }

    /// Makes builtins running in `session` record their runs in this session.
    public func attach(to session: Session) { session.attach(context) }

    /// Stores one executed cell, numbered in order from 0. Returns false (keeping the error in
    /// ``recordingProblem``) when the store refused it.
    @discardableResult
    public func record(source: String, title: String? = nil, output: String, status: MnemoStore.CellStatus,
                       started: Date, duration: TimeInterval, error: String? = nil) -> Bool {
        let cell = MnemoStore.CellRecord(session: sessionID, index: nextIndex, title: title, source: source, output: output,
                                         status: status, started: started, duration: duration, error: error)
        do {
            try store.recordCell(cell)
            nextIndex += 1
            return true
        } catch {
            if recordingProblem == nil {
                recordingProblem = error as? StoreError ?? .sqlite(operation: "record cell", message: "\(error)")
            }
            return false
        }
    }

    /// Stores a notebook cell's record. Markdown cells (nothing ran) and skipped cells are not stored;
    /// the parameters cell is stored with the `-p` values appended, so that replaying it gives the same bindings.
    @discardableResult
    public func record(_ cellRecord: MnemoLang.CellRecord, overrides: [String: Value] = [:]) -> Bool {
        let cell = cellRecord.cell
        guard cell.kind != .markdown, cellRecord.status != .skipped else { return true }
        let source = cell.kind == .parameters ? ValueLiteral.parametersSource(cell.source, overrides: overrides) : cell.source
        let status: MnemoStore.CellStatus
        switch cellRecord.status {
        case .ok, .skipped: status = .ok
        case .failed: status = .error
        case .interrupted: status = .interrupted
        }
        return record(source: source, title: cell.title ?? (cell.kind == .parameters ? "parameters" : nil),
                      output: cellRecord.output, status: status, started: cellRecord.startedAt,
                      duration: cellRecord.duration, error: cellRecord.error?.rendered)
    }

    /// Records every cell `runner` finishes from now on (its `onCellFinish` is replaced).
    public func observe(_ runner: NotebookRunner, overrides: [String: Value] = [:]) {
        runner.onCellFinish = { [weak self] record in self?.record(record, overrides: overrides) }
    }

    /// Ends the session with `status`; later calls do nothing.
    public func end(_ status: SessionStatus) throws {
        guard !ended else { return }
        ended = true
        try store.endSession(sessionID, status: status)
    }

    /// The session status that matches how a notebook run ended.
    public static func status(of run: NotebookRun) -> SessionStatus {
        switch run.failedRecord?.status {
        case .interrupted?: return .interrupted
        case .failed?: return .failed
        default: return .finished
        }
    }
}
