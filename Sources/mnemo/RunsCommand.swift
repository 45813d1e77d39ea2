import ArgumentParser
import MnemoPlot
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
            print(RunListing.table(runs).render(terminalStyle()))
        }
    }
}

/// Run tables shared by `runs` and `sessions`.
enum RunListing {
    /// One row per run: id, name, kind, status, session, start, duration, params and latest metrics.
    static func table(_ runs: [RunSummary]) -> Table {
        let rows: [[Table.Cell]] = runs.map { summary in
            let run = summary.run
            return [.number(Double(run.id)), .text(run.name), .text(run.kind), .text(run.status.rawValue),
                    run.session.map { .number(Double($0)) } ?? .empty,
                    .text(DisplayTime.text(run.started)),
                    run.ended.map { .text(DisplayTime.duration($0.timeIntervalSince(run.started))) } ?? .empty,
                    .text(summary.params.map { "\($0.name)=\($0.value.contains(" ") ? "\"\($0.value)\"" : $0.value)" }.joined(separator: " ")),
                    .text(summary.latestMetrics.map { "\($0.key)=\(Table.format($0.value, digits: 4))" }.joined(separator: " "))]
        }
        return Table(headers: ["id", "name", "kind", "status", "session", "started", "time", "params", "metrics"],
                     rows: rows, // Kind and status are short words: right-aligned they are never the column shortened to fit.
                     alignments: [.right, .left, .right, .right, .right, .right, .right, .left, .left])
    }
}
