import Foundation
import MnemoLang
import MnemoStore

/// Keeps the REPL's session in the store: the session and its cells through MnemoLang's
/// `SessionRecorder` (as notebooks and replays do), plus the history entries. A store failure
/// is reported once and then recording stops, so a broken database never interrupts the
/// user's work.
final class REPLRecorder {
    private let recorder: SessionRecorder
    private let report: (String) -> Void
    private var broken = false

    /// The store written to.
    var store: Store { recorder.store }
    /// The store's id of this session.
    var sessionID: Int64 { recorder.sessionID }

    /// Begins a session of `kind` in `store` and makes builtins in `session` record their runs
    /// under it; `report` receives the one-line warning if the store fails later.
    init(store: Store, kind: SessionKind, session: Session, report: @escaping (String) -> Void) throws {
        recorder = try SessionRecorder(store: store, kind: kind)
        self.report = report
        recorder.attach(to: session)
    }

    /// Records one executed entry as the session's next cell.
    func recordCell(title: String? = nil, source: String, output: String, status: MnemoStore.CellStatus,
                    started: Date, duration: TimeInterval, error: String?) {
        guard !broken else { return }
        if !recorder.record(source: source, title: title, output: output, status: status, started: started,
                            duration: duration, error: error) {
            stop(recorder.recordingProblem.map { "\($0)" } ?? "the cell could not be stored")
        }
    }

    /// Appends a history entry (a whole multi-line block is one entry).
    func appendHistory(_ entry: String) {
        attempt { try store.appendHistory(entry, session: sessionID) }
    }

    /// Ends the session with `status`.
    func end(_ status: SessionStatus) {
        attempt { try recorder.end(status) }
    }

    private func attempt(_ body: () throws -> Void) {
        guard !broken else { return }
        do { try body() } catch { stop("\(error)") }
    }

    private func stop(_ problem: String) {
        broken = true
        report("warning: \(problem) (this session is no longer recorded)")
    }
}
