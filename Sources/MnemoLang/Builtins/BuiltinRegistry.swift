/// A mistake in declaring a builtin (a programming error of whoever registers it, reported as a value).
public struct RegistryError: Error, CustomStringConvertible {
    /// The builtin whose declaration is wrong.
    public let builtinName: String
    /// What is wrong with it.
    public let problems: [String]

    /// `builtin registry: cannot register 'x': problem; problem`.
    public var description: String {
        "builtin registry: cannot register '\(builtinName)': \(problems.joined(separator: "; "))"
    }
}

/// The one place that knows every builtin: calls, help, completion and the reference read it.
public final class BuiltinRegistry {
    private var byName: [String: Builtin] = [:]
    /// The builtins in registration order (help lists categories in this order).
    public private(set) var builtins: [Builtin] = []

    /// An empty registry.
    public init() {}

    /// A registry with the language-level builtins (`print`, `len`, `range`, `type`, `help`).
    public static func standard() -> BuiltinRegistry {
        let registry = BuiltinRegistry()
        for builtin in LanguageBuiltins.all {
            // The language builtins are declared correctly (a test checks it), so failure cannot happen here.
            try? registry.register(builtin)
        }
        return registry
    }

    /// Adds `builtin`; throws if the name is taken or the declaration is inconsistent.
    public func register(_ builtin: Builtin) throws {
        var problems = builtin.declarationProblems()
        if byName[builtin.name] != nil { problems.insert("a builtin of that name is already registered", at: 0) }
        guard problems.isEmpty else { throw RegistryError(builtinName: builtin.name, problems: problems) }
        byName[builtin.name] = builtin
        builtins.append(builtin)
    }

    /// Adds every builtin of `list`, stopping at the first bad declaration.
    public func register(_ list: [Builtin]) throws {
        for builtin in list { try register(builtin) }
    }

    /// The builtin called `name` (dotted names included), if any.
    public func builtin(named name: String) -> Builtin? { byName[name] }

    /// Every builtin name, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// The categories, in the order their first builtin was registered.
    public var categories: [String] {
        var seen = Set<String>()
        return builtins.map(\.category).filter { seen.insert($0).inserted }
    }

    /// The builtins of `category`, sorted by name.
    public func builtins(in category: String) -> [Builtin] {
        builtins.filter { $0.category == category }.sorted { $0.name < $1.name }
    }

    /// The error for an unknown builtin name, with the nearest known name as a hint.
    public func unknownFunctionError(_ name: String, at position: SourcePosition? = nil) -> MnemoError {
        MnemoError(.name, "unknown function '\(name)'\(Suggestions.hint(for: name, among: names))", at: position)
    }
}
