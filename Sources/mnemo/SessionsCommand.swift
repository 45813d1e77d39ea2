import ArgumentParser
import MnemoPlot
import MnemoStore

/// `mnemo sessions`: the recorded REPL, notebook and replay sessions.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List recorded sessions (REPL, notebook and replay), newest first.",
        discussion: "A session's id is what `mnemo replay` takes.")

    @Option(name: .long, help: "Show at most this many sessions.")
    var limit: Int = 30

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try database.openStore(mustExist: true)
            let sessions = try store.sessions(limit: limit)
            guard !sessions.isEmpty else {
                print("no sessions recorded in \(store.path) yet")
                return
            }
            let rows: [[Table.Cell]] = try sessions.map { session in
                let what = session.replayOf.map { "replay of \($0)" } ?? session.notebookPath ?? ""
                return [.number(Double(session.id)), .text(session.kind.rawValue), .text(session.status.rawValue),
                        .text(DisplayTime.text(session.started)),
                        session.ended.map { .text(DisplayTime.duration($0.timeIntervalSince(session.started))) } ?? .empty,
                        .number(Double(try store.cells(session: session.id).count)),
                        .number(Double(try store.runs(where: "session = \(session.id)").count)),
                        .text(what)]
            }
            print(Table(headers: ["id", "kind", "status", "started", "time", "cells", "runs", "notebook"], rows: rows,
                        alignments: [.right, .left, .left, .right, .right, .right, .right, .left]).render(terminalStyle()))
        }
    }
}
