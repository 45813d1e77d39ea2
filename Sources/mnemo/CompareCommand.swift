import ArgumentParser
import MnemoPlot
import MnemoStore

/// `mnemo compare RUN RUN...`: runs side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs side by side: the params that differ, then every latest metric.")

    @ArgumentParser.Argument(help: ArgumentHelp("Two or more run ids.", valueName: "run"))
    var runs: [Int64]

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard runs.count >= 2 else { throw ValidationError("compare needs at least two run ids") }
    }

    func run() throws {
        try reportingFailures {
            let store = try database.openStore(mustExist: true)
            let comparison = try store.compareRuns(runs)
            let style = terminalStyle()
            let headers = [""] + comparison.runs.map { "\($0.id) \($0.name)" }
            let statusRow: [Table.Cell] = ["status"] + comparison.runs.map { .text($0.status.rawValue) }
            var sections: [String] = []
            let paramRows: [[Table.Cell]] = comparison.differingParams.map { row in
                [.text(row.name)] + row.values.map { $0.map { .text($0) } ?? .empty }
            }
            sections.append(Table(headers: headers, rows: [statusRow] + paramRows,
                                  title: paramRows.isEmpty ? "params: all the same" : "params that differ").render(style))
            if !comparison.sameParams.isEmpty {
                sections.append("same in all: " + comparison.sameParams.map { "\($0.name)=\($0.value)" }.joined(separator: " "))
            }
            let metricRows: [[Table.Cell]] = comparison.metrics.map { row in
                [.text(row.key)] + row.values.map { $0.map { .number($0) } ?? .empty }
            }
            sections.append(metricRows.isEmpty ? "metrics: none recorded"
                            : Table(headers: headers, rows: metricRows, title: "latest metrics", digits: 5).render(style))
            print(sections.joined(separator: "\n\n"))
        }
    }
}
