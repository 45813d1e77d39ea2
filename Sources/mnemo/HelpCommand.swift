import ArgumentParser
import MnemoLang

/// `mnemo help [NAME] [--markdown]`: the language's builtins, or the full Markdown reference.
struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "Show help on the language's builtins (mnemo help NAME), or print the Markdown reference.",
        discussion: """
        `mnemo help` lists every builtin; `mnemo help pretrain` shows one in detail; `mnemo help run` \
        shows the help of a subcommand. `mnemo help --markdown > docs/reference.md` regenerates the \
        reference from the builtin registry.
        """)

    @ArgumentParser.Argument(help: ArgumentHelp("A builtin (or a subcommand) to explain.", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Print the reference of every builtin as Markdown.")
    var markdown = false

    func validate() throws {
        if markdown && name != nil { throw ValidationError("--markdown prints the whole reference; give no name with it") }
    }

    func run() throws {
        let registry = BuiltinRegistry.mnemo()
        if markdown {
            print(registry.markdownReference(), terminator: "")
            return
        }
        guard let name else {
            print(registry.helpIndex(), terminator: "")
            print("\nCommands: mnemo --help; one command: mnemo help COMMAND.")
            return
        }
        let builtin = registry.builtin(named: name)
        let command = Mnemo.configuration.subcommands.first { $0.configuration.commandName == name }
        if builtin != nil { print(try registry.help(name), terminator: "") }
        if let command {
            // A name can be both (`replay` the builtin, `mnemo replay` the command): show both.
            if builtin != nil { print("\nThe command `mnemo \(name)`:\n") }
            print(command.helpMessage(), terminator: "")
        }
        if builtin == nil && command == nil {
            let error = registry.unknownFunctionError(name)
            printError("mnemo help: \(error.message) (nor a command; see mnemo --help)")
            throw ExitCode(1)
        }
    }
}
