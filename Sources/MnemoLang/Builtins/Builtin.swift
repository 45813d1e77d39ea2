/// A builtin function, declared once: its signature, docs, category and implementation.
/// Help, completion, argument checking and the Markdown reference all read this declaration.
///
/// ```swift
/// Builtin(name: "len", category: "language",
///         parameters: [.required("x", .string, .list, doc: "a string or a list")],
///         returns: .number,
///         doc: "The number of characters of a string or items of a list.",
///         example: "len([1, 2, 3])   # 3") { call in
///     ...
/// }
/// ```
public struct Builtin {
    /// The name used in calls; may contain dots (`corpus.synthetic`).
    public let name: String
    /// The group it is listed under in help and the reference (e.g. "models", "training", "language").
    public let category: String
    /// The parameters, in positional order.
    public let parameters: [Parameter]
    /// The type of the value it returns (`.none` for builtins run for their effect).
    public let returns: ValueType
    /// A one-paragraph description.
    public let doc: String
    /// One or more example lines, shown in help and the reference.
    public let example: String
    /// What the builtin does; it reads its arguments, session, output and cancellation from the context.
    public let implementation: (CallContext) throws -> Value

    /// Declares a builtin.
    public init(name: String, category: String, parameters: [Parameter], returns: ValueType,
                doc: String, example: String, implementation: @escaping (CallContext) throws -> Value) {
        self.name = name
        self.category = category
        self.parameters = parameters
        self.returns = returns
        self.doc = doc
        self.example = example
        self.implementation = implementation
    }

    /// `pretrain(model: model, corpus: corpus, steps: integer = 1000) -> run`.
    public var signature: String {
        "\(name)(\(parameters.map(\.signatureFragment).joined(separator: ", "))) -> \(returns.name)"
    }

    /// The parameter called `name`, if any.
    public func parameter(_ name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// Problems with the declaration itself (for `BuiltinRegistry.register`): duplicate or empty
    /// names, defaults of the wrong type, allowed values on a non-string parameter, two variadics.
    func declarationProblems() -> [String] {
        var problems: [String] = []
        let nameParts = name.split(separator: ".", omittingEmptySubsequences: false)
        if nameParts.contains(where: { part in part.isEmpty || !part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) }) {
            problems.append("name '\(name)' is not a dotted identifier")
        }
        var seen = Set<String>()
        for parameter in parameters {
            if !seen.insert(parameter.name).inserted { problems.append("parameter '\(parameter.name)' is declared twice") }
            if let value = parameter.defaultValue, parameter.passing != .variadic, !parameter.accepts(value) {
                problems.append("default \(value.summary) of '\(parameter.name)' is not \(parameter.typeList)")
            }
            if parameter.allowedValues != nil, !parameter.types.contains(.string) {
                problems.append("parameter '\(parameter.name)' has allowed values but does not accept strings")
            }
            if let allowed = parameter.allowedValues, case .string(let text)? = parameter.defaultValue, !allowed.contains(text) {
                problems.append("default \"\(text)\" of '\(parameter.name)' is not among its allowed values")
            }
        }
        if parameters.filter({ $0.passing == .variadic }).count > 1 { problems.append("more than one variadic parameter") }
        return problems
    }
}
