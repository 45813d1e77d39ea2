/// A call's arguments after matching and type checks, with defaults filled in, and typed accessors.
///
/// The registry has already checked the types a parameter declares, so the accessors fail only
/// when an implementation asks for a type its declaration does not promise.
public struct BoundArguments {
    /// The builtin these arguments belong to (named in error messages).
    public let builtinName: String
    private let values: [String: Value]
    private let given: Set<String>
    private let positions: [String: SourcePosition]

    /// Creates bound arguments; `given` are the names the caller wrote (the others are defaults).
    public init(builtinName: String, values: [String: Value], given: Set<String>, positions: [String: SourcePosition] = [:]) {
        self.builtinName = builtinName
        self.values = values
        self.given = given
        self.positions = positions
    }

    /// The value of `name` (`none` when the builtin has no such parameter).
    public subscript(_ name: String) -> Value { values[name] ?? .nothing }

    /// True if the caller wrote this argument (false when it holds its default).
    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    /// The arguments the caller wrote, by name (for recording a run's parameters).
    public var givenValues: [String: Value] { values.filter { given.contains($0.key) } }

    /// Every argument, given or default, by name.
    public var allValues: [String: Value] { values }

    /// True if the argument is `none` (not given, with a `none` default).
    public func isNone(_ name: String) -> Bool {
        if case .nothing = self[name] { return true }
        return false
    }

    private func mismatch(_ name: String, expected: String, got: Value? = nil) -> MnemoError {
        let given = got.map { "a list containing \($0.typeName)" } ?? self[name].typeName
        return MnemoError(.type, "argument '\(name)' of \(builtinName) expects \(expected), got \(given)", at: positions[name])
    }

    /// The number `name`.
    public func number(_ name: String) throws -> Double {
        guard case .number(let x) = self[name] else { throw mismatch(name, expected: "number") }
        return x
    }

    /// The number `name`, or nil when it is `none`.
    public func optionalNumber(_ name: String) throws -> Double? {
        isNone(name) ? nil : try number(name)
    }

    /// The whole number `name`; `2.5` is an error ("expects an integer").
    public func int(_ name: String) throws -> Int {
        let x = try number(name)
        guard x == x.rounded(), abs(x) < 9e15 else {
            throw MnemoError(.value, "argument '\(name)' of \(builtinName) expects an integer, got \(NumberFormatting.format(x))",
                             at: positions[name])
        }
        return Int(x)
    }

    /// The whole number `name`, or nil when it is `none`.
    public func optionalInt(_ name: String) throws -> Int? {
        isNone(name) ? nil : try int(name)
    }

    /// The string `name`.
    public func string(_ name: String) throws -> String {
        guard case .string(let text) = self[name] else { throw mismatch(name, expected: "string") }
        return text
    }

    /// The string `name`, or nil when it is `none`.
    public func optionalString(_ name: String) throws -> String? {
        isNone(name) ? nil : try string(name)
    }

    /// The bool `name`.
    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let flag) = self[name] else { throw mismatch(name, expected: "bool") }
        return flag
    }

    /// The list `name` (a variadic parameter is always a list).
    public func list(_ name: String) throws -> [Value] {
        guard case .list(let items) = self[name] else { throw mismatch(name, expected: "list") }
        return items
    }

    /// The list `name` as numbers.
    public func numbers(_ name: String) throws -> [Double] {
        try list(name).map { item in
            guard case .number(let x) = item else { throw mismatch(name, expected: "a list of numbers", got: item) }
            return x
        }
    }

    /// The list `name` as strings.
    public func strings(_ name: String) throws -> [String] {
        try list(name).map { item in
            guard case .string(let text) = item else { throw mismatch(name, expected: "a list of strings", got: item) }
            return text
        }
    }

    /// The handle `name` of class `T`: `args.handle(ModelHandle.self, "model")`.
    public func handle<T: MnemoHandle>(_ type: T.Type, _ name: String) throws -> T {
        guard let handle = self[name].handle(T.self) else { throw mismatch(name, expected: T.typeName) }
        return handle
    }

    /// The handle `name` of class `T`, or nil when it is `none`.
    public func optionalHandle<T: MnemoHandle>(_ type: T.Type, _ name: String) throws -> T? {
        isNone(name) ? nil : try handle(T.self, name)
    }

    /// The list (or variadic) `name` as handles of class `T`: `compare(a, b, c)`.
    public func handles<T: MnemoHandle>(_ type: T.Type, _ name: String) throws -> [T] {
        try list(name).map { item in
            guard let handle = item.handle(T.self) else { throw mismatch(name, expected: "a list of \(T.typeName)", got: item) }
            return handle
        }
    }
}
