import ArgumentParser
import MnemoREPL
import MnemoStore

/// `mnemo compare RUN RUN...`: runs side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs side by side: status, the params that differ, every latest metric; then the params all share.")

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
            // The REPL's `.compare` table, so both show comparisons the same way.
            print(RunTables.comparison(comparison, style: terminalStyle()))
        }
    }
}
