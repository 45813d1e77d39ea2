import Testing
@testable import MnemoLang

@Test func lexerRecordsLineAndColumn() {
    let tokens = Lexer("x = f(1e-4,\n  \"a\\n\")").tokens
    #expect(tokens.map(\.lexeme) == ["x", "=", "f", "(", "1e-4", ",", "\"a\\n\"", ")", "\n", ""])
    #expect(tokens[4].kind == .number(1e-4))
    #expect(tokens[4].position == SourcePosition(line: 1, column: 7))
    #expect(tokens[6].kind == .string("a\n"))
    #expect(tokens[6].position == SourcePosition(line: 2, column: 3))
}

@Test func lexerReadsNumberForms() {
    let kinds = Lexer("300 3.5 1e-4 2E3 1_000 0.25").tokens.compactMap { token -> Double? in
        if case .number(let x) = token.kind { return x }
        return nil
    }
    #expect(kinds == [300, 3.5, 1e-4, 2000, 1000, 0.25])
}

@Test func lexerSkipsCommentsAndNewlinesInsideBrackets() {
    let kinds = Lexer("f(1, # first\n  2)  # done\ny").tokens.map(\.kind)
    #expect(kinds == [.identifier("f"), .leftParen, .number(1), .comma, .number(2), .rightParen, .newline,
                      .identifier("y"), .newline, .endOfInput])
}

@Test func parserBuildsCallsWithNamedArgumentsAndAttributes() throws {
    let result = Parser.parse("gere = continual(base, seq, steps: 300, replay: R)\nplot(naive.general, -2)")
    #expect(result.succeeded)
    #expect(result.statements.count == 2)
    guard case .assignment(let name, .call(let callee, let arguments)) = result.statements[0].kind else {
        Issue.record("expected an assignment of a call"); return
    }
    #expect(name == "gere")
    #expect(callee.dottedName == "continual")
    #expect(arguments.map(\.label) == [nil, nil, "steps", "replay"])
    #expect(arguments[2].labelPosition == SourcePosition(line: 1, column: 29))
    guard case .expression(.call(_, let plotArgs)) = result.statements[1].kind else {
        Issue.record("expected a call"); return
    }
    #expect(plotArgs[0].value.dottedName == "naive.general")
    #expect(plotArgs[1].value == .negate(.number(2, SourcePosition(line: 2, column: 22)), SourcePosition(line: 2, column: 21)))
}

@Test func dottedBuiltinNamesParseAsAttributeChains() {
    let result = Parser.parse("c = corpus.synthetic(docs: 10)")
    guard case .assignment(_, .call(let callee, _)) = result.statements.first?.kind else {
        Issue.record("expected a call"); return
    }
    #expect(callee.dottedName == "corpus.synthetic")
}

@Test func statementsContinueWhileABracketIsOpen() {
    let source = "x = f(\n  1,\n  [2,\n   3],\n)\ny = 2\n"
    let result = Parser.parse(source)
    #expect(result.succeeded)
    #expect(result.statements.count == 2)
    #expect(result.statements[0].position == SourcePosition(line: 1, column: 1))
    #expect(result.statements[0].endLine == 5)
    #expect(result.statements[0].source == "x = f(\n  1,\n  [2,\n   3],\n)")
    #expect(result.statements[1].position == SourcePosition(line: 6, column: 1))
}

@Test func firstLineOffsetsPositions() {
    let result = Parser.parse("a = 1\nb = oops(", firstLine: 10)
    #expect(result.statements.first?.position.line == 10)
    #expect(result.errors.first?.description == "line 11, col 9: '(' opened at line 11, col 9 is never closed")
    #expect(result.errors.first?.sourceLine == "b = oops(")
}

@Test func isCompleteWaitsForOpenBracketsAndStrings() {
    #expect(Parser.isComplete("x = 1"))
    #expect(!Parser.isComplete("x = f(1,"))
    #expect(!Parser.isComplete("x = [1, [2"))
    #expect(Parser.isComplete("x = f(1,\n 2)"))
    #expect(!Parser.isComplete("s = \"abc"))
    #expect(Parser.isComplete("s = \"a(bc\""))
    #expect(Parser.isComplete("x = 1 # f("))
    #expect(Parser.isComplete("x = )"))   // an error, but more lines would not fix it
    #expect(Parser.isComplete("x = )("))
}

@Test func parserRecoversAndReportsOneErrorPerStatement() {
    let result = Parser.parse("a = 1 2\nb = 2\nc = (3\nd = 4\ne = [1,\n", firstLine: 1)
    #expect(result.statements.map(\.source) == ["b = 2"])
    // Line 3 leaves a bracket open, so line 4 continues it: one error for both, naming the bracket.
    #expect(result.errors.map(\.description) == [
        "line 1, col 7: unexpected '2' after the end of the statement (one statement per line)",
        "line 4, col 1: expected ')', got 'd' ('(' opened at line 3, col 5 is not closed)",
    ])
    #expect(Parser.parse("e = [1,\n").errors.map(\.description) == ["line 1, col 5: '[' opened at line 1, col 5 is never closed"])
}

@Test func syntaxErrorMessages() {
    func error(_ source: String) -> String? { Parser.parse(source).errors.first?.description }
    #expect(error("x = ") == "line 1, col 5: expected an expression, got end of line")
    #expect(error("f(steps=3)") == "line 1, col 8: named arguments use ':', as in 'steps: ...'")
    #expect(error("f(steps: 3, 4)") == "line 1, col 13: positional argument after named arguments")
    #expect(error("f(1 2)") == "line 1, col 5: expected ',' or ')' after argument, got '2'")
    #expect(error("[1 2]") == "line 1, col 4: expected ',' or ']' after list item, got '2'")
    #expect(error("f(x) = 3") == "line 1, col 6: can only assign to a name, as in 'x = ...'")
    #expect(error("a.3") == "line 1, col 3: malformed number '3'" || error("a.3") == "line 1, col 3: expected an attribute name after '.', got '3'")
    #expect(error("x = 3 $") == "line 1, col 7: unexpected character '$'")
    #expect(error("x = 1e") == "line 1, col 5: malformed number '1e'")
    #expect(error("x = 12ab") == "line 1, col 5: malformed number '12ab'")
    #expect(error("x = \"a\\qb\"") == "line 1, col 7: unknown escape '\\q' in string")
    #expect(error("x = \"abc") == "line 1, col 5: unterminated string")
    #expect(error(")") == "line 1, col 1: expected an expression, got ')'")
}

@Test func stringEscapes() throws {
    let expr = try Parser.parseExpression("\"tab\\there \\\"q\\\" \\\\ \\u{e9}\"")
    #expect(expr == .string("tab\there \"q\" \\ é", SourcePosition(line: 1, column: 1)))
}

@Test func errorRenderingPutsACaretUnderTheColumn() {
    let error = MnemoError(.argument, "unknown argument 'stpes' to pretrain (did you mean 'steps'?)",
                           at: SourcePosition(line: 3, column: 16), sourceLine: "pretrain(m, c, stpes: 300)")
    #expect(error.rendered == """
        line 3, col 16: unknown argument 'stpes' to pretrain (did you mean 'steps'?)
            pretrain(m, c, stpes: 300)
                           ^
        """)
    let tabbed = MnemoError(.syntax, "boom", at: SourcePosition(line: 1, column: 3), sourceLine: "\tx$")
    #expect(tabbed.rendered == "line 1, col 3: boom\n    \tx$\n    \t ^")
}
