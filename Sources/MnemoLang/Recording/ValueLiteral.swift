/// Source text for values, so recorded cells can be re-run: `-p` overrides are written into the
/// stored parameters cell as ordinary assignments.
public enum ValueLiteral {
    /// The mnemo literal that reads back as `value`, or nil for a handle (models, runs ... have no literal).
    /// Numbers keep every digit (`0.00012345678`, not the 6-digit display form).
    public static func source(_ value: Value) -> String? {
        switch value {
        case .number(let x):
            if x.isNaN || x.isInfinite { return nil }
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return "\(x)"
        case .string(let text): return Value.quoted(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .nothing: return "none"
        case .list(let items):
            var parts: [String] = []
            for item in items {
                guard let part = source(item) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .handle: return nil
        }
    }

    /// The parameters cell `source` followed by one assignment per override (sorted by name), marked
    /// as coming from `-p`. Re-running it binds the overridden values, as the original run did.
    public static func parametersSource(_ source: String, overrides: [String: Value]) -> String {
        let lines = overrides.keys.sorted().compactMap { name -> String? in
            guard let value = overrides[name], let literal = ValueLiteral.source(value) else { return nil }
            return "\(name) = \(literal)  # -p"
        }
        guard !lines.isEmpty else { return source }
        return (source.isEmpty ? "" : source + "\n") + lines.joined(separator: "\n")
    }
}
