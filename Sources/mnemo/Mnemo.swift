import ArgumentParser
import Foundation

/// The `mnemo` command line: the REPL, notebooks, the run store and the benchmarks.
@main
struct Mnemo: ParsableCommand {
    static func main() {
        BLASEnvironment.ensureFastKernel()
        Mnemo.main(nil)
    }

    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mnemo",
        abstract: "A notebook-style REPL for continual-learning experiments on small language models.",
        version: version,
        subcommands: [ReplCommand.self, RunCommand.self, CheckCommand.self, ReplayCommand.self, RunsCommand.self, ShowCommand.self,
                      CompareCommand.self, ExportCommand.self, SessionsCommand.self, HelpCommand.self,
                      BenchCommand.self, DemoCommand.self],
        defaultSubcommand: ReplCommand.self
    )
}

/// Writes a line to standard error (diagnostics never go to standard output, which
/// carries results such as the benchmark's JSON).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
