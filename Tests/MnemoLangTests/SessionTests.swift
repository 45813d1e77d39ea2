import Testing
@testable import MnemoLang

@Test func bareExpressionsPrintTheirSummaryAndAssignmentsBind() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("""
        base = gpt(d: 32)
        base
        xs = [1, 2.5, "a", true, none]
        xs
        len(xs)
        print("lr is", 3e-4, base)
        base.width
        """)
    #expect(results.allSatisfy { $0.succeeded })
    #expect(output.text == """
        fake gpt d=32
        [1, 2.5, "a", true, none]
        5
        lr is 0.0003 fake gpt d=32
        32

        """)
    #expect(session.boundNames == ["base", "xs"])
    #expect(session.value(of: "base")?.handle(FakeModel.self)?.width == 32)
}

@Test func dottedBuiltinsAndFunctionValues() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("""
        c = corpus.synthetic(docs: 7)
        c
        type(c)
        type(corpus.synthetic)
        len
        """)
    #expect(results.allSatisfy { $0.succeeded })
    #expect(output.text == "corpus of 7 docs\n\"corpus\"\n\"function\"\nlen(x: string | list) -> number\n")
}

@Test func anErrorKeepsEarlierBindingsAndStopsTheInput() throws {
    let (session, output) = try makeTestSession()
    let first = session.execute("a = 1\nb = explode()\nc = 3")
    #expect(first.count == 2)
    #expect(first[1].error?.description == "line 2, col 5: explode failed: disk full")
    #expect(first[1].error?.kind == .runtime)
    #expect(session.boundNames == ["a"])
    // The next input, as in the REPL, still sees `a`.
    let second = session.execute("a")
    #expect(second.first?.succeeded == true)
    #expect(output.text == "1\n")
    #expect(session.successfulStatements == ["a = 1", "a"])
}

@Test func aSyntaxErrorRunsNothing() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("print(1)\nx = (")
    #expect(results.count == 1)
    #expect(results[0].error?.kind == .syntax)
    #expect(output.text.isEmpty)
}

@Test func continueAfterErrorsWhenAsked() throws {
    let (session, _) = try makeTestSession()
    let results = session.execute("a = nope\nb = 2", stopOnError: false)
    #expect(results.map(\.succeeded) == [false, true])
    #expect(session.boundNames == ["b"])
}

@Test func interruptionIsItsOwnKindAndResetsForTheNextInput() throws {
    let (session, _) = try makeTestSession()
    let results = session.execute("interrupt()")
    #expect(results.first?.error?.kind == .interrupted)
    #expect(results.first?.error?.description == "line 1, col 1: interrupted")
    #expect(session.execute("x = 1").first?.succeeded == true)
}

@Test func evaluateSingleExpression() throws {
    let (session, output) = try makeTestSession()
    #expect(try session.evaluate("len(range(4))") == .number(4))
    #expect(throws: MnemoError.self) { try session.evaluate("a = 1") }
    #expect(output.text.isEmpty)
}

@Test func overridesReplaceAssignedValuesWithoutEvaluating() throws {
    let (session, _) = try makeTestSession()
    let results = session.execute("lr = explode()\nsteps = 3", overrides: ["lr": .number(0.5)])
    #expect(results.allSatisfy { $0.succeeded })
    #expect(session.value(of: "lr") == .number(0.5))
    #expect(session.value(of: "steps") == .number(3))
}

@Test func attachedServicesAreFoundByType() throws {
    final class Store {}
    let (session, _) = try makeTestSession()
    let store = Store()
    session.attach(store)
    #expect(session.service(Store.self) === store)
}

@Test func numbersPrintReadably() {
    let cases: [(Double, String)] = [
        (300, "300"), (-2, "-2"), (0, "0"), (-0.0, "0"), (1e-4, "0.0001"), (3e-4, "0.0003"), (1e-5, "1e-5"),
        (3.14159265, "3.14159"), (2.5, "2.5"), (1.5e20, "1.5e20"), (1e15, "1e15"), (123456.7, "123457"),
        (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (0.1 + 0.2, "0.3"),
    ]
    for (x, text) in cases { #expect(NumberFormatting.format(x) == text, "\(x)") }
}

@Test func valueSummaries() {
    #expect(Value.string("a \"q\"\n").summary == "\"a \\\"q\\\"\\n\"")
    #expect(Value.string("plain").displayText == "plain")
    let long = Value.list((0..<20).map { .number(Double($0)) })
    #expect(long.summary == "[0, 1, 2, 3, 4, ..., 15, 16, 17, 18, 19] (20 items)")
    #expect(Value.nothing.typeName == "none")
    #expect(Value.handle(FakeRun(steps: 3)).typeName == "run")
}

@Test func printSeparatorAndHelpBuiltins() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("print(1, 2, sep: \", \")\nhelp(\"len\")")
    #expect(results.allSatisfy { $0.succeeded })
    #expect(output.text.hasPrefix("1, 2\nlen(x: string | list) -> number\n"))
}

@Test func builtinsPrintThroughTheSessionOutput() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("r = pretrain(gpt(), corpus.synthetic(), steps: 200)\nr.steps")
    #expect(results.allSatisfy { $0.succeeded })
    #expect(output.text == "step 0\nstep 100\n200\n")
}

@Test func listIndexing() throws {
    let (session, output) = try makeTestSession()
    #expect(session.execute("xs = [10, 20, 30]\nxs[0]\nxs[-1]\n[[1, 2]][0][1]").allSatisfy { $0.succeeded })
    #expect(output.text == "10\n30\n2\n")
    #expect(try firstError("xs = [1]\nxs[3]") == "line 2, col 4: index 3 is out of range for a list of 1 item")
    #expect(try firstError("xs = [1]\nxs[0.5]") == "line 2, col 4: a list index must be an integer, got 0.5")
    #expect(try firstError("xs = [1]\nxs[\"a\"]") == "line 2, col 4: a list index must be an integer, got string")
    #expect(try firstError("m = gpt()\nm[0]") == "line 2, col 2: only lists can be indexed, got model")
    var checker = Checker(registry: try makeTestRegistry())
    #expect(checker.check("m = gpt()\nm[0]\nxs = [1]\nxs[1.5]\nr = xs[0]").map(\.description)
            == ["line 2, col 2: only lists can be indexed, got model", "line 4, col 4: a list index must be an integer, got 1.5"])
}

@Test func cancellationStopsBetweenStatementsAndCells() throws {
    let (session, _) = try makeTestSession()
    session.cancellation.cancel()
    // A new REPL input forgets an old Ctrl-C ...
    #expect(session.execute("a = 1").first?.succeeded == true)
    // ... but a Ctrl-C during a statement stops the ones after it.
    let results = session.execute("b = 1\ninterrupt()\nc = 1", stopOnError: false)
    #expect(results.map { $0.error?.kind } == [nil, .interrupted, .interrupted])
    #expect(session.value(of: "c") == nil)
}

@Test func valuesAsJSON() {
    let value = Value.list([.number(3), .number(0.1), .string("a\"b\n\u{1}"), .bool(false), .nothing, .number(.nan),
                            .handle(FakeModel(width: 4))])
    #expect(value.jsonText == #"[3,0.1,"a\"b\n\u0001",false,null,"nan","fake gpt d=4"]"#)
}

@Test func arithmeticWithPrecedence() throws {
    let (session, output) = try makeTestSession()
    let results = session.execute("""
        lr = 1e-4
        lr * 3
        1 + 2 * 3 - 4 / 2
        -2 * -3
        (1 + 2) * 3
        "a" + "b"
        [1] + [2, 3]
        steps = 100
        pretrain(gpt(), corpus.synthetic(), steps: steps * 2).steps
        """)
    #expect(results.allSatisfy { $0.succeeded })
    #expect(output.text == "0.0003\n5\n6\n9\n\"ab\"\n[1, 2, 3]\nstep 0\nstep 100\n200\n")
    #expect(try firstError("x = 1 / 0") == "line 1, col 7: division by zero")
    #expect(try firstError("x = \"a\" * 2") == "line 1, col 9: '*' cannot combine string and number")
    #expect(try firstError("m = gpt()\nx = m + 1") == "line 2, col 7: '+' cannot combine model and number")
    var checker = Checker(registry: try makeTestRegistry())
    #expect(checker.check("n = 3\nx = n * 2\nlen(x)\ny = \"a\" - \"b\"\nz = 1 / 0\npretrain(gpt(), corpus.synthetic(), steps: 10 / 4)").map(\.description) == [
        "line 3, col 5: argument 'x' of len expects string or list, got number",
        "line 4, col 9: '-' cannot combine string and string",
        "line 5, col 7: division by zero",
        "line 6, col 44: argument 'steps' of pretrain expects an integer, got 2.5",
    ])
}
