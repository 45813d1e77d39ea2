/// One lexical unit of mnemo source.
public struct Token: Equatable, Sendable {
    /// What a token is.
    public enum Kind: Equatable, Sendable {
        /// A name: `base`, `lr`, `corpus` (dotted names are names joined by `.` tokens).
        case identifier(String)
        /// A number literal with its value.
        case number(Double)
        /// A string literal with its value after escapes.
        case string(String)
        /// The keywords `true`, `false`, `none`.
        case trueKeyword, falseKeyword, noneKeyword
        /// Brackets: `(`, `)`, `[`, `]`.
        case leftParen, rightParen, leftBracket, rightBracket
        /// Punctuation: `,`, `:`, `=`, `.`.
        case comma, colon, equals, dot
        /// Arithmetic: `+`, `-`, `*`, `/`.
        case plus, minus, star, slash
        /// The end of a line outside brackets: it ends a statement.
        case newline
        /// The end of the source.
        case endOfInput
        /// Text the lexer could not read, with the reason; the parser reports it as a syntax error.
        case invalid(String)
    }

    /// What the token is, with its value for names, numbers and strings.
    public var kind: Kind
    /// Where the token starts.
    public var position: SourcePosition
    /// The exact source text of the token (empty for the end of input).
    public var lexeme: String

    /// Creates a token.
    public init(_ kind: Kind, at position: SourcePosition, lexeme: String) {
        self.kind = kind
        self.position = position
        self.lexeme = lexeme
    }

    /// How error messages name the token: `')'`, `end of line`, `end of input`.
    public var displayName: String {
        switch kind {
        case .newline: return "end of line"
        case .endOfInput: return "end of input"
        case .string: return "string \(lexeme)"
        default: return "'\(lexeme)'"
        }
    }

    /// True for `(` and `[`.
    var opensBracket: Bool { kind == .leftParen || kind == .leftBracket }
    /// True for `)` and `]`.
    var closesBracket: Bool { kind == .rightParen || kind == .rightBracket }
}
