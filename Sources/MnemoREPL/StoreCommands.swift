import Foundation
import MnemoLang
import MnemoStore

/// The dot-commands that read the store: `.runs`, `.show`, `.compare`, `.history`, `.sessions`, `.replay`.
extension REPLCore {
    /// `.runs [FILTER]`: the 20 most recent runs matching the filter.
    func showRuns(filter: String) throws {
        let store = try requireStore(".runs")
        let runs = try storeCall(".runs") { try store.runs(where: filter, sort: "-started", limit: 20) }
        output.writeLine(RunTables.list(runs, style: style))
    }

    /// `.show RUN`.
    func showRun(_ args: String) throws {
        let store = try requireStore(".show")
        let ids = try runIDs(args, command: ".show", usage: "RUN")
        guard ids.count == 1 else { throw REPLError(".show: expected one run id, got \(ids.count)") }
        let detail = try storeCall(".show") { try store.runDetail(ids[0]) }
        output.writeLine(RunTables.detail(detail, style: style))
    }

    /// `.compare A B...`.
    func compareRuns(_ args: String) throws {
        let store = try requireStore(".compare")
        let ids = try runIDs(args, command: ".compare", usage: "RUN RUN...")
        guard ids.count >= 2 else { throw REPLError(".compare: expected at least two run ids, got \(ids.count)") }
        let comparison = try storeCall(".compare") { try store.compareRuns(ids) }
        output.writeLine(RunTables.comparison(comparison, style: style))
    }

    /// `.history [N]`: numbered entries, oldest first; a block's later lines are indented under its first.
    /// `.history TEXT`: the last 20 entries (from every session) that contain TEXT.
    func showHistory(_ args: String) throws {
        let store = try requireStore(".history")
        let entries: [HistoryEntry]
        if !args.isEmpty, Int(args) == nil {
            let all = try storeCall(".history") { try store.recentHistory(limit: 100_000) }
            entries = Array(all.filter { $0.line.localizedCaseInsensitiveContains(args) }.suffix(20))
        } else {
            let limit = try count(args, command: ".history", default: 20)
            entries = try storeCall(".history") { try store.recentHistory(limit: limit) }
        }
        guard !entries.isEmpty else { return output.writeLine(args.isEmpty ? "no history yet" : "no history entry matches") }
        let width = String(entries.count).count
        for (offset, entry) in entries.enumerated() {
            let number = String(offset + 1)
            let lead = String(repeating: " ", count: width - number.count) + number + "  "
            let lines = entry.line.split(separator: "\n", omittingEmptySubsequences: false)
            let indent = String(repeating: " ", count: lead.count)
            output.writeLine(lines.enumerated().map { ($0.offset == 0 ? lead : indent) + $0.element }.joined(separator: "\n"))
        }
    }

    /// `.sessions [N]`.
    func showSessions(_ args: String) throws {
        let store = try requireStore(".sessions")
        let limit = try count(args, command: ".sessions", default: 20)
        let sessions = try storeCall(".sessions") { try store.sessions(limit: limit) }
        output.writeLine(RunTables.sessions(sessions, style: style))
    }

    /// `.replay SESSION`: runs the successful cells of another session here, in order, stopping at the first failure.
    func replaySession(_ args: String) throws {
        let store = try requireStore(".replay")
        let ids = try runIDs(args, command: ".replay", usage: "SESSION")
        guard ids.count == 1 else { throw REPLError(".replay: expected one session id, got \(ids.count)") }
        guard ids[0] != sessionID else { throw REPLError(".replay: session \(ids[0]) is this session") }
        let cells = try storeCall(".replay") { try store.cells(session: ids[0]) }.filter { $0.status == .ok }
        guard !cells.isEmpty else { return output.writeLine("session \(ids[0]) has no successful cells to replay") }
        for cell in cells {
            let shown = cell.source.split(separator: "\n").first.map(String.init) ?? ""
            output.writeLine("# replay cell \(cell.index + 1): \(shown)")
            let status = runStatements(cell.source, title: cell.title)
            if status == .interrupted { throw AlreadyReported(status: .interrupted) }
            if status == .failed { throw REPLError(".replay: stopped at cell \(cell.index + 1) of session \(ids[0])") }
        }
    }

    /// The store, or an error saying this REPL has none.
    func requireStore(_ command: String) throws -> Store {
        guard let store else { throw REPLError("\(command): no store is open") }
        return store
    }

    /// Run or session ids written as `3`, `#3` or `run 3`-style lists separated by spaces or commas.
    func runIDs(_ args: String, command: String, usage: String) throws -> [Int64] {
        let words = args.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        guard !words.isEmpty else { throw REPLError("\(command): missing argument; usage: \(command) \(usage)") }
        return try words.map { word in
            let digits = word.hasPrefix("#") ? word.dropFirst() : word[...]
            guard let id = Int64(digits) else {
                throw REPLError("\(command): expected an id (a whole number), got '\(word)'")
            }
            return id
        }
    }

    /// A positive count argument, or `fallback` when none is given.
    func count(_ args: String, command: String, default fallback: Int) throws -> Int {
        guard !args.isEmpty else { return fallback }
        guard let n = Int(args), n > 0 else { throw REPLError("\(command): expected a positive whole number, got '\(args)'") }
        return n
    }

    /// Runs a store call, prefixing its error with the command's name.
    func storeCall<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw REPLError("\(command): \(error)") }
    }
}
