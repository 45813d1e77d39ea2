/// Checks source without running it (`mnemo check`): syntax, unknown names and functions, unknown,
/// duplicate, missing or surplus arguments, and type mismatches that are visible statically
/// (literals, and values whose type follows from the builtin that made them).
///
/// It reports the first error of each statement and keeps going, remembering the names bound so far.
public struct Checker {
    /// The builtins calls are checked against.
    public let registry: BuiltinRegistry
    /// The names bound so far and their types (`any` when unknown).
    public private(set) var environment: [String: ValueType]

    /// A checker that knows `knownNames` are bound (e.g. the names of a running session).
    public init(registry: BuiltinRegistry, knownNames: [String: ValueType] = [:]) {
        self.registry = registry
        self.environment = knownNames
    }

    /// A checker that knows the bindings of `session`, with their actual types.
    public init(session: Session) {
        var known: [String: ValueType] = [:]
        for name in session.boundNames {
            if let value = session.value(of: name) { known[name] = ValueType(value.typeName) }
        }
        self.init(registry: session.registry, knownNames: known)
    }

    /// Checks `source` (first line numbered `firstLine`); names it binds stay known for later calls.
    public mutating func check(_ source: String, firstLine: Int = 1) -> [MnemoError] {
        let parsed = Parser.parse(source, firstLine: firstLine)
        let lines = SourceLines(source, firstLine: firstLine)
        var errors = parsed.errors
        for statement in parsed.statements {
            do {
                switch statement.kind {
                case .assignment(let name, let expr): environment[name] = try type(of: expr)
                case .expression(let expr): _ = try type(of: expr)
                }
            } catch {
                errors.append(Session.languageError(error, at: statement.position, lines: lines))
                // Treat the name as bound anyway so one mistake does not cascade into later statements.
                if case .assignment(let name, _) = statement.kind { environment[name] = .any }
            }
        }
        return errors.sorted { ($0.position ?? SourcePosition(line: 0, column: 0)) < ($1.position ?? SourcePosition(line: 0, column: 0)) }
    }

    /// The static type of `expr` (`any` when it cannot be known without running), or the first error in it.
    func type(of expr: Expr) throws -> ValueType {
        switch expr {
        case .number: return .number
        case .string: return .string
        case .bool: return .bool
        case .noneLiteral: return .none
        case .list(let items, _):
            for item in items { _ = try type(of: item) }
            return .list
        case .negate(let inner, let position):
            let innerType = try type(of: inner)
            guard innerType.mayAccept(.number) else {
                throw MnemoError(.type, "'-' expects number, got \(innerType.name)", at: position)
            }
            return .number
        case .name(let name, let position):
            if let known = environment[name] { return known }
            if registry.builtin(named: name) != nil { return .function }
            let candidates = Array(environment.keys) + registry.names
            throw MnemoError(.name, "unknown name '\(name)'\(Suggestions.hint(for: name, among: candidates))", at: position)
        case .attribute(let base, let name, let namePosition):
            if let path = expr.dottedName, let head = path.split(separator: ".").first, environment[String(head)] == nil {
                if registry.builtin(named: path) != nil { return .function }
                if registry.names.contains(where: { $0.hasPrefix(head + ".") }) {
                    throw MnemoError(.name, "unknown name '\(path)'\(Suggestions.hint(for: path, among: registry.names))", at: base.position)
                }
            }
            let baseType = try type(of: base)
            if [ValueType.number, .integer, .string, .bool, .none, .list].contains(baseType) {
                throw MnemoError(.name, "\(baseType.name) has no attributes (asked for '\(name)')", at: namePosition)
            }
            return .any
        case .call(let callee, let arguments):
            return try typeOfCall(callee, arguments)
        case .binary(let op, let left, let right, let position):
            let leftType = try type(of: left)
            let rightType = try type(of: right)
            if let a = Checker.literalValue(left), let b = Checker.literalValue(right) {
                _ = try Arithmetic.apply(op, a, b, at: position)   // catches 1 / 0 and "a" * 2
            }
            return try Arithmetic.resultType(op, leftType, rightType, at: position)
        case .index(let base, let index, let position):
            let baseType = try type(of: base)
            guard baseType.mayAccept(.list) else {
                throw MnemoError(.type, "only lists can be indexed, got \(baseType.name)", at: position)
            }
            let indexType = try type(of: index)
            if let literal = Checker.literalValue(index), !ValueType.integer.accepts(literal) {
                let given = literal.typeName == "number" ? literal.summary : literal.typeName
                throw MnemoError(.type, "a list index must be an integer, got \(given)", at: index.position)
            } else if !indexType.mayAccept(.integer) {
                throw MnemoError(.type, "a list index must be an integer, got \(indexType.name)", at: index.position)
            }
            return .any
        }
    }

    private func typeOfCall(_ callee: Expr, _ arguments: [Argument]) throws -> ValueType {
        guard let path = callee.dottedName else {
            throw MnemoError(.type, "only builtin functions can be called", at: callee.position)
        }
        guard let builtin = registry.builtin(named: path) else {
            if !path.contains("."), let known = environment[path] {
                guard known == .function || known == .any else {
                    throw MnemoError(.type, "'\(path)' is a \(known.name), not a function", at: callee.position)
                }
                for argument in arguments { _ = try type(of: argument.value) }
                return .any
            }
            throw registry.unknownFunctionError(path, at: callee.position)
        }
        let slots = try ArgumentMatcher.match(builtin, arguments, callPosition: callee.position)
        let types = try arguments.map { try type(of: $0.value) }
        for parameter in builtin.parameters {
            for index in slots[parameter.name]?.indices ?? [] {
                let argument = arguments[index].value
                if let literal = Checker.literalValue(argument) {
                    if let problem = ArgumentMatcher.problem(with: literal, for: parameter, of: builtin, at: argument.position) {
                        throw problem
                    }
                } else if !parameter.types.contains(where: { $0.mayAccept(types[index]) }),
                          !(types[index] == .none && parameter.accepts(.nothing)) {
                    throw MnemoError(.type, "argument '\(parameter.name)' of \(builtin.name) expects \(parameter.typeList), got \(types[index].name)",
                                     at: argument.position)
                }
            }
        }
        return builtin.returns
    }

    /// The value of a literal expression (numbers, strings, bools, none, negated numbers, lists of
    /// literals), or nil if it needs running.
    static func literalValue(_ expr: Expr) -> Value? {
        switch expr {
        case .number(let x, _): return .number(x)
        case .string(let text, _): return .string(text)
        case .bool(let flag, _): return .bool(flag)
        case .noneLiteral: return .nothing
        case .negate(let inner, _):
            if case .number(let x)? = literalValue(inner) { return .number(-x) }
            return nil
        case .binary(let op, let left, let right, let position):
            guard let a = literalValue(left), let b = literalValue(right) else { return nil }
            return try? Arithmetic.apply(op, a, b, at: position)
        case .list(let items, _):
            var values: [Value] = []
            for item in items {
                guard let value = literalValue(item) else { return nil }
                values.append(value)
            }
            return .list(values)
        default: return nil
        }
    }
}

extension Checker {
    /// Checks every code and parameters cell of `notebook` in order, as `mnemo check` does; positions
    /// are file lines, and names bound by earlier cells are known in later ones.
    public mutating func check(notebook: Notebook) -> [MnemoError] {
        notebook.cells.filter { $0.kind != .markdown }.flatMap { check($0.source, firstLine: $0.firstLine) }
    }
}
