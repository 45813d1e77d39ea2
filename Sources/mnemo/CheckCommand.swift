import ArgumentParser
import MnemoLang

/// `mnemo check NB.mnemo`: finds mistakes in a notebook without running it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a notebook without running it: syntax, names, arguments and types.",
        discussion: """
        Each problem is printed as FILE:line:col: message (then the line and a caret); the exit code is 1 \
        if there are any. Names bound in earlier cells are known in later ones. With -p, the overrides \
        are checked against the parameters cell as `mnemo run` would.
        """)

    @ArgumentParser.Argument(help: ArgumentHelp("The notebook file (.mnemo).", valueName: "notebook"))
    var notebook: String

    @Option(name: .customShort("p"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Check this parameter override too (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    func run() throws {
        var problems = 0
        try reportingFailures {
            let text = try readTextFile(notebook, what: "notebook")
            let parsed = try NotebookLoading.parse(text, file: notebook)
            _ = try NotebookLoading.overrides(parameters, for: parsed, file: notebook)
            var checker = Checker(registry: .mnemo())
            let errors = checker.check(notebook: parsed)
            for error in errors { printError(Diagnostics.rendered(error, file: notebook)) }
            problems = errors.count
            let cells = parsed.cells.filter { $0.kind != .markdown }.count
            if problems == 0 {
                print("\(notebook): ok (\(cells) code cell\(cells == 1 ? "" : "s"))")
            } else {
                printError("\(notebook): \(problems) problem\(problems == 1 ? "" : "s")")
            }
        }
        if problems > 0 { throw ExitCode(1) }
    }
}
