import Foundation

/// Bin counts of a set of values (for example per-text perplexities across collapse generations).
public struct Binned: Sendable, Equatable {
    /// `counts.count + 1` increasing bin edges; the last bin includes its right edge.
    public let edges: [Double]
    /// Values per bin.
    public let counts: [Int]
    /// Values that were NaN or infinite.
    public let nonFinite: Int
    /// Finite values outside an explicit range.
    public let outside: Int

    /// Counts the finite values of `values` in `bins` equal bins over `range` (default: their
    /// minimum to maximum); `nil` when there is no finite value in the range.
    public init?(_ values: [Double], bins: Int, range: ClosedRange<Double>? = nil) {
        let finite = values.filter(\.isFinite)
        var lo = range?.lowerBound ?? finite.min() ?? 0, hi = range?.upperBound ?? finite.max() ?? 0
        let inside = finite.filter { $0 >= lo && $0 <= hi }
        guard !inside.isEmpty, lo.isFinite, hi.isFinite else { return nil }
        if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
        let n = max(1, bins)
        let width = (hi - lo) / Double(n)
        var counts = Array(repeating: 0, count: n)
        for v in inside { counts[min(n - 1, Int((v - lo) / width))] += 1 }
        edges = (0...n).map { $0 == n ? hi : lo + width * Double($0) }
        self.counts = counts
        nonFinite = values.count - finite.count
        outside = finite.count - inside.count
    }
}

/// A histogram drawn as one horizontal bar per bin, labelled with its edges and count.
public struct Histogram: Sendable {
    /// The values to count.
    public var values: [Double]
    /// Number of equal-width bins.
    public var bins: Int
    /// Range to count over; `nil` uses the minimum and maximum of the finite values.
    public var range: ClosedRange<Double>?
    /// First line of the output.
    public var title: String?

    /// Creates a histogram.
    public init(_ values: [Double], bins: Int = 10, range: ClosedRange<Double>? = nil, title: String? = nil) {
        self.values = values
        self.bins = bins
        self.range = range
        self.title = title
    }

    /// The histogram as text lines joined by newlines, or a one-line message when no value can
    /// be counted.
    public func render(_ style: PlotStyle) -> String {
        let name = title.map { "\($0): " } ?? ""
        guard let binned = Binned(values, bins: bins, range: range) else {
            return "\(name)nothing to plot (no finite values\(range == nil ? "" : " in the range"))"
        }
        let step = binned.edges.count > 1 ? binned.edges[1] - binned.edges[0] : 1
        let edgeTexts = edgeLabels(binned.edges, step: step)
        let leftWidth = edgeTexts.dropLast().map(\.count).max() ?? 1
        let rightWidth = edgeTexts.dropFirst().map(\.count).max() ?? 1
        let countWidth = String(binned.counts.max() ?? 0).count
        let labelWidth = leftWidth + rightWidth + 4
        let barRoom = max(5, style.width - labelWidth - 2 - countWidth - 1)
        let top = max(1, binned.counts.max() ?? 1)
        var lines: [String] = []
        if let title { lines.append(title) }
        for (k, count) in binned.counts.enumerated() {
            let close = k == binned.counts.count - 1 ? "]" : ")"
            let label = "[" + padLeft(edgeTexts[k], leftWidth) + ", " + padLeft(edgeTexts[k + 1], rightWidth) + close
            let bar = Bars.horizontal(Double(count) / Double(top) * Double(barRoom), unicode: style.unicode)
            lines.append(label + "  " + Ansi.paint(bar, .basic(34), on: style.colour) + (bar.isEmpty ? "" : " ") + "\(count)")
        }
        var footer = "n=\(binned.counts.reduce(0, +))"
        if binned.nonFinite > 0 { footer += "  \(binned.nonFinite) not finite (skipped)" }
        if binned.outside > 0 { footer += "  \(binned.outside) outside the range" }
        lines.append(footer)
        return lines.map(rightTrimmed).joined(separator: "\n")
    }
}

/// Horizontal bars with eighth-cell resolution in unicode (`█▉▊▋▌▍▎▏`) and `#` in ASCII.
enum Bars {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    static func horizontal(_ length: Double, unicode: Bool) -> String {
        guard length.isFinite, length > 0 else { return "" }
        if !unicode { return String(repeating: "#", count: max(1, Int(length.rounded()))) }
        let eighthsTotal = max(1, Int((length * 8).rounded()))
        var bar = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { bar.append(eighths[eighthsTotal % 8 - 1]) }
        return bar
    }
}
