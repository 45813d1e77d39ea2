import Foundation

/// A labelled matrix (the accuracy matrix a[k][i] of continual learning): row and column labels,
/// the value written in each cell when it fits, glyph-ramp cells when it does not, and colour
/// by level on top when colour is on. Non-finite entries (not evaluated) show as a dot.
public struct MatrixHeatmap: Sendable {
    /// `values[r][c]`; rows may be shorter than the column count (missing cells are blank dots).
    public var values: [[Double]]
    /// One label per row (missing ones are numbered).
    public var rowLabels: [String]
    /// One label per column (missing ones are numbered).
    public var columnLabels: [String]
    /// First line of the output.
    public var title: String?
    /// Decimals of the printed values.
    public var decimals: Int
    /// Value range mapped onto the levels; `nil` uses the finite minimum and maximum.
    public var range: ClosedRange<Double>?
    /// Glyphs from the lowest level to the highest, for cells too narrow for numbers.
    public var ramp: [Character]

    /// Creates a labelled matrix heatmap.
    public init(_ values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                title: String? = nil, decimals: Int = 2, range: ClosedRange<Double>? = nil,
                ramp: [Character] = Heatmap.defaultRamp) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.decimals = max(0, min(decimals, 10))
        self.range = range
        self.ramp = ramp.isEmpty ? Heatmap.defaultRamp : ramp
    }

    /// The matrix as text lines joined by newlines, or a one-line message when it is empty.
    public func render(_ style: PlotStyle) -> String {
        let name = title.map { "\($0): " } ?? ""
        let nrows = values.count, ncols = max(values.map(\.count).max() ?? 0, columnLabels.count)
        if nrows == 0 || ncols == 0 { return "\(name)nothing to plot (empty matrix)" }
        let value = { (r: Int, c: Int) -> Double in c < values[r].count ? values[r][c] : .nan }
        let rows = (0..<nrows).map { r in r < rowLabels.count ? rowLabels[r] : "\(r)" }
        let cols = (0..<ncols).map { c in c < columnLabels.count ? columnLabels[c] : "\(c)" }
        var finite = values.flatMap { $0 }.filter(\.isFinite)
        if let range { finite = [range.lowerBound, range.upperBound] }
        let levels = Levels(values: finite.isEmpty ? [0, 1] : finite, count: ramp.count, scale: .linear)
        let level = { (v: Double) -> Int? in
            guard v.isFinite, let levels else { return nil }
            return levels.index(of: min(max(v, levels.edges.first ?? v), levels.edges.last ?? v))
        }
        let texts = (0..<nrows).map { r in (0..<ncols).map { c in
            value(r, c).isFinite ? String(format: "%.\(decimals)f", value(r, c)) : (style.unicode ? "·" : "-")
        } }
        let rowWidth = rows.map(\.count).max() ?? 0
        let numberWidth = max(cols.map(\.count).max() ?? 0, texts.flatMap { $0 }.map(\.count).max() ?? 0)
        let numbersFit = rowWidth + ncols * (numberWidth + 2) <= style.width
        let cellWidth = numbersFit ? numberWidth : max(1, min(2, (style.width - rowWidth - 1) / ncols - 1))
        let gap = numbersFit ? 2 : 1

        var lines: [String] = []
        if let title { lines.append(title) }
        let headerCells = cols.enumerated().map { c, label in
            numbersFit ? padLeft(label, cellWidth) : padLeft(String(String(c % 10).suffix(cellWidth)), cellWidth)
        }
        let spacer = String(repeating: " ", count: gap)
        lines.append(padRight("", rowWidth) + spacer + headerCells.joined(separator: spacer))
        for r in 0..<nrows {
            var runs = ColourRuns(on: style.colour)
            runs.append(padRight(rows[r], rowWidth), foreground: nil, background: nil)
            for c in 0..<ncols {
                runs.append(spacer, foreground: nil, background: nil)
                let lv = level(value(r, c))
                let text: String
                if numbersFit { text = padLeft(texts[r][c], cellWidth) }
                else if let lv { text = String(repeating: String(ramp[min(lv, ramp.count - 1)]), count: cellWidth) }
                else { text = String(repeating: style.unicode ? "·" : "?", count: cellWidth) }
                let count = levels?.count ?? 1
                runs.append(text, foreground: lv.map { HeatPalette.foreground(level: $0, of: count) },
                            background: lv.map { HeatPalette.background(level: $0, of: count) })
            }
            lines.append(runs.result)
        }
        if !numbersFit {
            lines.append(contentsOf: wrapItems(cols.enumerated().map { "\($0.offset % 10)=\($0.element)" },
                                               prefix: "columns: ", width: style.width)
                .flatMap { wrapLine($0, width: style.width) })
            if let levels {
                let lo = NumberFormat.significant(levels.edges.first ?? 0, digits: 3)
                lines.append(contentsOf: wrapItems(levels.legend(glyphs: ramp, unicode: style.unicode),
                                                   prefix: "levels (from \(lo)): ", width: style.width))
            }
        }
        return lines.map(rightTrimmed).joined(separator: "\n")
    }
}
