/// What parsing a source text gives: the statements that parsed and one error per statement that did not.
public struct ParseResult: Sendable {
    /// The well-formed statements, in source order.
    public var statements: [Statement]
    /// The first error of each malformed statement, in source order, with source lines attached.
    public var errors: [MnemoError]
    /// True when the whole text parsed without error.
    public var succeeded: Bool { errors.isEmpty }
}

/// A recursive-descent parser for mnemo statements (in the manner of Crafting Interpreters' clox:
/// report the first error of a statement, skip to the end of its line, carry on).
///
/// Grammar:
/// ```
/// statement := NAME "=" expr NEWLINE | expr NEWLINE
/// expr      := term {("+" | "-") term}
/// term      := unary {("*" | "/") unary}
/// unary     := "-" unary | postfix
/// postfix   := primary { "." NAME | "(" [arg {"," arg} [","]] ")" | "[" expr "]" }
/// arg       := NAME ":" expr | expr
/// primary   := NUMBER | STRING | true | false | none | NAME | "[" [expr {"," expr} [","]] "]" | "(" expr ")"
/// ```
public enum Parser {
    /// Parses every statement of `source`; its first line is numbered `firstLine`.
    public static func parse(_ source: String, firstLine: Int = 1) -> ParseResult {
        var state = ParserState(source, firstLine: firstLine)
        return state.parseProgram()
    }

    /// True when `source` needs no more lines: every bracket is closed and no string is open.
    /// The REPL keeps reading while this is false. Text with errors is complete (the error is shown).
    public static func isComplete(_ source: String) -> Bool {
        let lexer = Lexer(source)
        return !lexer.endsInsideString && (lexer.openBrackets == 0 || lexer.hasStrayCloser)
    }

    /// Parses `source` as exactly one expression (for `.timeit EXPR` and `-p name=value` values).
    public static func parseExpression(_ source: String, firstLine: Int = 1) throws -> Expr {
        let result = parse(source, firstLine: firstLine)
        if let error = result.errors.first { throw error }
        guard result.statements.count == 1, case .expression(let expr) = result.statements[0].kind else {
            throw MnemoError(.syntax, "expected a single expression", at: result.statements.first?.position,
                             sourceLine: SourceLines(source, firstLine: firstLine).line(firstLine))
        }
        return expr
    }
}

/// The cursor over the tokens of one source text.
struct ParserState {
    private let tokens: [Token]
    private let lines: SourceLines
    private var index = 0

    init(_ source: String, firstLine: Int) {
        tokens = Lexer(source, firstLine: firstLine).tokens
        lines = SourceLines(source, firstLine: firstLine)
    }

    private var current: Token { tokens[index] }
    private var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func parseProgram() -> ParseResult {
        var statements: [Statement] = []
        var errors: [MnemoError] = []
        while true {
            while current.kind == .newline { advance() }
            if current.kind == .endOfInput { break }
            let start = index
            do {
                statements.append(try statement())
            } catch let error as MnemoError {
                errors.append(firstError(parseError: error, from: start).located(at: nil, in: lines))
                while current.kind != .newline && current.kind != .endOfInput { advance() }
            } catch {
                errors.append(MnemoError(.syntax, "\(error)", at: tokens[start].position).located(at: nil, in: lines))
            }
        }
        return ParseResult(statements: statements, errors: errors)
    }

    /// The earlier of the parse error and any lexical error in the statement starting at token `start`,
    /// so a bad character is reported as itself and not as the confusion it causes.
    private func firstError(parseError: MnemoError, from start: Int) -> MnemoError {
        var i = start
        while i < tokens.count, tokens[i].kind != .newline, tokens[i].kind != .endOfInput {
            if case .invalid(let message) = tokens[i].kind {
                let lexical = MnemoError(.syntax, message, at: tokens[i].position)
                if let p = parseError.position, p < tokens[i].position { return parseError }
                return lexical
            }
            i += 1
        }
        return parseError
    }

    private mutating func statement() throws -> Statement {
        let start = current.position
        let kind: Statement.Kind
        if case .identifier(let name) = current.kind, next.kind == .equals {
            advance()
            advance()
            kind = .assignment(name: name, value: try expression())
        } else {
            let expr = try expression()
            if current.kind == .equals {
                throw MnemoError(.syntax, "can only assign to a name, as in 'x = ...'", at: current.position)
            }
            kind = .expression(expr)
        }
        guard current.kind == .newline || current.kind == .endOfInput else {
            throw MnemoError(.syntax, "unexpected \(current.displayName) after the end of the statement (one statement per line)",
                             at: current.position)
        }
        let endLine = current.position.line
        advance()
        return Statement(kind: kind, position: start, endLine: endLine, source: lines.text(from: start.line, through: endLine))
    }

    private mutating func expression() throws -> Expr {
        var expr = try term()
        while current.kind == .plus || current.kind == .minus {
            let op = advance()
            expr = .binary(op.kind == .plus ? .add : .subtract, expr, try term(), op.position)
        }
        return expr
    }

    private mutating func term() throws -> Expr {
        var expr = try unary()
        while current.kind == .star || current.kind == .slash {
            let op = advance()
            expr = .binary(op.kind == .star ? .multiply : .divide, expr, try unary(), op.position)
        }
        return expr
    }

    private mutating func unary() throws -> Expr {
        if current.kind == .minus {
            let minus = advance()
            return .negate(try unary(), minus.position)
        }
        var expr = try primary()
        while true {
            if current.kind == .dot {
                advance()
                guard case .identifier(let name) = current.kind else {
                    throw MnemoError(.syntax, "expected an attribute name after '.', got \(current.displayName)", at: current.position)
                }
                expr = .attribute(expr, name, namePosition: advance().position)
            } else if current.kind == .leftParen {
                let open = advance()
                expr = .call(callee: expr, arguments: try arguments(openedBy: open))
            } else if current.kind == .leftBracket {
                let open = advance()
                try expectNotEnd(openedBy: open)
                let index = try expression()
                try expectClosing(.rightBracket, openedBy: open, after: nil)
                advance()
                expr = .index(expr, index, open.position)
            } else {
                return expr
            }
        }
    }

    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value): advance(); return .number(value, token.position)
        case .string(let value): advance(); return .string(value, token.position)
        case .trueKeyword: advance(); return .bool(true, token.position)
        case .falseKeyword: advance(); return .bool(false, token.position)
        case .noneKeyword: advance(); return .noneLiteral(token.position)
        case .identifier(let name): advance(); return .name(name, token.position)
        case .leftBracket:
            advance()
            var items: [Expr] = []
            while current.kind != .rightBracket {
                try expectNotEnd(openedBy: token)
                items.append(try expression())
                if current.kind == .comma { advance(); continue }
                try expectClosing(.rightBracket, openedBy: token, after: "list item")
                break
            }
            advance()
            return .list(items, token.position)
        case .leftParen:
            advance()
            try expectNotEnd(openedBy: token)
            let inner = try expression()
            try expectClosing(.rightParen, openedBy: token, after: nil)
            advance()
            return inner
        default:
            throw MnemoError(.syntax, "expected an expression, got \(token.displayName)", at: token.position)
        }
    }

    private mutating func arguments(openedBy open: Token) throws -> [Argument] {
        var arguments: [Argument] = []
        var sawNamed = false
        while current.kind != .rightParen {
            try expectNotEnd(openedBy: open)
            let start = current
            if case .identifier(let label) = start.kind, next.kind == .colon {
                advance()
                advance()
                arguments.append(Argument(label: label, labelPosition: start.position, value: try expression()))
                sawNamed = true
            } else if case .identifier(let label) = start.kind, next.kind == .equals {
                throw MnemoError(.syntax, "named arguments use ':', as in '\(label): ...'", at: next.position)
            } else {
                let value = try expression()
                if sawNamed {
                    throw MnemoError(.syntax, "positional argument after named arguments", at: start.position)
                }
                arguments.append(Argument(label: nil, labelPosition: value.position, value: value))
            }
            if current.kind == .comma { advance(); continue }
            try expectClosing(.rightParen, openedBy: open, after: "argument")
            break
        }
        advance()
        return arguments
    }

    /// Checks that the current token closes the bracket `open`; the error says which bracket is open.
    /// `what` names the item before the expected separator (nil when only the closer may follow).
    private func expectClosing(_ kind: Token.Kind, openedBy open: Token, after what: String?) throws {
        guard current.kind != kind else { return }
        try expectNotEnd(openedBy: open)
        let closer = kind == .rightParen ? ")" : "]"
        let expected = what.map { "',' or '\(closer)' after \($0)" } ?? "'\(closer)'"
        // When the surprise is on a later line, the real mistake is usually the bracket left open.
        let note = current.position.line > open.position.line ? " ('\(open.lexeme)' opened at \(open.position) is not closed)" : ""
        throw MnemoError(.syntax, "expected \(expected), got \(current.displayName)\(note)", at: current.position)
    }

    /// Fails with "never closed" at the end of input inside the bracket `open`.
    private func expectNotEnd(openedBy open: Token) throws {
        guard current.kind == .endOfInput else { return }
        throw MnemoError(.syntax, "'\(open.lexeme)' opened at \(open.position) is never closed", at: open.position)
    }
}
