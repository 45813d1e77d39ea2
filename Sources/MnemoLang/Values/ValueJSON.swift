import MnemoKernel

/// Values as JSON text, for recording run configurations and parameters in the store.
extension Value {
    /// JSON for plain values (numbers, strings, bools, `null`, arrays); a handle becomes the JSON string
    /// of its summary, and a non-finite number the string `"nan"`, `"inf"` or `"-inf"` (JSON has no such numbers).
    public var jsonText: String {
        switch self {
        case .number(let x): return x.isFinite ? NumberFormatting.jsonNumber(x) : JSONText.quoted(NumberFormatting.format(x))
        case .string(let text): return JSONText.quoted(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .nothing: return "null"
        case .list(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .handle(let handle): return JSONText.quoted(handle.summary)
        }
    }
}

extension NumberFormatting {
    /// A finite number as JSON without losing precision: integers bare, others in Swift's shortest round-trip form.
    static func jsonNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
