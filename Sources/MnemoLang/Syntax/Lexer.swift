/// Turns source text into tokens, recording line and column of each.
///
/// Newlines inside `(...)` or `[...]` are not emitted, so a statement continues over lines while a
/// bracket is open. Comments run from `#` to the end of the line. Strings may span lines.
public struct Lexer {
    /// The tokens read, ending with `.endOfInput`.
    public private(set) var tokens: [Token] = []
    /// Lexical errors (bad characters, malformed numbers, bad escapes, unterminated strings);
    /// each also stands in the token stream as an `.invalid` token so the parser reports it in order.
    public var errors: [MnemoError] {
        tokens.compactMap { token in
            if case .invalid(let message) = token.kind { return MnemoError(.syntax, message, at: token.position) }
            return nil
        }
    }
    /// True when the source ended inside a string literal (the REPL then waits for more lines).
    public private(set) var endsInsideString = false
    /// How many brackets are still open at the end of the source.
    public private(set) var openBrackets = 0
    /// True if a `)` or `]` closed nothing: an error that more lines cannot fix.
    public private(set) var hasStrayCloser = false

    private let chars: [Character]
    private var index = 0
    private var line: Int
    private var column = 1

    /// Reads all of `source`; its first line is numbered `firstLine`.
    public init(_ source: String, firstLine: Int = 1) {
        chars = Array(source)
        line = firstLine
        scanAll()
    }

    private var current: Character? { index < chars.count ? chars[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    private mutating func scanAll() {
        while let c = current {
            let start = SourcePosition(line: line, column: column)
            switch c {
            case " ", "\t", "\r":
                _ = advance()
            case "\n":
                _ = advance()
                // Inside brackets a newline is only whitespace; a repeated newline is pointless.
                if openBrackets == 0, let last = tokens.last, last.kind != .newline {
                    tokens.append(Token(.newline, at: start, lexeme: "\n"))
                }
            case "#":
                while let d = current, d != "\n" { _ = advance() }
            case "\"":
                scanString(from: start)
            case _ where c.isNumber && c.isASCII:
                scanNumber(from: start)
            case _ where c.isLetter || c == "_":
                scanIdentifier(from: start)
            default:
                scanPunctuation(c, from: start)
            }
        }
        // An open bracket at the end gets no closing newline: the parser then reports the bracket.
        if openBrackets == 0, let last = tokens.last, last.kind != .newline {
            tokens.append(Token(.newline, at: SourcePosition(line: line, column: column), lexeme: "\n"))
        }
        tokens.append(Token(.endOfInput, at: SourcePosition(line: line, column: column), lexeme: ""))
    }

    private mutating func fail(_ message: String, at position: SourcePosition) {
        tokens.append(Token(.invalid(message), at: position, lexeme: ""))
    }

    private mutating func scanPunctuation(_ c: Character, from start: SourcePosition) {
        _ = advance()
        let kind: Token.Kind
        switch c {
        case "(": kind = .leftParen; openBrackets += 1
        case "[": kind = .leftBracket; openBrackets += 1
        case ")", "]":
            kind = c == ")" ? .rightParen : .rightBracket
            if openBrackets == 0 { hasStrayCloser = true }
            openBrackets = max(openBrackets - 1, 0)
        case ",": kind = .comma
        case ":": kind = .colon
        case "=": kind = .equals
        case ".": kind = .dot
        case "-": kind = .minus
        case "+": kind = .plus
        case "*": kind = .star
        case "/": kind = .slash
        default:
            fail("unexpected character '\(c)'", at: start)
            return
        }
        tokens.append(Token(kind, at: start, lexeme: String(c)))
    }

    private mutating func scanIdentifier(from start: SourcePosition) {
        var text = ""
        while let c = current, c.isLetter || c.isNumber || c == "_" { text.append(advance()) }
        let kind: Token.Kind
        switch text {
        case "true": kind = .trueKeyword
        case "false": kind = .falseKeyword
        case "none": kind = .noneKeyword
        default: kind = .identifier(text)
        }
        tokens.append(Token(kind, at: start, lexeme: text))
    }

    private mutating func readDigits() -> String {
        var text = ""
        while let c = current, (c.isASCII && c.isNumber) || c == "_" { text.append(advance()) }
        return text
    }

    /// Digits with optional `_` separators, an optional fraction and an optional exponent: `300`, `3.5`, `1e-4`, `1_000`.
    private mutating func scanNumber(from start: SourcePosition) {
        var text = readDigits()
        if current == ".", let next = peek(), next.isASCII, next.isNumber {
            text.append(advance())
            text += readDigits()
        }
        if current == "e" || current == "E" {
            let sign = peek()
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), d.isASCII, d.isNumber {
                text.append(advance())
                if hasSign { text.append(advance()) }
                text += readDigits()
            } else {
                // `1e` or `2ex`: a number glued to letters is almost surely a typo, not two tokens.
                while let c = current, c.isLetter || c.isNumber || c == "_" { text.append(advance()) }
                fail("malformed number '\(text)'", at: start)
                return
            }
        }
        if let c = current, c.isLetter || c == "_" {
            while let c = current, c.isLetter || c.isNumber || c == "_" { text.append(advance()) }
            fail("malformed number '\(text)'", at: start)
            return
        }
        guard !text.hasSuffix("_"), let value = Double(text.filter { $0 != "_" }) else {
            fail("malformed number '\(text)'", at: start)
            return
        }
        tokens.append(Token(.number(value), at: start, lexeme: text))
    }

    /// A double-quoted string with escapes `\n \t \r \0 \" \\ \u{XXXX}`; it may span lines.
    private mutating func scanString(from start: SourcePosition) {
        var lexeme = String(advance())
        var value = ""
        var badEscape: (message: String, position: SourcePosition)?
        while let c = current, c != "\"" {
            let escapeStart = SourcePosition(line: line, column: column)
            lexeme.append(advance())
            guard c == "\\" else { value.append(c); continue }
            guard let e = current else { break }
            lexeme.append(advance())
            switch e {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "u":
                var hex = ""
                if current == "{" {
                    lexeme.append(advance())
                    while let h = current, h.isHexDigit { hex.append(advance()) }
                    lexeme += hex
                    if current == "}" { lexeme.append(advance()) } else { hex = "" }
                }
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    value.append(Character(scalar))
                } else if badEscape == nil {
                    badEscape = ("malformed unicode escape in string, expected \\u{XXXX}", escapeStart)
                }
            default:
                if badEscape == nil {
                    badEscape = ("unknown escape '\\\(e)' in string", escapeStart)
                }
            }
        }
        guard current == "\"" else {
            endsInsideString = true
            fail("unterminated string", at: start)
            return
        }
        lexeme.append(advance())
        if let badEscape { fail(badEscape.message, at: badEscape.position); return }
        tokens.append(Token(.string(value), at: start, lexeme: lexeme))
    }
}
