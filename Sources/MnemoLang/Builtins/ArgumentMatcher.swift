/// Matches a call's arguments to a builtin's parameters, before any argument is evaluated, so
/// structural mistakes (unknown, duplicate, missing, too many) are reported without running anything.
/// The interpreter and the checker share it.
enum ArgumentMatcher {
    /// The arguments that went to one parameter: one, or several for a variadic parameter.
    struct Slot {
        /// Indexes into the call's argument list, in source order.
        var indices: [Int]
    }

    /// Parameter name -> the arguments given for it.
    static func match(_ builtin: Builtin, _ arguments: [Argument], callPosition: SourcePosition) throws -> [String: Slot] {
        var slots: [String: Slot] = [:]
        let positional = builtin.parameters.filter { $0.passing != .namedOnly && $0.passing != .keywords }
        let keywords = builtin.parameters.first { $0.passing == .keywords }
        var nextPositional = 0
        for (index, argument) in arguments.enumerated() {
            if let label = argument.label {
                if let keywords, builtin.parameter(label).map({ $0.passing == .variadic || $0.passing == .keywords }) ?? true {
                    let earlier = slots[keywords.name]?.indices ?? []
                    guard !earlier.contains(where: { arguments[$0].label == label }) else {
                        throw MnemoError(.argument, "argument '\(label)' given twice to \(builtin.name)", at: argument.labelPosition)
                    }
                    slots[keywords.name, default: Slot(indices: [])].indices.append(index)
                    continue
                }
                guard let parameter = builtin.parameter(label), parameter.passing != .variadic else {
                    let names = builtin.parameters.filter { $0.passing != .variadic }.map(\.name)
                    throw MnemoError(.argument, "unknown argument '\(label)' to \(builtin.name)\(Suggestions.hint(for: label, among: names))",
                                     at: argument.labelPosition)
                }
                guard slots[label] == nil else {
                    throw MnemoError(.argument, "argument '\(label)' given twice to \(builtin.name)", at: argument.labelPosition)
                }
                slots[label] = Slot(indices: [index])
                continue
            }
            guard nextPositional < positional.count else {
                let count = positional.count
                let takes = count == 0 ? "takes no positional arguments" : "takes \(count) positional argument\(count == 1 ? "" : "s")"
                throw MnemoError(.argument, "too many positional arguments to \(builtin.name) (it \(takes))", at: argument.value.position)
            }
            let parameter = positional[nextPositional]
            if parameter.passing == .variadic {
                slots[parameter.name, default: Slot(indices: [])].indices.append(index)
            } else {
                slots[parameter.name] = Slot(indices: [index])
                nextPositional += 1
            }
        }
        if let missing = builtin.parameters.first(where: { $0.isRequired && slots[$0.name] == nil }) {
            throw MnemoError(.argument, "missing required argument '\(missing.name)' to \(builtin.name)", at: callPosition)
        }
        return slots
    }

    /// Why `value` does not fit `parameter`, or nil if it does: a type error, an integer expected,
    /// or a string outside the allowed set (with a "did you mean").
    static func problem(with value: Value, for parameter: Parameter, of builtin: Builtin, at position: SourcePosition) -> MnemoError? {
        let label = "argument '\(parameter.name)' of \(builtin.name)"
        guard parameter.accepts(value) else {
            if case .number(let x) = value, parameter.types.contains(.integer) {
                return MnemoError(.value, "\(label) expects an integer, got \(NumberFormatting.format(x))", at: position)
            }
            return MnemoError(.type, "\(label) expects \(parameter.typeList), got \(value.typeName)", at: position)
        }
        if let allowed = parameter.allowedValues, case .string(let text) = value, !allowed.contains(text) {
            let choices = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            return MnemoError(.value, "\(label) must be one of \(choices), got \"\(text)\"\(Suggestions.hint(for: text, among: allowed))",
                              at: position)
        }
        return nil
    }
}
