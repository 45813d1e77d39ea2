import Foundation

/// Help for people at the prompt: one builtin in detail, or all builtins by category.
extension BuiltinRegistry {
    /// The full help of builtin `name`: signature, doc, arguments, example. Throws for an unknown name.
    public func help(_ name: String) throws -> String {
        guard let builtin = builtin(named: name) else { throw unknownFunctionError(name) }
        var out = builtin.signature + "\n\n"
        out += TextWrap.wrap(builtin.doc, width: 76, indent: "  ") + "\n"
        if !builtin.parameters.isEmpty {
            out += "\n  Arguments:\n"
            let rows = builtin.parameters.map { parameter -> (String, String, String) in
                (parameter.name, HelpText.typeAndDefault(parameter), HelpText.description(parameter))
            }
            let nameWidth = rows.map(\.0.count).max() ?? 0
            let typeWidth = rows.map(\.1.count).max() ?? 0
            for (name, type, doc) in rows {
                out += "    " + HelpText.pad(name, nameWidth) + "  " + HelpText.pad(type, typeWidth) + "  " + doc + "\n"
            }
        }
        out += "\n  Example:\n" + builtin.example.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// Every builtin by category, one line each: name and the first sentence of its doc.
    public func helpIndex() -> String {
        var out = "Builtins (help(\"name\") or .help name for details):\n"
        let width = builtins.map(\.name.count).max() ?? 0
        for category in categories {
            out += "\n\(category)\n"
            for builtin in builtins(in: category) {
                out += "  " + HelpText.pad(builtin.name, width) + "  " + HelpText.firstSentence(builtin.doc) + "\n"
            }
        }
        return out
    }
}

/// Small formatting pieces shared by help and the Markdown reference.
enum HelpText {
    /// `integer = 1000`, `model`, `any...`.
    static func typeAndDefault(_ parameter: Parameter) -> String {
        switch parameter.passing {
        case .variadic: return parameter.typeDescription + "..."
        default:
            guard let value = parameter.defaultValue else { return parameter.typeDescription }
            return "\(parameter.typeDescription) = \(value.summary)"
        }
    }

    /// The parameter's doc plus what a reader needs to call it right: required, named only, allowed values.
    static func description(_ parameter: Parameter) -> String {
        var notes: [String] = []
        if parameter.isRequired { notes.append("required") }
        if parameter.passing == .namedOnly { notes.append("named only") }
        if let allowed = parameter.allowedValues { notes.append("one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")) }
        return notes.isEmpty ? parameter.doc : "\(parameter.doc) (\(notes.joined(separator: "; ")))"
    }

    /// The text up to and including the first ". ", or all of it.
    static func firstSentence(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard let end = flat.range(of: ". ") else { return flat }
        return String(flat[..<end.lowerBound]) + "."
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 0))
    }
}

/// Greedy word wrapping for help paragraphs.
enum TextWrap {
    /// `text` wrapped at `width` columns, each line prefixed by `indent`; blank lines separate paragraphs.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n")
        return paragraphs.map { paragraph -> String in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                    lines.append(indent + line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            if !line.isEmpty { lines.append(indent + line) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
