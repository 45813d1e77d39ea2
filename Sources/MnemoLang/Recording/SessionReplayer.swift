import Foundation
import MnemoKernel
import MnemoStore

/// How a replay ended: the new session's id and status, and per replayed cell what happened.
public struct SessionReplay {
    /// One re-executed cell.
    public struct Cell {
        /// The cell as recorded in the original session.
        public let original: MnemoStore.CellRecord
        /// How it ended this time.
        public let status: MnemoStore.CellStatus
        /// What it printed this time.
        public let output: String
        /// The error that stopped it this time, if any.
        public let error: MnemoError?
    }

    /// The session that was replayed.
    public let originalSession: Int64
    /// The new session (kind `replay`) holding the re-executed cells and their runs.
    public let replaySession: Int64
    /// The cells that ran, in order (fewer than recorded when the replay stopped early).
    public let cells: [Cell]
    /// How many cells the original session has.
    public let recordedCellCount: Int
    /// How the replay session ended.
    public let status: SessionStatus

    /// The first cell that failed now although it succeeded in the original session.
    public var firstNewFailure: Cell? { cells.first { $0.status != .ok && $0.original.status == .ok } }
}

/// Re-executes a saved session's cells in a fresh state, recorded as a new session of kind `replay`
/// (`mnemo replay SESSION`, the REPL's `.replay`).
public enum SessionReplayer {
    /// Replays session `id` of `store`, printing cell outputs to `output`.
    ///
    /// Cells run in order. A cell that fails now is where the replay stops, unless it failed in the original
    /// too (a REPL session keeps going after a typo, so its replay does as well). Ctrl-C (through
    /// `cancellation`) stops the replay; the replay session is then `interrupted`.
    public static func replay(session id: Int64, store: Store, registry: BuiltinRegistry,
                              output: OutputSink = StandardOutput(),
                              cancellation: CancellationFlag = CancellationFlag(),
                              onCellStart: ((MnemoStore.CellRecord) -> Void)? = nil) throws -> SessionReplay {
        let original = try store.session(id)
        let recorded = try store.cells(session: id)
        let recorder = try SessionRecorder(store: store, kind: .replay, notebookPath: original.notebookPath,
                                           notebookSHA256: original.notebookSHA256, replayOf: id,
                                           cliParameters: try cliParameters(of: id, in: store))
        let session = Session(registry: registry, output: output, cancellation: cancellation)
        recorder.attach(to: session)
        cancellation.reset()

        var cells: [SessionReplay.Cell] = []
        for cell in recorded {
            onCellStart?(cell)
            let captured = CapturedOutput(forwardingTo: output)
            session.output = captured
            let start = Date()
            let results = session.execute(cell.source, keepingCancellation: true)
            session.output = output
            let error = results.first { !$0.succeeded }?.error
            let status: MnemoStore.CellStatus = error == nil ? .ok : (error?.kind == .interrupted ? .interrupted : .error)
            recorder.record(source: cell.source, title: cell.title, output: captured.text, status: status, started: start,
                            duration: Date().timeIntervalSince(start), error: error?.rendered)
            cells.append(SessionReplay.Cell(original: cell, status: status, output: captured.text, error: error))
            if status == .interrupted || (status == .error && cell.status == .ok) { break }
        }
        let status: SessionStatus
        if cells.contains(where: { $0.status == .interrupted }) {
            status = .interrupted
        } else if cells.contains(where: { $0.status == .error && $0.original.status == .ok }) {
            status = .failed
        } else {
            status = .finished
        }
        try recorder.end(status)
        return SessionReplay(originalSession: id, replaySession: recorder.sessionID, cells: cells,
                             recordedCellCount: recorded.count, status: status)
    }

    /// The `-p` texts the original session was run with, read back from its first run's params (builtins
    /// store them as `cli.NAME`, marked as from the command line), so the replay's runs carry the same params.
    private static func cliParameters(of session: Int64, in store: Store) throws -> [String: String] {
        guard let first = try store.runs(where: "session = \(session)", sort: "id", limit: 1).first else { return [:] }
        var parameters: [String: String] = [:]
        for param in first.params where param.fromCLI {
            let name = param.name.hasPrefix("cli.") ? String(param.name.dropFirst(4)) : param.name
            parameters[name] = param.value
        }
        return parameters
    }
}
