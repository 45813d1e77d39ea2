import Testing
@testable import MnemoLang

@Test func checkerFindsErrorsWithoutRunning() throws {
    var checker = Checker(registry: try makeTestRegistry())
    let errors = checker.check("""
        m = gpt(d: 32)
        c = corpus.synthetic(docs: 10)
        explode()
        pretrain(m, c, stpes: 3)
        pretrain(c, m)
        pretrain(m, c, lr: "fast")
        pretrain(m, c, steps: 2.5)
        pretrain(m, c, schedule: "cosin")
        pretrain(m)
        r = pretrian(m, c)
        r.general
        undefined_name
        len(m)
        m.width
        x = (
        """).map(\.description)
    #expect(errors == [
        "line 4, col 16: unknown argument 'stpes' to pretrain (did you mean 'steps'?)",
        "line 5, col 10: argument 'model' of pretrain expects model, got corpus",
        "line 6, col 20: argument 'lr' of pretrain expects number, got string",
        "line 7, col 23: argument 'steps' of pretrain expects an integer, got 2.5",
        "line 8, col 26: argument 'schedule' of pretrain must be one of \"cosine\", \"constant\", got \"cosin\" (did you mean 'cosine'?)",
        "line 9, col 1: missing required argument 'corpus' to pretrain",
        "line 10, col 5: unknown function 'pretrian' (did you mean 'pretrain'?)",
        "line 12, col 1: unknown name 'undefined_name'",
        "line 13, col 5: argument 'x' of len expects string or list, got model",
        "line 15, col 5: '(' opened at line 15, col 5 is never closed",
    ])
    // `r` failed to be made but stays known, so line 11 does not cascade; `explode()` never ran.
    #expect(checker.environment["r"] == .any)
    #expect(checker.environment["m"] == ValueType("model"))
}

@Test func checkerKnowsASessionsBindings() throws {
    let (session, _) = try makeTestSession()
    _ = session.execute("base = gpt()\nn = 3")
    var checker = Checker(session: session)
    #expect(checker.check("pretrain(base, corpus.synthetic(), steps: n)").isEmpty)
    #expect(checker.check("len(n)").map(\.description) == ["line 1, col 5: argument 'x' of len expects string or list, got number"])
}

@Test func checkerAcceptsWhatItCannotKnow() throws {
    var checker = Checker(registry: try makeTestRegistry())
    // Attributes and `any` values could be anything; the checker does not guess.
    #expect(checker.check("m = gpt()\nr = pretrain(m, corpus.synthetic())\nlen(r.general)\nprint(r, type(r))").isEmpty)
}
