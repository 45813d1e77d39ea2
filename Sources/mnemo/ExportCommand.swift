import ArgumentParser
import MnemoStore

/// `mnemo export RUN --format csv|json`: one run for other tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run: its metric series as CSV, or everything about it as JSON.",
        discussion: """
        csv: one line per metric point, run,key,step,value,time (unix seconds). json: the run, params, \
        config, provenance, latest metrics, full metric series, evaluations and artifact metadata.
        """)

    /// The export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @ArgumentParser.Argument(help: ArgumentHelp("The run id (see `mnemo runs`).", valueName: "run"))
    var runID: Int64

    @Option(name: .long, help: "csv or json.")
    var format: Format

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingFailures {
            let store = try database.openStore(mustExist: true)
            let text = format == .csv ? try store.exportCSV(run: runID) : try store.exportJSON(run: runID)
            if let output {
                try writeTextFile(text, to: output, what: "export")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
