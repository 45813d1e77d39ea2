import Foundation
import MnemoLang
import MnemoStore

/// `.save FILE` and `.load FILE`: between the session and `.mnemo` notebook files.
extension REPLCore {
    /// `.save FILE`: the statements that succeeded so far, as one code cell under a title.
    func saveNotebook(_ args: String) throws {
        let path = try filePath(args, command: ".save")
        let count = session.successfulStatements.count
        guard count > 0 else { throw REPLError(".save: nothing to save yet (no statement has succeeded)") }
        let title = "Saved from the mnemo REPL" + (sessionID.map { " (session \($0))" } ?? "")
        do {
            try session.notebookText(title: title).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw REPLError(".save: cannot write \(path): \(error.localizedDescription)")
        }
        output.writeLine("saved \(count) statement\(count == 1 ? "" : "s") to \(path)")
    }

    /// `.load FILE`: runs the notebook's cells in this session (bindings stay), each recorded as a
    /// cell with its title; stops at the first failing cell.
    func loadNotebook(_ args: String) throws {
        let path = try filePath(args, command: ".load")
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw REPLError(".load: cannot read \(path): \(error.localizedDescription)")
        }
        let notebook = try Notebook(parsing: text)
        let runner = NotebookRunner(session: session)
        runner.onCellFinish = { [weak self] record in
            guard let self, record.cell.kind != .markdown, record.status != .skipped else { return }
            let status: MnemoStore.CellStatus = record.status == .ok ? .ok : (record.status == .interrupted ? .interrupted : .error)
            self.recorder?.recordCell(title: record.cell.title ?? "\(path) \(record.cell.displayName)",
                                      source: record.cell.source, output: record.output, status: status,
                                      started: record.startedAt, duration: record.duration,
                                      error: record.error?.description)
        }
        let run = try InterruptHandler.whileComputing { try runner.run(notebook) }
        if let failed = run.failedRecord, let error = failed.error {
            report(error)
            if error.kind == .interrupted { throw AlreadyReported(status: .interrupted) }
            throw REPLError(".load: stopped at \(failed.cell.displayName) of \(path)")
        }
        let cells = run.records.filter { $0.cell.kind != .markdown }.count
        output.writeLine("loaded \(path): \(cells) cell\(cells == 1 ? "" : "s") ran")
    }

    /// The file argument with surrounding quotes removed and `~` expanded.
    func filePath(_ args: String, command: String) throws -> String {
        var path = args
        if path.count >= 2, let first = path.first, first == "\"" || first == "'", path.last == first {
            path = String(path.dropFirst().dropLast())
        }
        guard !path.isEmpty else { throw REPLError("\(command): missing file name; usage: \(command) FILE") }
        return NSString(string: path).expandingTildeInPath
    }
}
