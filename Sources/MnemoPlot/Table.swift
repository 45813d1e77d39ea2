/// A table with aligned columns: numbers right-aligned and formatted with a chosen number of
/// significant digits, text left-aligned; used by `compare` and run listings.
public struct Table: Sendable {
    /// How a column is aligned.
    public enum Alignment: Sendable, Equatable {
        /// Text against the left edge.
        case left
        /// Text against the right edge.
        case right
    }

    /// One table cell.
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
                      ExpressibleByIntegerLiteral {
        /// Text, left-aligned by default.
        case text(String)
        /// A number, right-aligned and formatted by the table.
        case number(Double)
        /// Nothing (shown as `-`).
        case empty

        /// A text cell from a literal.
        public init(stringLiteral value: String) { self = .text(value) }
        /// A number cell from a literal.
        public init(floatLiteral value: Double) { self = .number(value) }
        /// A number cell from an integer literal.
        public init(integerLiteral value: Int) { self = .number(Double(value)) }
    }

    /// Column headers (their count is the column count).
    public var headers: [String]
    /// Rows of cells; short rows are padded with empty cells, extra cells ignored.
    public var rows: [[Cell]]
    /// First line of the output.
    public var title: String?
    /// Significant digits of number cells (integral values print whole).
    public var digits: Int
    /// Per-column alignment; `nil` (or a missing entry) means right for all-number columns, left otherwise.
    public var alignments: [Alignment]?

    /// Creates a table.
    public init(headers: [String], rows: [[Cell]], title: String? = nil, digits: Int = 4,
                alignments: [Alignment]? = nil) {
        self.headers = headers
        self.rows = rows
        self.title = title
        self.digits = max(1, digits)
        self.alignments = alignments
    }

    /// Text of a number cell: whole numbers as integers, others with `digits` significant digits.
    public static func format(_ value: Double, digits: Int) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return NumberFormat.significant(value, digits: digits, trim: false)
    }

    /// The table as lines joined by newlines: optional title, header, rule, rows. Text columns
    /// are shortened (with an ellipsis) when the table is wider than the style's width.
    public func render(_ style: PlotStyle) -> String {
        let n = headers.count
        if n == 0 { return (title.map { "\($0): " } ?? "") + "empty table (no columns)" }
        let cells = rows.map { row in (0..<n).map { $0 < row.count ? row[$0] : .empty } }
        var texts = cells.map { row in row.map { cell -> String in
            switch cell {
            case .text(let s): return s
            case .number(let v): return Table.format(v, digits: digits)
            case .empty: return "-"
            }
        } }
        let align = (0..<n).map { c -> Alignment in
            if let alignments, c < alignments.count { return alignments[c] }
            let column = cells.map { $0[c] }.filter { $0 != .empty }
            let numeric = !column.isEmpty && column.allSatisfy { if case .number = $0 { return true } else { return false } }
            return numeric ? .right : .left
        }
        var widths = (0..<n).map { c in max(headers[c].count, texts.map { $0[c].count }.max() ?? 0) }
        let total = { widths.reduce(0, +) + 2 * (n - 1) }
        let ellipsis = style.unicode ? "…" : "~"
        // Shorten the widest left-aligned column, one character at a time, while too wide.
        while total() > style.width {
            guard let c = (0..<n).filter({ align[$0] == .left && widths[$0] > max(4, headers[$0].count) })
                .max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
            for r in texts.indices where texts[r][c].count > widths[c] {
                texts[r][c] = String(texts[r][c].prefix(widths[c] - 1)) + ellipsis
            }
        }
        let line = { (values: [String]) -> String in
            (0..<n).map { c in align[c] == .right ? padLeft(values[c], widths[c]) : padRight(values[c], widths[c]) }
                .joined(separator: "  ")
        }
        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(line(headers))
        lines.append(widths.map { String(repeating: style.unicode ? "─" : "-", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: texts.map(line))
        return lines.map(rightTrimmed).joined(separator: "\n")
    }
}
