/// A `.mnemo` notebook: a plain script cut into cells by `# %%` marker lines (DESIGN.md §4).
///
/// ```
/// # %% [markdown]
/// # GeRe at small scale
/// # %% parameters
/// lr = 1e-4
/// # %% pretrain
/// base = gpt(d: 64)
/// ```
/// Text before the first marker, if any, is an untitled code cell.
public struct Notebook: Equatable, Sendable {
    /// The cells in file order.
    public var cells: [NotebookCell]

    /// Creates a notebook from cells.
    public init(cells: [NotebookCell]) { self.cells = cells }

    /// Reads notebook text; fails if it has more than one parameters cell.
    public init(parsing text: String) throws {
        let lines = SourceLines(text).lines
        var cells: [NotebookCell] = []
        var pending: (marker: NotebookCell.Marker, markerLine: Int?, firstLine: Int, body: [String])?
        pending = (NotebookCell.Marker(kind: .code, title: nil), nil, 1, [])

        func close(_ cell: (marker: NotebookCell.Marker, markerLine: Int?, firstLine: Int, body: [String])) {
            // A file that starts with a marker has nothing before it; blank lines there are not a cell.
            if cell.markerLine == nil && cell.body.allSatisfy({ $0.trimmingSpaces.isEmpty }) { return }
            var body = cell.body
            while let last = body.last, last.trimmingSpaces.isEmpty { body.removeLast() }
            cells.append(NotebookCell(index: cells.count, kind: cell.marker.kind, title: cell.marker.title,
                                      source: body.joined(separator: "\n"), firstLine: cell.firstLine,
                                      markerLine: cell.markerLine))
        }

        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if let marker = NotebookCell.Marker(line: line) {
                if let open = pending { close(open) }
                pending = (marker, number, number + 1, [])
            } else {
                pending?.body.append(line)
            }
        }
        if let open = pending { close(open) }

        let parameterCells = cells.filter { $0.kind == .parameters }
        if parameterCells.count > 1 {
            let at = parameterCells.compactMap(\.markerLine).map(String.init).joined(separator: " and ")
            throw MnemoError(.notebook, "a notebook has at most one parameters cell, found \(parameterCells.count) (lines \(at))",
                             at: parameterCells[1].markerLine.map { SourcePosition(line: $0, column: 1) },
                             sourceLine: parameterCells[1].markerLine.flatMap { lines.indices.contains($0 - 1) ? lines[$0 - 1] : nil })
        }
        self.cells = cells
    }

    /// The parameters cell, if the notebook has one.
    public var parametersCell: NotebookCell? { cells.first { $0.kind == .parameters } }

    /// The names the parameters cell binds at top level, in order (the names `-p` may override).
    public var parameterNames: [String] {
        guard let cell = parametersCell else { return [] }
        return Parser.parse(cell.source, firstLine: cell.firstLine).statements.compactMap { statement in
            if case .assignment(let name, _) = statement.kind { return name }
            return nil
        }
    }

    /// The notebook as text again: marker lines and cell bodies.
    public var text: String {
        cells.map { cell in
            let marker = cell.markerLine == nil && cell.index == 0 && cell.kind == .code && cell.title == nil
                ? nil : cell.markerText
            return ([marker].compactMap { $0 } + (cell.source.isEmpty ? [] : [cell.source])).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }
}

/// One cell of a notebook.
public struct NotebookCell: Equatable, Sendable {
    /// What a cell holds.
    public enum Kind: String, Sendable {
        /// Statements to run.
        case code
        /// Prose written as `#` comment lines; not run.
        case markdown
        /// Statements whose top-level bindings `-p name=value` may override.
        case parameters
    }

    /// The cell's 0-based position in the notebook.
    public let index: Int
    /// What the cell holds.
    public let kind: Kind
    /// The title written after `# %%` (nil when there is none).
    public let title: String?
    /// The cell body: every line after the marker up to the next marker, trailing blank lines dropped.
    public let source: String
    /// The file line number of the first body line (errors use file line numbers).
    public let firstLine: Int
    /// The file line number of the `# %%` marker (nil for text before the first marker).
    public let markerLine: Int?

    /// Creates a cell.
    public init(index: Int, kind: Kind, title: String?, source: String, firstLine: Int, markerLine: Int?) {
        self.index = index
        self.kind = kind
        self.title = title
        self.source = source
        self.firstLine = firstLine
        self.markerLine = markerLine
    }

    /// The prose of a markdown cell: each line with its leading `#` (and one space) removed.
    public var markdownText: String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var text = Substring(line)
            while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
            guard text.hasPrefix("#") else { return String(line) }
            text = text.dropFirst()
            if text.hasPrefix(" ") { text = text.dropFirst() }
            return String(text)
        }.joined(separator: "\n")
    }

    /// A name for reports and errors: the title, else "cell N" (1-based).
    public var displayName: String { title ?? (kind == .parameters ? "parameters" : "cell \(index + 1)") }

    /// The marker line that starts this cell: `# %% title`, `# %% [markdown]`, `# %% parameters`.
    public var markerText: String {
        switch kind {
        case .markdown: return "# %% [markdown]" + (title.map { " \($0)" } ?? "")
        case .parameters: return "# %% parameters"
        case .code: return "# %%" + (title.map { " \($0)" } ?? "")
        }
    }

    /// The kind and title a marker line declares.
    struct Marker {
        var kind: Kind
        var title: String?

        init(kind: Kind, title: String?) {
            self.kind = kind
            self.title = title
        }

        /// Reads `# %%`, `#%%`, `# %% title`, `# %% [markdown] title`, `# %% [md]`, `# %% parameters`,
        /// `# %% [parameters]`; nil for any other line.
        init?(line: String) {
            var rest = Substring(line.trimmingSpaces)
            guard rest.hasPrefix("#") else { return nil }
            rest = rest.dropFirst().drop(while: { $0 == " " })
            guard rest.hasPrefix("%%") else { return nil }
            rest = rest.dropFirst(2)
            // `# %%%` or `# %%x` are ordinary comments, not markers.
            if let next = rest.first, next != " " && next != "\t" { return nil }
            var text = String(rest).trimmingSpaces
            kind = .code
            for (tag, tagKind) in [("[markdown]", Kind.markdown), ("[md]", .markdown), ("[parameters]", .parameters)]
            where text.lowercased().hasPrefix(tag) {
                kind = tagKind
                text = String(text.dropFirst(tag.count)).trimmingSpaces
                break
            }
            if kind == .code, text == "parameters" {
                kind = .parameters
                text = ""
            }
            title = text.isEmpty ? nil : text
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
