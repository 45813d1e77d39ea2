import Foundation

/// The Markdown reference of every builtin (`mnemo help --markdown` writes it to docs/reference.md).
extension BuiltinRegistry {
    /// A Markdown document: a contents list by category, then per builtin its signature, doc,
    /// a table of arguments and an example. Deterministic, so the file diffs cleanly.
    public func markdownReference(title: String = "mnemo language reference") -> String {
        var out = "# \(title)\n\n"
        out += "Generated from the builtin registry by `mnemo help --markdown`; do not edit by hand.\n\n"
        out += MarkdownText.syntaxSummary + "\n"
        out += "## Contents\n\n"
        for category in categories {
            let names = builtins(in: category).map { "[`\($0.name)`](#\(MarkdownText.anchor($0.name)))" }
            out += "- **\(category)**: \(names.joined(separator: ", "))\n"
        }
        for category in categories {
            out += "\n## \(category)\n"
            for builtin in builtins(in: category) {
                out += "\n" + MarkdownText.section(for: builtin)
            }
        }
        return out
    }
}

/// Markdown pieces for the reference.
enum MarkdownText {
    /// The language in a nutshell, at the top of the reference.
    static let syntaxSummary = """
        ## Syntax

        - One statement per line: `name = expression` binds a name; a bare expression prints its value.
          A statement continues over lines while a `(` or `[` is open. `#` starts a comment.
        - Literals: numbers (`300`, `-2`, `1e-4`, `1_000`), strings (`"text"`, escapes `\\n \\t \\" \\\\ \\u{e9}`),
          `true`, `false`, `none`, lists (`[a, b]`, indexed as `xs[0]`, `xs[-1]`).
        - Arithmetic on numbers: `+ - * /` with the usual precedence and parentheses; `+` also joins two
          strings or two lists.
        - Calls take positional arguments, then named ones: `pretrain(base, general, steps: 300)`.
          Some builtin names contain a dot (`corpus.synthetic`); on a value, `.name` reads an attribute
          (`run.general`).
        - Types: number, integer (a whole number), string, bool, none, list, function, and handles
          (model, corpus, tasks, replay, run, plot, table, method).

        """

    static func section(for builtin: Builtin) -> String {
        var out = "### \(builtin.name)\n\n"
        out += fenced(builtin.signature, info: "") + "\n"
        out += builtin.doc + "\n\n"
        if !builtin.parameters.isEmpty {
            out += "| argument | type | default | description |\n|---|---|---|---|\n"
            for parameter in builtin.parameters {
                let defaultText: String
                switch parameter.passing {
                case .variadic: defaultText = "any number, positional"
                default: defaultText = parameter.defaultValue.map { "`\($0.summary)`" } ?? "required"
                }
                out += "| `\(parameter.name)` | \(cell(parameter.typeDescription)) | \(cell(defaultText)) | "
                    + "\(cell(HelpText.description(parameter))) |\n"
            }
            out += "\n"
        }
        out += "Example:\n\n" + fenced(builtin.example, info: "mnemo")
        return out
    }

    /// A table cell: pipes escaped, newlines flattened.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A fenced code block whose fence is longer than any backtick run inside `text`.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return "\(fence)\(info)\n\(body)\(fence)\n"
    }

    /// The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
        })
    }
}
