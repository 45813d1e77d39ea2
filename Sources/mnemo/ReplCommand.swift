import ArgumentParser
import Foundation
import MnemoREPL

/// `mnemo repl` (also `mnemo` alone): the interactive shell.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive shell (the default when no command is given).",
        discussion: """
        On a terminal: line editing, history across sessions, Tab completion, dot-commands (.help), \
        Ctrl-C to cancel a line or stop a training, Ctrl-D to quit. With piped input the text is run \
        as a script without prompts; the first error ends it with exit code 1.
        """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let status = REPL(options: REPLOptions(storePath: database.db, version: Mnemo.version)).run()
        if status != 0 { throw ExitCode(status) }
    }
}
