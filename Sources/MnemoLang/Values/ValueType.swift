/// A type a parameter accepts or a builtin returns: one of the language's type names.
///
/// `integer` is a number with no fractional part; `any` accepts everything. Handle types are made
/// from the handle class: `.of(ModelHandle.self)`.
public struct ValueType: Hashable, Sendable, CustomStringConvertible {
    /// The name shown in errors and docs.
    public let name: String

    /// A type named `name` (for handle types prefer `.of(Handle.self)`).
    public init(_ name: String) { self.name = name }

    /// Any number.
    public static let number = ValueType("number")
    /// A number with no fractional part (`steps`, `seed`).
    public static let integer = ValueType("integer")
    /// A string.
    public static let string = ValueType("string")
    /// `true` or `false`.
    public static let bool = ValueType("bool")
    /// The type of `none` (what builtins run for their effect return).
    public static let none = ValueType("none")
    /// A list of any values.
    public static let list = ValueType("list")
    /// A builtin used as a value (`help(len)`).
    public static let function = ValueType("function")
    /// Accepts every value (or: the checker cannot tell the type).
    public static let any = ValueType("any")

    /// The type of the handles of class `T`.
    public static func of<T: MnemoHandle>(_ type: T.Type) -> ValueType { ValueType(T.typeName) }

    /// The name.
    public var description: String { name }

    /// True if `value` is of this type (`integer` requires a whole number).
    public func accepts(_ value: Value) -> Bool {
        switch name {
        case "any": return true
        case "integer":
            if case .number(let x) = value { return x == x.rounded() && x.isFinite }
            return false
        default: return value.typeName == name
        }
    }

    /// True if a value statically known to be of type `other` may be of this type
    /// (a `number` may be an integer; the checker cannot tell without running).
    public func mayAccept(_ other: ValueType) -> Bool {
        if self == .any || other == .any || self == other { return true }
        return (self == .integer && other == .number) || (self == .number && other == .integer)
    }
}
