/// What Tab completion offers: the word under the cursor and its replacements.
public struct Completion: Equatable, Sendable {
    /// The text just before the cursor that the candidates replace (may be empty).
    public let word: String
    /// Full replacements for `word`, most relevant first: named arguments (`lr:`, no trailing space),
    /// then bound names, then builtins; dot-commands when the line starts with `.`.
    public let candidates: [String]

    /// A completion replacing `word` with one of `candidates`.
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }
}

extension BuiltinRegistry {
    /// Completions for the text before the cursor.
    ///
    /// - Parameters:
    ///   - text: the line (or multi-line block) up to the cursor.
    ///   - boundNames: the session's bound names.
    ///   - dotCommands: the REPL's dot-commands (`.help`, `.runs`, ...), offered when the line starts with `.`.
    ///   - attributes: the attribute names of a bound name (for `run.gen` -> `run.general`).
    public func completions(for text: String, boundNames: [String], dotCommands: [String] = [],
                            attributes: (String) -> [String] = { _ in [] }) -> Completion {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        // `.hel` completes a dot-command; after `.help ` or `?` a builtin name.
        if trimmed.hasPrefix("."), !trimmed.contains(" ") {
            let word = String(trimmed)
            return Completion(word: word, candidates: dotCommands.filter { $0.hasPrefix(word) }.sorted())
        }
        let word = CompletionScan.trailingWord(of: text)
        if trimmed.hasPrefix("?") || (trimmed.hasPrefix(".") && trimmed.contains(" ")) {
            return Completion(word: word, candidates: names.filter { $0.hasPrefix(word) })
        }
        let scan = CompletionScan(text: String(text.dropLast(word.count)))
        guard !scan.insideString else { return Completion(word: word, candidates: []) }

        if let dot = word.lastIndex(of: ".") {
            let head = String(word[..<dot])
            let dotted = names.filter { $0.hasPrefix(word) }
            let attributeCandidates = boundNames.contains(head)
                ? attributes(head).map { "\(head).\($0)" }.filter { $0.hasPrefix(word) }.sorted()
                : []
            return Completion(word: word, candidates: attributeCandidates + dotted)
        }

        var candidates: [String] = []
        if scan.atArgumentStart, let callee = scan.enclosingCallee, let builtin = builtin(named: callee) {
            // Parameters already filled by position or by name are not offered again.
            let filled = Set(builtin.parameters.filter { $0.passing == .positionalOrNamed }.prefix(scan.positionalCount).map(\.name))
                .union(scan.givenLabels)
            candidates += builtin.parameters
                .filter { $0.passing != .variadic && !filled.contains($0.name) && $0.name.hasPrefix(word) }
                .map { "\($0.name):" }
        }
        candidates += boundNames.filter { $0.hasPrefix(word) }.sorted()
        candidates += names.filter { $0.hasPrefix(word) && !boundNames.contains($0) }
        if !word.isEmpty { candidates += ["true", "false", "none"].filter { $0.hasPrefix(word) } }
        var seen = Set<String>()
        return Completion(word: word, candidates: candidates.filter { seen.insert($0).inserted })
    }
}

extension Session {
    /// Completions for the text before the cursor, using this session's bindings and handle attributes.
    public func completions(for text: String, dotCommands: [String] = []) -> Completion {
        registry.completions(for: text, boundNames: boundNames, dotCommands: dotCommands) { [weak self] name in
            guard case .handle(let handle)? = self?.value(of: name) else { return [] }
            return handle.attributeNames
        }
    }
}

/// A light left-to-right scan of the text before the word being completed: open calls, labels
/// already given in the innermost call, and whether the cursor is inside a string.
struct CompletionScan {
    private struct Frame {
        var callee: String?
        var labels: Set<String> = []
        /// Positional arguments finished so far (they fill the first positional parameters).
        var positionalCount = 0
        var currentHasContent = false
        var currentIsNamed = false

        mutating func finishArgument() {
            if currentHasContent && !currentIsNamed { positionalCount += 1 }
            currentHasContent = false
            currentIsNamed = false
        }
    }

    private(set) var insideString = false
    private var frames: [Frame] = []
    private var lastSignificant: Character?

    init(text: String) {
        var identifier = ""      // the dotted name just read, for a following `(` or `:`
        var inComment = false
        var escaped = false
        var afterSpace = false
        for c in text {
            if inComment { if c == "\n" { inComment = false }; continue }
            if insideString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { insideString = false }
                continue
            }
            let isSpace = c == " " || c == "\t" || c == "\n"
            if !isSpace && c != "," && c != "#" && !frames.isEmpty { frames[frames.count - 1].currentHasContent = true }
            switch c {
            case "\"": insideString = true; identifier = ""
            case "#": inComment = true
            case "(": frames.append(Frame(callee: identifier.isEmpty ? nil : identifier)); identifier = ""
            case "[": frames.append(Frame(callee: nil)); identifier = ""
            case ")", "]": if !frames.isEmpty { frames.removeLast() }; identifier = ""
            case ",": if !frames.isEmpty { frames[frames.count - 1].finishArgument() }; identifier = ""
            case ":":
                if !identifier.isEmpty, !frames.isEmpty {
                    frames[frames.count - 1].labels.insert(identifier)
                    frames[frames.count - 1].currentIsNamed = true
                }
                identifier = ""
            case _ where c.isLetter || c.isNumber || c == "_" || c == ".":
                if afterSpace { identifier = "" }
                identifier.append(c)
            case " ", "\t", "\n": break
            default: identifier = ""
            }
            afterSpace = c == " " || c == "\t" || c == "\n"
            if !afterSpace { lastSignificant = c }
        }
    }

    /// The builtin name of the innermost open call, if the innermost bracket is a call.
    var enclosingCallee: String? { frames.last?.callee }
    /// The named arguments already written in the innermost call.
    var givenLabels: Set<String> { frames.last?.labels ?? [] }
    /// How many positional arguments the innermost call already has.
    var positionalCount: Int { frames.last?.positionalCount ?? 0 }
    /// True right after `(` or `,`, where a named argument may start.
    var atArgumentStart: Bool { lastSignificant == "(" || lastSignificant == "," }

    /// The dotted identifier (or `.command`/`?name` word) that ends `text`.
    static func trailingWord(of text: String) -> String {
        String(text.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }).reversed())
    }
}
