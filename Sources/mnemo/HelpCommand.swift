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
        if registry.builtin(named: name) != nil {
            print(try registry.help(name), terminator: "")
        } else if let command = Mnemo.configuration.subcommands.first(where: { $0.configuration.commandName == name }) {
            print(command.helpMessage(), terminator: "")
        } else {
            let error = registry.unknownFunctionError(name)
            printError("mnemo help: \(error.message) (nor a command; see mnemo --help)")
            throw ExitCode(1)
        }
    }
}
