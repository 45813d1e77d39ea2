import ArgumentParser
import Foundation
import MnemoLang
import MnemoStore

/// `mnemo run NB.mnemo`: runs a notebook top to bottom in a fresh state and records the session.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook in a fresh state, recording every cell in the store.",
        discussion: """
        Cells run in order; their output is streamed to standard output. The run stops at the first \
        failing cell, whose error (FILE:line:col, the source line and a caret) goes to standard error, \
        and the exit code is 1 (130 after Ctrl-C). A first Ctrl-C stops the running cell at its next \
        step and records the run as interrupted; a second one quits at once.

        -p overrides a binding of the notebook's parameters cell: `-p lr=3e-4 -p name="gere"`. \
        The value is a mnemo literal, or else taken as text.
        """)

    @ArgumentParser.Argument(help: ArgumentHelp("The notebook file (.mnemo).", valueName: "notebook"))
    var notebook: String

    @Option(name: .customShort("p"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Override a parameter of the notebook's parameters cell (repeatable).",
                               valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: ArgumentHelp("Also write a Markdown report of every cell and its output.",
                                            valueName: "file"))
    var report: String?

    @Flag(name: .long, help: "Do not stream cell outputs (they are still recorded and reported).")
    var quiet = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        var outcome: ExitCode?
        try reportingFailures { outcome = try runNotebook() }
        if let outcome { throw outcome }
    }

    /// Runs the notebook; returns the exit code to end with when a cell failed.
    private func runNotebook() throws -> ExitCode? {
        let text = try readTextFile(notebook, what: "notebook")
        let parsed = try NotebookLoading.parse(text, file: notebook)
        let overrides = try NotebookLoading.overrides(parameters, for: parsed, file: notebook)
        let store = try database.openStore()
        let recorder = try SessionRecorder(store: store, kind: .notebook, notebookPath: NotebookLoading.absolutePath(notebook),
                                           notebookText: text, cliParameters: NotebookLoading.rawParameters(parameters))
        let output: OutputSink = quiet ? CapturedOutput() : StandardOutput()
        let session = Session(registry: .mnemo(), output: output)
        recorder.attach(to: session)
        InterruptHandler.install(session.cancellation)
        let runner = NotebookRunner(session: session)
        recorder.observe(runner, overrides: overrides)

        let result: NotebookRun
        do {
            result = try runner.run(parsed, overrides: overrides)
        } catch {
            // Overrides were validated above, so this is unexpected; still leave no session running.
            try? recorder.end(.failed)
            throw error
        }
        try recorder.end(SessionRecorder.status(of: result))
        if let problem = recorder.recordingProblem {
            printError("mnemo: warning: some cells could not be recorded: \(problem)")
        }
        if let report {
            let title = URL(fileURLWithPath: notebook).deletingPathExtension().lastPathComponent
            try writeTextFile(result.markdownReport(title: title), to: report, what: "report")
        }
        guard let failed = result.failedRecord else {
            let ran = result.records.filter { $0.cell.kind != .markdown }.count
            printError("mnemo: \(notebook): \(ran) code cell\(ran == 1 ? "" : "s") in \(DisplayTime.duration(result.duration)); "
                       + "session \(recorder.sessionID) recorded in \(store.path)")
            return nil
        }
        // After Ctrl-C the position is wherever the stop was noticed, not a mistake to point at.
        if failed.status == .failed, let error = failed.error {
            printError(Diagnostics.rendered(error, file: notebook, suffix: " (in cell '\(failed.cell.displayName)')"))
        }
        printError("mnemo: \(notebook): stopped at cell '\(failed.cell.displayName)'; session \(recorder.sessionID) recorded as "
                   + "\(SessionRecorder.status(of: result).rawValue)")
        return failed.status == .interrupted ? ExitCode(130) : ExitCode(1)
    }
}

/// Reading a notebook and its `-p` overrides, shared by `run` and `check`; errors name the file.
enum NotebookLoading {
    /// The notebook in `text`, or a one-line error `FILE:line:col: why` with the source line.
    static func parse(_ text: String, file: String) throws -> Notebook {
        do {
            return try Notebook(parsing: text)
        } catch let error as MnemoError {
            throw CommandFailure.user(Diagnostics.rendered(error, file: file))
        }
    }

    /// The `-p` values, checked against the parameters cell (unknown names list the parameters).
    static func overrides(_ texts: [String], for notebook: Notebook, file: String) throws -> [String: Value] {
        do {
            let overrides = try NotebookParameters.parseAssignments(texts)
            try NotebookParameters.validate(overrides, for: notebook)
            return overrides
        } catch let error as MnemoError {
            throw CommandFailure.user("\(file): \(error.message)")
        }
    }

    /// `-p` texts as name -> value text, as recorded with runs.
    static func rawParameters(_ texts: [String]) -> [String: String] {
        var raw: [String: String] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "=") else { continue }
            raw[String(text[..<equals]).trimmingCharacters(in: .whitespaces)] = String(text[text.index(after: equals)...])
        }
        return raw
    }

    /// The absolute form of `path`, so a recorded session still finds its notebook from elsewhere.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
