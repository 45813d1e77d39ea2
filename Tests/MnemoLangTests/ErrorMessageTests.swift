import Testing
@testable import MnemoLang

/// Every runtime error form, as the user sees it (exact strings).
@Test func argumentErrorMessages() throws {
    let setup = "m = gpt()\nc = corpus.synthetic()\n"
    func error(_ line: String) throws -> String? { try firstError(setup + line) }
    #expect(try error("pretrain(m, c, stpes: 300)")
            == "line 3, col 16: unknown argument 'stpes' to pretrain (did you mean 'steps'?)")
    #expect(try error("pretrain(m, c, lr: \"fast\")") == "line 3, col 20: argument 'lr' of pretrain expects number, got string")
    #expect(try error("pretrain(m)") == "line 3, col 1: missing required argument 'corpus' to pretrain")
    #expect(try error("pretrain(m, c, 10, 0.1, 5)") == "line 3, col 25: too many positional arguments to pretrain (it takes 4 positional arguments)")
    #expect(try error("seedless = type(1, 2)") == "line 3, col 20: too many positional arguments to type (it takes 1 positional argument)")
    #expect(try error("pretrain(m, c, steps: 1, steps: 2)") == "line 3, col 26: argument 'steps' given twice to pretrain")
    #expect(try error("pretrain(m, c, 5, steps: 2)") == "line 3, col 19: argument 'steps' given twice to pretrain")
    #expect(try error("pretrain(m, c, schedule: \"cosin\")")
            == "line 3, col 26: argument 'schedule' of pretrain must be one of \"cosine\", \"constant\", got \"cosin\" (did you mean 'cosine'?)")
    #expect(try error("pretrain(m, c, steps: 2.5)") == "line 3, col 23: argument 'steps' of pretrain expects an integer, got 2.5")
    #expect(try error("pretrain(c, m)") == "line 3, col 10: argument 'model' of pretrain expects model, got corpus")
    #expect(try error("len(3)") == "line 3, col 5: argument 'x' of len expects string or list, got number")
}

@Test func nameErrorMessages() throws {
    let setup = "base = gpt()\nrun = pretrain(base, corpus.synthetic(), steps: 0)\n"
    func error(_ line: String) throws -> String? { try firstError(setup + line) }
    #expect(try error("bsae") == "line 3, col 1: unknown name 'bsae' (did you mean 'base'?)")
    #expect(try error("zzzzzz") == "line 3, col 1: unknown name 'zzzzzz'")
    #expect(try error("pretrian(base)") == "line 3, col 1: unknown function 'pretrian' (did you mean 'pretrain'?)")
    #expect(try error("corpus.synthtic(docs: 3)") == "line 3, col 1: unknown function 'corpus.synthtic' (did you mean 'corpus.synthetic'?)")
    #expect(try error("x = corpus.synthtic") == "line 3, col 5: unknown name 'corpus.synthtic' (did you mean 'corpus.synthetic'?)")
    #expect(try error("run.generl") == "line 3, col 5: run has no attribute 'generl' (did you mean 'general'?)")
    #expect(try error("run.zzzzzz") == "line 3, col 5: run has no attribute 'zzzzzz'; it has general, steps")
    #expect(try error("x = 3\nx.size") == "line 4, col 3: number has no attributes (asked for 'size')")
    #expect(try error("base(3)") == "line 3, col 1: 'base' is a model, not a function")
    #expect(try error("[1](2)") == "line 3, col 1: only builtin functions can be called")
    #expect(try error("-\"a\"") == "line 3, col 1: '-' expects number, got string")
    #expect(try error("range(-1)") == "line 3, col 1: argument 'n' of range must be between 0 and 10000000, got -1")
}

@Test func errorsCarryTheirSourceLineForTheCaret() throws {
    let (session, _) = try makeTestSession()
    let results = session.execute("m = gpt()\nc = corpus.synthetic()\npretrain(m, c, stpes: 300)", firstLine: 1)
    #expect(results.last?.error?.rendered == """
        line 3, col 16: unknown argument 'stpes' to pretrain (did you mean 'steps'?)
            pretrain(m, c, stpes: 300)
                           ^
        """)
}

@Test func didYouMeanUsesDamerauDistanceWithAThreshold() {
    #expect(Suggestions.editDistance("stpes", "steps") == 1)   // one swap
    #expect(Suggestions.editDistance("kitten", "sitting") == 3)
    #expect(Suggestions.nearest(to: "stpes", among: ["lr", "steps", "seed"]) == "steps")
    #expect(Suggestions.nearest(to: "LR", among: ["lr", "la"]) == "lr")
    #expect(Suggestions.nearest(to: "xyz", among: ["lr", "steps"]) == nil)
    #expect(Suggestions.nearest(to: "ab", among: ["abcd"]) == nil)  // too far for a short word
    #expect(Suggestions.hint(for: "pretrian", among: ["pretrain", "print"]) == " (did you mean 'pretrain'?)")
}

@Test func errorsInsideMultiLineStatementsPointAtTheirOwnLine() throws {
    let (session, _) = try makeTestSession()
    let results = session.execute("pretrain(\n  gpt(),\n  corpus.synthetic(),\n  stpes: 3)", firstLine: 20)
    #expect(results.first?.error?.rendered == """
        line 23, col 3: unknown argument 'stpes' to pretrain (did you mean 'steps'?)
              stpes: 3)
              ^
        """)
    #expect(results.first?.source == "pretrain(\n  gpt(),\n  corpus.synthetic(),\n  stpes: 3)")
}

@Test func builtinErrorsWithoutPositionGetTheCallPosition() throws {
    let registry = try makeTestRegistry()
    try registry.register(Builtin(name: "load", category: "io", parameters: [.required("path", .string, doc: "file")],
                                  returns: .none, doc: "Fails like a loader.", example: "load(\"x\")") { call in
        throw call.failure("cannot read \(try call.args.string("path"))")
    })
    let session = Session(registry: registry, output: CapturedOutput())
    #expect(session.execute("x = 1\n  load(\"a.txt\")").last?.error?.description == "line 2, col 3: load: cannot read a.txt")
}
