/// An expression of the mnemo language with the position of its first character.
public indirect enum Expr: Equatable, Sendable {
    /// `300`, `1e-4`.
    case number(Double, SourcePosition)
    /// `"texts.jsonl"` (the value after escapes).
    case string(String, SourcePosition)
    /// `true` or `false`.
    case bool(Bool, SourcePosition)
    /// `none`.
    case noneLiteral(SourcePosition)
    /// `[a, b]`.
    case list([Expr], SourcePosition)
    /// A bare name: `base`.
    case name(String, SourcePosition)
    /// `base.general`: the attribute name and its own position (for errors about it).
    case attribute(Expr, String, namePosition: SourcePosition)
    /// `f(x, steps: 300)`.
    case call(callee: Expr, arguments: [Argument])
    /// `-x`.
    case negate(Expr, SourcePosition)
    /// `a + b`, `lr * 3`: the operator, both operands, and the position of the operator.
    case binary(BinaryOperator, Expr, Expr, SourcePosition)
    /// `xs[0]`, `xs[-1]`: the list, the index, and the position of `[`.
    case index(Expr, Expr, SourcePosition)

    /// Where the expression starts.
    public var position: SourcePosition {
        switch self {
        case .number(_, let p), .string(_, let p), .bool(_, let p), .noneLiteral(let p), .list(_, let p),
             .name(_, let p), .negate(_, let p):
            return p
        case .attribute(let base, _, _): return base.position
        case .call(let callee, _): return callee.position
        case .index(let base, _, _): return base.position
        case .binary(_, let left, _, _): return left.position
        }
    }

    /// The dotted name an expression spells if it is only names and dots (`corpus.synthetic`), else nil.
    public var dottedName: String? {
        switch self {
        case .name(let name, _): return name
        case .attribute(let base, let name, _): return base.dottedName.map { "\($0).\(name)" }
        default: return nil
        }
    }

    /// True for literals (numbers, strings, bools, none, negated numbers, lists of literals): their
    /// type and value are known without running anything.
    public var isLiteral: Bool {
        switch self {
        case .number, .string, .bool, .noneLiteral: return true
        case .negate(let inner, _): return inner.isLiteral
        case .binary(_, let left, let right, _): return left.isLiteral && right.isLiteral
        case .list(let items, _): return items.allSatisfy(\.isLiteral)
        default: return false
        }
    }
}

/// The arithmetic operators, for numbers (and `+` also joins strings and lists).
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// One argument of a call: positional (`x`) or named (`steps: 300`).
public struct Argument: Equatable, Sendable {
    /// The name before `:`, or nil for a positional argument.
    public var label: String?
    /// Where the label is (equal to the value's position for a positional argument).
    public var labelPosition: SourcePosition
    /// The argument's expression.
    public var value: Expr

    /// Creates an argument.
    public init(label: String?, labelPosition: SourcePosition, value: Expr) {
        self.label = label
        self.labelPosition = labelPosition
        self.value = value
    }
}

/// A top-level statement: a binding `name = expr` or a bare expression whose value is printed.
public struct Statement: Equatable, Sendable {
    /// The two forms a statement takes.
    public enum Kind: Equatable, Sendable {
        /// `name = expr`.
        case assignment(name: String, value: Expr)
        /// A bare expression.
        case expression(Expr)
    }

    /// What the statement does.
    public var kind: Kind
    /// Where the statement starts.
    public var position: SourcePosition
    /// The last line the statement occupies (statements continue over lines inside brackets).
    public var endLine: Int
    /// The source lines of the statement, exactly as written (comments included).
    public var source: String

    /// Creates a statement.
    public init(kind: Kind, position: SourcePosition, endLine: Int, source: String) {
        self.kind = kind
        self.position = position
        self.endLine = endLine
        self.source = source
    }
}
