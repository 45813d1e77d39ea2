import Foundation

/// How a cell's run ended.
public enum CellStatus: String, Sendable {
    /// Every statement ran (markdown cells are always ok).
    case ok
    /// A statement failed; later cells are skipped.
    case failed
    /// The user pressed Ctrl-C while it ran; later cells are skipped.
    case interrupted
    /// Not run because an earlier cell failed or was interrupted.
    case skipped
}

/// The record of one cell's run: what the store keeps and the report shows.
public struct CellRecord {
    /// The cell.
    public let cell: NotebookCell
    /// How it ended.
    public let status: CellStatus
    /// Everything the cell printed (bare expression values and builtin output).
    public let output: String
    /// When it started.
    public let startedAt: Date
    /// Wall-clock seconds it took.
    public let duration: TimeInterval
    /// The error that stopped it, if any.
    public let error: MnemoError?
    /// The result of each statement that ran.
    public let results: [StatementResult]
}

/// A whole notebook's run.
public struct NotebookRun {
    /// One record per cell, in order (cells after a failure are `skipped`).
    public let records: [CellRecord]
    /// The `-p` overrides applied to the parameters cell.
    public let overrides: [String: Value]
    /// When the run started.
    public let startedAt: Date

    /// True if no cell failed or was interrupted.
    public var succeeded: Bool { failedRecord == nil }
    /// The cell that stopped the run, if any.
    public var failedRecord: CellRecord? { records.first { $0.status == .failed || $0.status == .interrupted } }
    /// Total seconds over all cells.
    public var duration: TimeInterval { records.reduce(0) { $0 + $1.duration } }

    /// The parameter values used, in the order the parameters cell binds them, with whether `-p` set each.
    public var parameters: [(name: String, value: Value, overridden: Bool)] {
        guard let record = records.first(where: { $0.cell.kind == .parameters }) else { return [] }
        return record.results.compactMap { result in
            guard case .assigned(let name, let value) = result.outcome else { return nil }
            return (name, value, overrides[name] != nil)
        }
    }
}

/// Runs a notebook's cells in order in one session, capturing each cell's output, stopping at the
/// first error. The caller records cells (in the store) through `onCellStart` / `onCellFinish`.
public final class NotebookRunner {
    /// The session cells run in (give a fresh one for a batch run).
    public let session: Session
    /// Called before a cell runs.
    public var onCellStart: ((NotebookCell) -> Void)?
    /// Called with each cell's record, including markdown and skipped cells.
    public var onCellFinish: ((CellRecord) -> Void)?

    /// A runner for `session`.
    public init(session: Session) { self.session = session }

    /// Runs `notebook` with `overrides` for its parameters. Throws only when an override names no
    /// parameter (before anything runs); cell errors are in the returned records.
    public func run(_ notebook: Notebook, overrides: [String: Value] = [:]) throws -> NotebookRun {
        try NotebookParameters.validate(overrides, for: notebook)
        session.cancellation.reset()
        let runStart = Date()
        var records: [CellRecord] = []
        var stopped = false
        for cell in notebook.cells {
            let record: CellRecord
            if stopped {
                record = CellRecord(cell: cell, status: .skipped, output: "", startedAt: Date(), duration: 0, error: nil, results: [])
            } else if cell.kind == .markdown {
                record = CellRecord(cell: cell, status: .ok, output: "", startedAt: Date(), duration: 0, error: nil, results: [])
            } else {
                onCellStart?(cell)
                record = runCode(cell, overrides: cell.kind == .parameters ? overrides : [:])
                stopped = record.status != .ok
            }
            records.append(record)
            onCellFinish?(record)
        }
        return NotebookRun(records: records, overrides: overrides, startedAt: runStart)
    }

    private func runCode(_ cell: NotebookCell, overrides: [String: Value]) -> CellRecord {
        let terminal = session.output
        let captured = CapturedOutput(forwardingTo: terminal)
        session.output = captured
        defer { session.output = terminal }
        let start = Date()
        let results = session.execute(cell.source, firstLine: cell.firstLine, overrides: overrides, keepingCancellation: true)
        let error = results.first { !$0.succeeded }?.error
        let status: CellStatus = error == nil ? .ok : (error?.kind == .interrupted ? .interrupted : .failed)
        return CellRecord(cell: cell, status: status, output: captured.text, startedAt: start,
                          duration: Date().timeIntervalSince(start), error: error, results: results)
    }
}
