/// Command-line overrides of a notebook's parameters: `-p name=value`.
public enum NotebookParameters {
    /// Reads `name=value`. The value is a mnemo literal if it reads as one (`3e-4`, `-2`, `"text"`,
    /// `true`, `none`, `[1, 2]`), otherwise the text itself as a string (`-p path=data/x.txt`).
    public static func parseAssignment(_ text: String) throws -> (name: String, value: Value) {
        guard let equals = text.firstIndex(of: "=") else {
            throw MnemoError(.notebook, "parameter override '\(text)' must be written name=value")
        }
        let name = String(text[..<equals]).trimmingSpaces
        let isIdentifier = !name.isEmpty && !(name.first?.isNumber ?? true)
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        guard isIdentifier else {
            throw MnemoError(.notebook, "parameter override '\(text)': '\(name)' is not a name")
        }
        return (name, parseValue(String(text[text.index(after: equals)...])))
    }

    /// The value of an override's right-hand side (see `parseAssignment`).
    public static func parseValue(_ text: String) -> Value {
        let trimmed = text.trimmingSpaces
        if let expr = try? Parser.parseExpression(trimmed), let value = Checker.literalValue(expr) { return value }
        return .string(trimmed)
    }

    /// The parameters whose value in the notebook is a literal, with that value.
    static func literalDefaults(of notebook: Notebook) -> [String: Value] {
        guard let cell = notebook.parametersCell else { return [:] }
        var defaults: [String: Value] = [:]
        for statement in Parser.parse(cell.source, firstLine: cell.firstLine).statements {
            if case .assignment(let name, let expr) = statement.kind, let value = Checker.literalValue(expr) {
                defaults[name] = value
            }
        }
        return defaults
    }

    /// Reads every `name=value`; a name given twice is an error.
    public static func parseAssignments(_ texts: [String]) throws -> [String: Value] {
        var overrides: [String: Value] = [:]
        for text in texts {
            let (name, value) = try parseAssignment(text)
            guard overrides.updateValue(value, forKey: name) == nil else {
                throw MnemoError(.notebook, "parameter '\(name)' is given twice")
            }
        }
        return overrides
    }

    /// Fails if an override names no parameter of `notebook` (the error lists the parameters), or if
    /// its type differs from the literal the notebook assigns (`-p steps=abc` where `steps = 300`).
    public static func validate(_ overrides: [String: Value], for notebook: Notebook) throws {
        let defaults = literalDefaults(of: notebook)
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            // A `none` default means "anything may go here".
            guard let original = defaults[name], original != .nothing, original.typeName != value.typeName else { continue }
            throw MnemoError(.notebook, "parameter '\(name)' is a \(original.typeName) in the notebook "
                             + "(\(original.summary)), but -p gives a \(value.typeName) (\(value.summary))")
        }
        let known = notebook.parameterNames
        for name in overrides.keys.sorted() where !known.contains(name) {
            guard notebook.parametersCell != nil else {
                throw MnemoError(.notebook, "unknown parameter '\(name)': the notebook has no parameters cell")
            }
            let listing = known.isEmpty ? "the parameters cell binds no names" : "the notebook's parameters are \(known.joined(separator: ", "))"
            throw MnemoError(.notebook, "unknown parameter '\(name)'\(Suggestions.hint(for: name, among: known)); \(listing)")
        }
    }
}
