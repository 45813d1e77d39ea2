/// The meaning of `+ - * /`: arithmetic on numbers; `+` also joins two strings or two lists.
enum Arithmetic {
    /// `left op right`, or an error naming the operator and the operand types.
    static func apply(_ op: BinaryOperator, _ left: Value, _ right: Value, at position: SourcePosition) throws -> Value {
        switch (op, left, right) {
        case (.add, .number(let a), .number(let b)): return .number(a + b)
        case (.subtract, .number(let a), .number(let b)): return .number(a - b)
        case (.multiply, .number(let a), .number(let b)): return .number(a * b)
        case (.divide, .number(let a), .number(let b)):
            guard b != 0 else { throw MnemoError(.value, "division by zero", at: position) }
            return .number(a / b)
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .list(let a), .list(let b)): return .list(a + b)
        default:
            throw MnemoError(.type, "'\(op.rawValue)' cannot combine \(left.typeName) and \(right.typeName)", at: position)
        }
    }

    /// The static type of `left op right` given operand types (`any` when unknown), or the error.
    static func resultType(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType, at position: SourcePosition) throws -> ValueType {
        let numeric: Set<ValueType> = [.number, .integer]
        if numeric.contains(left) && numeric.contains(right) { return .number }
        if op == .add, left == right, left == .string || left == .list { return left }
        if left == .any || right == .any { return .any }
        throw MnemoError(.type, "'\(op.rawValue)' cannot combine \(left.name) and \(right.name)", at: position)
    }
}
