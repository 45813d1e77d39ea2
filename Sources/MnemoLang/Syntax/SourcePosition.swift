/// A place in a source text: 1-based line and 1-based column (counted in characters).
public struct SourcePosition: Equatable, Hashable, Comparable, CustomStringConvertible, Sendable {
    /// The 1-based line number (notebook cells keep the line numbers of the whole file).
    public var line: Int
    /// The 1-based column, counted in characters so a caret lines up under it.
    public var column: Int

    /// Creates a position at `line`, `column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line 3, col 14`, the prefix of every positioned error message.
    public var description: String { "line \(line), col \(column)" }

    /// Orders positions by line, then column.
    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// The lines of a source text, addressable by the line numbers its positions use.
public struct SourceLines: Sendable {
    /// The text of each line, without line terminators.
    public let lines: [String]
    /// The line number of `lines[0]` (greater than 1 for a notebook cell).
    public let firstLine: Int

    /// Splits `source` into lines; the first one is numbered `firstLine`.
    public init(_ source: String, firstLine: Int = 1) {
        // Split on "\n" only, then drop a trailing "\r", so CRLF files keep their columns.
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        self.firstLine = firstLine
    }

    /// The text of line `number`, or nil if the source has no such line.
    public func line(_ number: Int) -> String? {
        let index = number - firstLine
        return lines.indices.contains(index) ? lines[index] : nil
    }

    /// The lines from `start` through `end` (both inclusive), joined with newlines.
    public func text(from start: Int, through end: Int) -> String {
        let lo = max(start - firstLine, 0), hi = min(end - firstLine, lines.count - 1)
        guard lo <= hi else { return "" }
        return lines[lo...hi].joined(separator: "\n")
    }
}
