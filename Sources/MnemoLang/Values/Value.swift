/// A value of the mnemo language.
public enum Value {
    /// A number (every number is a Double; integers print without `.0`).
    case number(Double)
    /// A string.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// mnemo's `none` (named `nothing` here so it never mixes with Swift's `Optional.none`).
    case nothing
    /// A list of values.
    case list([Value])
    /// A typed handle: model, corpus, tasks, replay, run, plot, table, method, function.
    case handle(any MnemoHandle)

    /// The type name used in errors and help: number, string, bool, none, list, or the handle's type name.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .nothing: return "none"
        case .list: return "list"
        case .handle(let handle): return handle.typeName
        }
    }

    /// How a REPL shows the value: one line, strings quoted, long lists shortened, handles by their summary.
    public var summary: String {
        switch self {
        case .string(let text): return Value.quoted(text)
        case .list(let items):
            // Long lists show their ends, so `range(1000)` stays one readable line.
            let shown = items.count <= 12
                ? items.map(\.summary)
                : items.prefix(5).map(\.summary) + ["..."] + items.suffix(5).map(\.summary)
            let body = "[" + shown.joined(separator: ", ") + "]"
            return items.count <= 12 ? body : "\(body) (\(items.count) items)"
        default: return displayText
        }
    }

    /// How `print` shows the value: like `summary`, but a string is its own text without quotes.
    public var displayText: String {
        switch self {
        case .number(let x): return NumberFormatting.format(x)
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .nothing: return "none"
        case .list: return summary
        case .handle(let handle): return handle.summary
        }
    }

    /// The handle inside, if this value is a handle of type `T`.
    public func handle<T: MnemoHandle>(_ type: T.Type) -> T? {
        if case .handle(let handle) = self { return handle as? T }
        return nil
    }

    /// `"text"` with `\`, `"`, newlines and tabs escaped: the literal that would read back as `text`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

extension Value: Equatable {
    /// Plain values compare by content; handles by identity (two handles are equal only if they are the same object).
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.nothing, .nothing): return true
        case let (.list(x), .list(y)): return x == y
        case let (.handle(x), .handle(y)): return x === y
        default: return false
        }
    }
}

extension Value: CustomStringConvertible {
    /// The summary, so string interpolation of a value reads as the REPL shows it.
    public var description: String { summary }
}
