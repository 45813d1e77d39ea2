/// A typed reference to something bigger than a plain value: a model, a corpus, a task sequence,
/// a replay set, a run, a plot, a table, a method. The lead adds one class per kind.
///
/// ```swift
/// final class ModelHandle: MnemoHandle {
///     static let typeName = "model"
///     var summary: String { "gpt d=128 layers=2 (1.2M params)" }
///     var attributeNames: [String] { ["params"] }
///     func attribute(_ name: String) -> Value? { name == "params" ? .number(1.2e6) : nil }
/// }
/// ```
public protocol MnemoHandle: AnyObject {
    /// The type name used in errors, help and `type(x)`: "model", "corpus", "run", ...
    static var typeName: String { get }
    /// A useful one-line description (a model: architecture and parameter count; a run: status and headline metrics).
    var summary: String { get }
    /// The value of attribute `name` (`run.general`), or nil if the handle has none by that name.
    func attribute(_ name: String) -> Value?
    /// The attribute names, for completion and "did you mean" hints.
    var attributeNames: [String] { get }
}

extension MnemoHandle {
    /// By default a handle has no attributes.
    public func attribute(_ name: String) -> Value? { nil }
    /// By default a handle has no attributes.
    public var attributeNames: [String] { [] }
    /// The type name of this handle's class, reachable from an existential.
    public var typeName: String { Self.typeName }
}

/// A builtin used as a value (`help(pretrain)`, or a bare `pretrain` to see its signature).
public final class FunctionHandle: MnemoHandle {
    /// Functions are of type "function".
    public static let typeName = "function"
    /// The builtin this value refers to.
    public let builtin: Builtin

    /// Wraps `builtin` as a value.
    public init(_ builtin: Builtin) { self.builtin = builtin }

    /// The builtin's signature, e.g. `len(x: string | list) -> number`.
    public var summary: String { builtin.signature }
}
