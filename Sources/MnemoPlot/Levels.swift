import Foundation

/// How the value range of a heatmap is cut into glyph levels.
public enum LevelScale: String, Sendable, Equatable, CaseIterable {
    /// Equal widths between the minimum and maximum.
    case linear
    /// Equal ratios (needs positive values; falls back to linear otherwise, and says so).
    case log
    /// Equal counts of grid values per level.
    case quantile
}

/// Edges that map values to level indices 0..<count, with a legend describing each level.
public struct Levels: Sendable, Equatable {
    /// `count + 1` increasing edges, from the minimum to the maximum of the values.
    public let edges: [Double]
    /// The scale actually used (log falls back to linear for non-positive data).
    public let scale: LevelScale
    /// Why the requested scale was not used, if it was not.
    public let note: String?

    /// Number of levels.
    public var count: Int { edges.count - 1 }

    /// Levels for the finite values of `values`; `nil` when there is none.
    public init?(values: [Double], count: Int, scale: LevelScale) {
        let finite = values.filter(\.isFinite).sorted()
        guard let lo = finite.first, let hi = finite.last else { return nil }
        let n = max(1, count)
        var used = scale
        var note: String?
        if scale == .log && lo <= 0 {
            used = .linear
            note = "log levels need positive values; linear used"
        }
        switch used {
        case .linear:
            edges = (0...n).map { k in k == n ? hi : lo + (hi - lo) * Double(k) / Double(n) }
        case .log:
            let (a, b) = (log(lo), log(hi))
            edges = (0...n).map { k in k == 0 ? lo : (k == n ? hi : exp(a + (b - a) * Double(k) / Double(n))) }
        case .quantile:
            edges = (0...n).map { k in Levels.quantile(finite, Double(k) / Double(n)) }
        }
        self.scale = used
        self.note = note
    }

    /// The level of `value` (0 for the lowest), or `nil` when it is not finite.
    public func index(of value: Double) -> Int? {
        guard value.isFinite else { return nil }
        var level = 0
        for k in 1..<edges.count - 1 where value >= edges[k] { level = k }
        return level
    }

    /// Legend entries `'g'<edge`, the last `'g'<=max`, using `glyphs[k]` for level k and the
    /// fewest significant digits (2 to 6) that print every edge within a twentieth of the
    /// narrowest level (so distinct edges never look equal).
    public func legend(glyphs: [Character], unicode: Bool) -> [String] {
        let widths = zip(edges.dropFirst(), edges).map { $0 - $1 }.filter { $0 > 0 }
        let tolerance = (widths.min() ?? 0) / 20
        let digits = (2...6).first { d in
            edges.allSatisfy { abs((Double(NumberFormat.significant($0, digits: d)) ?? $0) - $0) <= tolerance }
        } ?? 6
        return (0..<count).map { k in
            let glyph = k < glyphs.count ? glyphs[k] : "?"
            let last = k == count - 1
            let relation = last ? (unicode ? "≤" : "<=") : "<"
            return "'\(glyph)'\(relation)\(NumberFormat.significant(edges[k + 1], digits: digits))"
        }
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
        let t = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * t
    }
}

/// Wraps `items` separated by two spaces into lines of at most `width` columns, the first line
/// starting with `prefix` and the others indented by two spaces.
func wrapItems(_ items: [String], prefix: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = prefix
    for item in items {
        let candidate = current.isEmpty || current.hasSuffix(" ") ? current + item : current + "  " + item
        if candidate.count > width && !current.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.append(current)
            current = "  " + item
        } else {
            current = candidate
        }
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(current) }
    return lines
}

/// Breaks a line of plain text at spaces (two-space item gaps first) so that no piece is wider than `width`; continuation
/// pieces are indented by `indent` spaces. Words longer than a line are cut.
func wrapLine(_ line: String, width: Int, indent: Int = 3) -> [String] {
    let width = max(width, indent + 8)
    var pieces: [String] = []
    var rest = Array(line)
    var prefix: [Character] = []
    while prefix.count + rest.count > width {
        let room = width - prefix.count
        // Prefer the gap between two-space separated items, then any space, then a hard cut.
        let window = 1..<min(room + 1, rest.count)
        let cut = window.last { $0 + 1 < rest.count && rest[$0] == " " && rest[$0 + 1] == " " }
            ?? window.last { rest[$0] == " " } ?? room
        pieces.append(String(prefix + rest[..<cut]))
        rest = Array(rest[cut...].drop { $0 == " " })
        prefix = Array(repeating: " ", count: indent)
    }
    if !rest.isEmpty || pieces.isEmpty { pieces.append(String(prefix + rest)) }
    return pieces
}
