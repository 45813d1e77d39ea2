import MnemoLang

/// Language errors as compilers print them: `FILE:line:col: message`, then the source line and a caret.
enum Diagnostics {
    /// One line: `FILE:line:col: message` (or `FILE: message` without a position), plus `suffix`.
    static func line(_ error: MnemoError, file: String, suffix: String = "") -> String {
        guard let position = error.position else { return "\(file): \(error.message)\(suffix)" }
        return "\(file):\(position.line):\(position.column): \(error.message)\(suffix)"
    }

    /// The one-line form followed, when the source line is known, by that line and a caret under the column.
    static func rendered(_ error: MnemoError, file: String, suffix: String = "") -> String {
        let first = line(error, file: file, suffix: suffix)
        guard let position = error.position, let source = error.sourceLine else { return first }
        // Keep tabs from the source so the caret lines up under the right character.
        let pad = source.prefix(max(position.column - 1, 0)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(first)\n    \(source)\n    \(pad)^"
    }
}
