/// One parameter of a builtin: name, accepted types, default, allowed strings, and a one-line doc.
public struct Parameter {
    /// How an argument may be passed to this parameter.
    public enum Passing: Sendable {
        /// `f(x)` or `f(x: ...)`.
        case positionalOrNamed
        /// Only `f(x: ...)`: settings that read badly without their name.
        case namedOnly
        /// Collects every remaining positional argument into a list: `print(a, b, c)`.
        case variadic
        /// Collects every named argument that matches no other parameter, as a list of
        /// `[name, value]` pairs: `sweep(continual, base, seq, lr: grid(...))` passes `lr` on.
        case keywords
    }

    /// The name, used as `name: value` in calls.
    public let name: String
    /// The accepted types (any one of them); `[.any]` accepts everything.
    public let types: [ValueType]
    /// The value used when the argument is not given; nil makes the parameter required.
    public let defaultValue: Value?
    /// For string parameters: the only strings accepted (also offered in help), or nil for any string.
    public let allowedValues: [String]?
    /// A one-line description for help and the reference.
    public let doc: String
    /// How the argument may be passed.
    public let passing: Passing

    /// Creates a parameter; prefer the `required`, `optional` and `variadic` factories.
    public init(name: String, types: [ValueType], defaultValue: Value?, allowedValues: [String]? = nil,
                doc: String, passing: Passing = .positionalOrNamed) {
        self.name = name
        self.types = types.isEmpty ? [.any] : types
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.doc = doc
        self.passing = passing
    }

    /// A parameter the caller must give: `.required("model", .of(ModelHandle.self), doc: "the model to train")`.
    public static func required(_ name: String, _ types: ValueType..., allowed: [String]? = nil,
                                namedOnly: Bool = false, doc: String) -> Parameter {
        Parameter(name: name, types: types, defaultValue: nil, allowedValues: allowed, doc: doc,
                  passing: namedOnly ? .namedOnly : .positionalOrNamed)
    }

    /// A parameter with a default: `.optional("lr", .number, default: .number(3e-4), doc: "learning rate")`.
    /// A default of `.nothing` means "not given" (check with `args.isGiven`).
    public static func optional(_ name: String, _ types: ValueType..., default value: Value, allowed: [String]? = nil,
                                namedOnly: Bool = false, doc: String) -> Parameter {
        Parameter(name: name, types: types, defaultValue: value, allowedValues: allowed, doc: doc,
                  passing: namedOnly ? .namedOnly : .positionalOrNamed)
    }

    /// A parameter taking all remaining positional arguments as a list: `.variadic("values", .any, doc: ...)`.
    public static func variadic(_ name: String, _ types: ValueType..., doc: String) -> Parameter {
        Parameter(name: name, types: types, defaultValue: .list([]), doc: doc, passing: .variadic)
    }

    /// A parameter taking every otherwise unknown named argument: `.keywords("options", doc: ...)`.
    public static func keywords(_ name: String, doc: String) -> Parameter {
        Parameter(name: name, types: [.any], defaultValue: .list([]), doc: doc, passing: .keywords)
    }

    /// True if a call must give this argument.
    public var isRequired: Bool { defaultValue == nil }

    /// The accepted types for docs: `number | string`.
    public var typeDescription: String { types.map(\.name).joined(separator: " | ") }

    /// The accepted types for errors: `number or string`.
    var typeList: String {
        let names = types.map(\.name)
        guard names.count > 1 else { return names.first ?? "any" }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// True if `value` has one of the accepted types; `none` is also accepted where it is the default.
    public func accepts(_ value: Value) -> Bool {
        if case .nothing = value, case .nothing? = defaultValue { return true }
        return types.contains { $0.accepts(value) }
    }

    /// How the parameter reads in a signature: `steps: integer = 1000`, `model: model`, `values: any...`.
    public var signatureFragment: String {
        switch passing {
        case .variadic: return "\(name): \(typeDescription)..."
        default:
            guard let defaultValue else { return "\(name): \(typeDescription)" }
            return "\(name): \(typeDescription) = \(defaultValue.summary)"
        }
    }
}
