import ArgumentParser
import MnemoREPL
import MnemoStore

/// `mnemo runs`: lists recorded runs, filtered and sorted.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recorded runs as a table.",
        discussion: """
        Filters join conditions with `and`: fields status, name, kind, seed, id, session, params.NAME and \
        metrics.NAME (the latest value); operators = != < <= > >= and ~ (contains, text). Example: \
        --where 'status = finished and metrics.loss < 2.0 and params.lr = 1e-4'. \
        Sort keys: started, ended, id, name, kind, status, seed, session, params.NAME, metrics.NAME; \
        a leading - sorts descending; several keys are separated by commas.
        """)

    @Option(name: .customLong("where"), help: ArgumentHelp("Only runs matching this filter.", valueName: "filter"))
    var filter: String = ""

    @Option(name: .long, help: ArgumentHelp("Sort keys, e.g. -metrics.loss or params.lr,-started.", valueName: "keys"))
    var sort: String = "-started"

    @Option(name: .long, help: "Show at most this many runs.")
    var limit: Int = 50

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try database.openStore(mustExist: true)
            let runs = try store.runs(where: filter, sort: sort, limit: limit)
            guard !runs.isEmpty else {
                print(filter.isEmpty ? "no runs recorded in \(store.path) yet" : "no runs match '\(filter)'")
                return
            }
            // The REPL's `.runs` table, so both show runs the same way.
            print(RunTables.list(runs, style: terminalStyle()))
        }
    }
}
