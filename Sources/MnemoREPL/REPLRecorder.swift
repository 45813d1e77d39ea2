import Foundation
import MnemoLang
import MnemoStore

/// Keeps the REPL's session in the store: one session row, one cell per entered statement or
/// block, and the history entries. A store failure is reported once and then recording stops,
/// so a broken database never interrupts the user's work.
final class REPLRecorder {
    /// The store written to.
    let store: Store
    /// The store's id of this session.
    let sessionID: Int64
    private let report: (String) -> Void
    private var nextCellIndex = 0
    private var broken = false

    /// Begins a session of `kind` in `store`; `report` receives the one-line warning if the store fails later.
    init(store: Store, kind: SessionKind, report: @escaping (String) -> Void) throws {
        self.store = store
        self.report = report
        sessionID = try store.beginSession(kind: kind)
    }

    /// Records one executed entry as the session's next cell.
    func recordCell(title: String? = nil, source: String, output: String, status: MnemoStore.CellStatus,
                    started: Date, duration: TimeInterval, error: String?) {
        let cell = MnemoStore.CellRecord(session: sessionID, index: nextCellIndex, title: title, source: source,
                                         output: output, status: status, started: started, duration: duration,
                                         error: error)
        nextCellIndex += 1
        attempt { try store.recordCell(cell) }
    }

    /// Appends a history entry (a whole multi-line block is one entry).
    func appendHistory(_ entry: String) {
        attempt { try store.appendHistory(entry, session: sessionID) }
    }

    /// Ends the session with `status`.
    func end(_ status: SessionStatus) {
        attempt { try store.endSession(sessionID, status: status) }
    }

    private func attempt(_ body: () throws -> Void) {
        guard !broken else { return }
        do {
            try body()
        } catch {
            broken = true
            report("warning: \(error) (this session is no longer recorded)")
        }
    }
}
