/// Evaluation of expressions: literals, names, attributes, lists, indexing, arithmetic and builtin calls.
extension Session {
    /// Evaluates `expr`; errors carry the position of the part that failed and, given `lines`, its source line.
    public func evaluate(_ expr: Expr, lines: SourceLines? = nil) throws -> Value {
        switch expr {
        case .number(let x, _): return .number(x)
        case .string(let text, _): return .string(text)
        case .bool(let flag, _): return .bool(flag)
        case .noneLiteral: return .nothing
        case .list(let items, _): return .list(try items.map { try evaluate($0, lines: lines) })
        case .negate(let inner, let position):
            let value = try evaluate(inner, lines: lines)
            guard case .number(let x) = value else {
                throw MnemoError(.type, "'-' expects number, got \(value.typeName)", at: position)
            }
            return .number(-x)
        case .name(let name, let position):
            if let value = value(of: name) { return value }
            if let builtin = registry.builtin(named: name) { return .handle(FunctionHandle(builtin)) }
            throw MnemoError(.name, "unknown name '\(name)'\(Suggestions.hint(for: name, among: boundNames + registry.names))",
                             at: position)
        case .attribute(let base, let name, let namePosition):
            if let path = expr.dottedName, let head = path.split(separator: ".").first, value(of: String(head)) == nil {
                // An unbound head means a dotted builtin name (`corpus.synthetic`), used as a value.
                if let builtin = registry.builtin(named: path) { return .handle(FunctionHandle(builtin)) }
                if registry.names.contains(where: { $0.hasPrefix(head + ".") }) {
                    throw MnemoError(.name, "unknown name '\(path)'\(Suggestions.hint(for: path, among: registry.names))", at: base.position)
                }
            }
            return try attribute(name, of: try evaluate(base, lines: lines), at: namePosition)
        case .call(let callee, let arguments):
            return try call(callee, arguments, lines: lines)
        case .binary(let op, let left, let right, let position):
            let a = try evaluate(left, lines: lines)
            return try Arithmetic.apply(op, a, try evaluate(right, lines: lines), at: position)
        case .index(let base, let index, let position):
            return try element(of: try evaluate(base, lines: lines), at: try evaluate(index, lines: lines),
                               listPosition: position, indexPosition: index.position)
        }
    }

    /// `xs[i]`; negative indexes count from the end, as in Python.
    private func element(of list: Value, at index: Value, listPosition: SourcePosition, indexPosition: SourcePosition) throws -> Value {
        guard case .list(let items) = list else {
            throw MnemoError(.type, "only lists can be indexed, got \(list.typeName)", at: listPosition)
        }
        guard case .number(let x) = index, x == x.rounded(), abs(x) < 9e15 else {
            let given = index.typeName == "number" ? index.summary : index.typeName
            throw MnemoError(.type, "a list index must be an integer, got \(given)", at: indexPosition)
        }
        let i = Int(x) < 0 ? items.count + Int(x) : Int(x)
        guard items.indices.contains(i) else {
            throw MnemoError(.value, "index \(Int(x)) is out of range for a list of \(items.count) item\(items.count == 1 ? "" : "s")",
                             at: indexPosition)
        }
        return items[i]
    }

    private func attribute(_ name: String, of value: Value, at position: SourcePosition) throws -> Value {
        guard case .handle(let handle) = value else {
            throw MnemoError(.name, "\(value.typeName) has no attributes (asked for '\(name)')", at: position)
        }
        if let attribute = handle.attribute(name) { return attribute }
        let known = handle.attributeNames
        let hint = Suggestions.hint(for: name, among: known)
        let listing = hint.isEmpty && !known.isEmpty ? "; it has \(known.joined(separator: ", "))" : ""
        throw MnemoError(.name, "\(handle.typeName) has no attribute '\(name)'\(hint)\(listing)", at: position)
    }

    private func call(_ callee: Expr, _ arguments: [Argument], lines: SourceLines?) throws -> Value {
        let builtin = try resolveCallee(callee)
        let position = callee.position
        let slots = try ArgumentMatcher.match(builtin, arguments, callPosition: position)
        // Evaluate in source order so nested calls run in the order they are written.
        let evaluated = try arguments.map { try evaluate($0.value, lines: lines) }
        var values: [String: Value] = [:]
        var positions: [String: SourcePosition] = [:]
        for parameter in builtin.parameters {
            guard let slot = slots[parameter.name] else {
                values[parameter.name] = parameter.defaultValue ?? .nothing
                continue
            }
            var checked: [Value] = []
            for index in slot.indices {
                let value = evaluated[index]
                if let problem = ArgumentMatcher.problem(with: value, for: parameter, of: builtin, at: arguments[index].value.position) {
                    throw problem
                }
                checked.append(value)
            }
            switch parameter.passing {
            case .variadic: values[parameter.name] = .list(checked)
            case .keywords:
                values[parameter.name] = .list(zip(slot.indices, checked).map { .list([.string(arguments[$0.0].label ?? ""), $0.1]) })
            default: values[parameter.name] = checked.first ?? .nothing
            }
            positions[parameter.name] = slot.indices.first.map { arguments[$0].value.position }
        }
        let args = BoundArguments(builtinName: builtin.name, values: values, given: Set(slots.keys), positions: positions)
        let context = CallContext(builtin: builtin, args: args, session: self, position: position)
        do {
            try context.checkCancelled()
            return try builtin.implementation(context)
        } catch let error as MnemoError {
            throw error.located(at: position, in: lines)
        } catch {
            throw MnemoError(.runtime, "\(builtin.name) failed: \(error)", at: position)
        }
    }

    /// The builtin a callee names, or an error saying why it is not callable.
    private func resolveCallee(_ callee: Expr) throws -> Builtin {
        guard let path = callee.dottedName else {
            throw MnemoError(.type, "only builtin functions can be called", at: callee.position)
        }
        if let builtin = registry.builtin(named: path) { return builtin }
        if !path.contains("."), let value = value(of: path) {
            if let function = value.handle(FunctionHandle.self) { return function.builtin }
            throw MnemoError(.type, "'\(path)' is a \(value.typeName), not a function", at: callee.position)
        }
        throw MnemoError(.name, "unknown function '\(path)'\(Suggestions.hint(for: path, among: registry.names))", at: callee.position)
    }
}
