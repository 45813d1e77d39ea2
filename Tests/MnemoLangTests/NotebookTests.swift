import Foundation
import Testing
@testable import MnemoLang

let sampleNotebook = """
    # A notebook may start with code before any marker
    seedling = 1
    # %% [markdown]
    # GeRe at small scale:
    # does replay keep general ability?
    # %% parameters
    lr = 1e-4
    steps = 200
    name = "base"
    # %% pretrain
    base = gpt(d: 32)
    run = pretrain(base, corpus.synthetic(), steps: steps, lr: lr)
    run.steps

    # %%
    print(name)
    """

@Test func notebookCellsHaveKindsTitlesAndFileLines() throws {
    let notebook = try Notebook(parsing: sampleNotebook)
    #expect(notebook.cells.map(\.kind) == [.code, .markdown, .parameters, .code, .code])
    #expect(notebook.cells.map(\.title) == [nil, nil, nil, "pretrain", nil])
    #expect(notebook.cells.map(\.displayName) == ["cell 1", "cell 2", "parameters", "pretrain", "cell 5"])
    #expect(notebook.cells.map(\.firstLine) == [1, 4, 7, 11, 16])
    #expect(notebook.cells.map(\.markerLine) == [nil, 3, 6, 10, 15])
    #expect(notebook.cells[1].markdownText == "GeRe at small scale:\ndoes replay keep general ability?")
    #expect(notebook.cells[3].source == "base = gpt(d: 32)\nrun = pretrain(base, corpus.synthetic(), steps: steps, lr: lr)\nrun.steps")
    #expect(notebook.parameterNames == ["lr", "steps", "name"])
    // Writing the notebook back gives the same cells (trailing blank lines of a cell are not kept).
    let reread = try Notebook(parsing: notebook.text)
    #expect(reread.cells.map(\.source) == notebook.cells.map(\.source))
    #expect(reread.cells.map(\.kind) == notebook.cells.map(\.kind))
    #expect(reread.cells.map(\.title) == notebook.cells.map(\.title))
}

@Test func markerVariants() throws {
    let notebook = try Notebook(parsing: "#%% first\nx = 1\n# %% [md] prose title\n# hi\n# %% [parameters]\ny = 2\n# %%% not a marker\n")
    #expect(notebook.cells.map(\.kind) == [.code, .markdown, .parameters])
    #expect(notebook.cells.map(\.title) == ["first", "prose title", nil])
    #expect(notebook.cells[2].source == "y = 2\n# %%% not a marker")
}

@Test func twoParametersCellsAreAnError() {
    #expect(throws: MnemoError.self) { try Notebook(parsing: "# %% parameters\na = 1\n# %% parameters\nb = 2\n") }
    do {
        _ = try Notebook(parsing: "# %% parameters\na = 1\n# %% parameters\nb = 2\n")
    } catch let error as MnemoError {
        #expect(error.description == "line 3, col 1: a notebook has at most one parameters cell, found 2 (lines 1 and 3)")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test func parameterOverridesParseLiteralsElseStrings() throws {
    #expect(try NotebookParameters.parseAssignment("lr=3e-4") == ("lr", .number(3e-4)))
    #expect(try NotebookParameters.parseAssignment("steps = -2").value == .number(-2))
    #expect(try NotebookParameters.parseAssignment("name=\"a b\"").value == .string("a b"))
    #expect(try NotebookParameters.parseAssignment("path=data/x.txt").value == .string("data/x.txt"))
    #expect(try NotebookParameters.parseAssignment("flag=true").value == .bool(true))
    #expect(try NotebookParameters.parseAssignment("order=[3, 1]").value == .list([.number(3), .number(1)]))
    #expect(try NotebookParameters.parseAssignment("word=base").value == .string("base"))
    #expect(throws: MnemoError.self) { try NotebookParameters.parseAssignment("lr") }
    #expect(throws: MnemoError.self) { try NotebookParameters.parseAssignment("2x=1") }
    #expect(throws: MnemoError.self) { try NotebookParameters.parseAssignments(["a=1", "a=2"]) }
}

@Test func unknownOverrideListsTheParameters() throws {
    let notebook = try Notebook(parsing: sampleNotebook)
    do {
        try NotebookParameters.validate(["lrr": .number(1)], for: notebook)
        Issue.record("expected an error")
    } catch let error as MnemoError {
        #expect(error.description == "unknown parameter 'lrr' (did you mean 'lr'?); the notebook's parameters are lr, steps, name")
    }
    do {
        try NotebookParameters.validate(["steps": .string("abc")], for: notebook)
        Issue.record("expected an error")
    } catch let error as MnemoError {
        #expect(error.description == "parameter 'steps' is a number in the notebook (200), but -p gives a string (\"abc\")")
    }
    try NotebookParameters.validate(["steps": .number(5), "name": .string("x")], for: notebook)
    let bare = try Notebook(parsing: "x = 1\n")
    #expect(throws: MnemoError.self) { try NotebookParameters.validate(["x": .number(1)], for: bare) }
    let (session, _) = try makeTestSession()
    #expect(throws: MnemoError.self) { try NotebookRunner(session: session).run(notebook, overrides: ["zzz": .number(1)]) }
    #expect(session.boundNames.isEmpty)   // nothing ran
}

@Test func runnerCapturesEachCellAndAppliesOverrides() throws {
    let (session, terminal) = try makeTestSession()
    let runner = NotebookRunner(session: session)
    var started: [String] = []
    var finished: [CellStatus] = []
    runner.onCellStart = { started.append($0.displayName) }
    runner.onCellFinish = { finished.append($0.status) }
    let run = try runner.run(try Notebook(parsing: sampleNotebook), overrides: ["steps": .number(300), "name": .string("big")])
    #expect(run.succeeded)
    #expect(started == ["cell 1", "parameters", "pretrain", "cell 5"])
    #expect(finished == [.ok, .ok, .ok, .ok, .ok])
    #expect(run.records[3].output == "step 0\nstep 100\nstep 200\n300\n")
    #expect(run.records[4].output == "big\n")
    #expect(terminal.text == "step 0\nstep 100\nstep 200\n300\nbig\n")   // also forwarded to the terminal
    #expect(run.parameters.map(\.name) == ["lr", "steps", "name"])
    #expect(run.parameters.map(\.overridden) == [false, true, true])
    #expect(session.output === terminal)
}

@Test func runnerStopsAtTheFailingCellWithFileLinePositions() throws {
    let source = """
        # %% one
        a = 1
        # %% two
        print("before")
        b = gpt(d: 2.5)
        # %% three
        c = 3
        """
    let (session, _) = try makeTestSession()
    let run = try NotebookRunner(session: session).run(try Notebook(parsing: source))
    #expect(!run.succeeded)
    #expect(run.records.map(\.status) == [.ok, .failed, .skipped])
    #expect(run.failedRecord?.cell.title == "two")
    #expect(run.records[1].output == "before\n")
    #expect(run.records[1].error?.rendered == """
        line 5, col 12: argument 'd' of gpt expects an integer, got 2.5
            b = gpt(d: 2.5)
                       ^
        """)
    #expect(session.value(of: "a") == .number(1))
    #expect(session.value(of: "c") == nil)
}

@Test func interruptedCellIsRecordedAsInterrupted() throws {
    let (session, _) = try makeTestSession()
    let run = try NotebookRunner(session: session).run(try Notebook(parsing: "# %%\ninterrupt()\n# %%\nx = 1\n"))
    #expect(run.records.map(\.status) == [.interrupted, .skipped])
}

@Test func markdownReportShowsSourceOutputAndErrors() throws {
    let source = "# %% [markdown]\n# Intro text\n# %% parameters\nn = 2\n# %% count\nrange(n)\n# %% boom\nexplode()\n# %% after\nx = 1\n"
    let (session, _) = try makeTestSession()
    let run = try NotebookRunner(session: session).run(try Notebook(parsing: source), overrides: ["n": .number(3)])
    let report = run.markdownReport(title: "demo")
    #expect(report.hasPrefix("# demo\n\nRun "))
    #expect(report.contains("**failed** at boom."))
    #expect(report.contains("Parameters: `n = 3` (-p)\n"))
    #expect(report.contains("Intro text\n\n## parameters\n"))
    #expect(report.contains("## count\n\n```mnemo\nrange(n)\n```\n\n```text\n[0, 1, 2]\n```\n\n*ok, "))
    #expect(report.contains("**Error** after "))
    #expect(report.contains("```text\nline 8, col 1: explode failed: disk full\n    explode()\n    ^\n```\n"))
    #expect(report.contains("## after\n\n```mnemo\nx = 1\n```\n\n*not run (an earlier cell stopped the run)*"))
}

@Test func savedSessionIsANotebookThatReplays() throws {
    let (session, _) = try makeTestSession()
    _ = session.execute("a = 2")
    _ = session.execute("b = nope")            // failed: not saved
    _ = session.execute("xs = range(a)\nlen(xs)")
    let text = session.notebookText(title: "Saved session")
    #expect(text == "# %% [markdown]\n# Saved session\n# %%\na = 2\nxs = range(a)\nlen(xs)\n")
    let (replay, output) = try makeTestSession()
    let run = try NotebookRunner(session: replay).run(try Notebook(parsing: text))
    #expect(run.succeeded)
    #expect(output.text == "2\n")
}

@Test func checkerRunsOverNotebookCellsWithFileLines() throws {
    let notebook = try Notebook(parsing: "# %% parameters\nsteps = 10\n# %% go\nm = gpt()\npretrain(m, corpus.synthetic(), stpes: steps)\n")
    var checker = Checker(registry: try makeTestRegistry())
    let errors = checker.check(notebook: notebook)
    #expect(errors.map(\.description) == ["line 5, col 33: unknown argument 'stpes' to pretrain (did you mean 'steps'?)"])
}
