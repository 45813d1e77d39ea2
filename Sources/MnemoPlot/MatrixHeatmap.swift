import Foundation

/// A labelled matrix (the accuracy matrix a[k][i] of continual learning): row and column labels,
/// the value written in each cell when it fits; when it does not, percentages under column
/// numbers (values within 0...1), else one glyph of the ramp per level; colour by level on top
/// when colour is on. Non-finite entries (not evaluated) show as a dot.
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
        let missing = style.unicode ? "·" : "-"
        let numberTexts = (0..<nrows).map { r in (0..<ncols).map { c in
            value(r, c).isFinite ? String(format: "%.\(decimals)f", value(r, c)) : missing
        } }
        let percentTexts = (0..<nrows).map { r in (0..<ncols).map { c in
            // Only used when every value lies in 0...1; others never reach Int conversion.
            (0...1).contains(value(r, c)) ? String(Int((value(r, c) * 100).rounded())) : missing
        } }
        let rowWidth = rows.map(\.count).max() ?? 0
        let numberWidth = max(cols.map(\.count).max() ?? 0, numberTexts.flatMap { $0 }.map(\.count).max() ?? 0)
        let percentWidth = max(String(ncols - 1).count, percentTexts.flatMap { $0 }.map(\.count).max() ?? 0)
        let unitRange = values.flatMap { $0 }.allSatisfy { !$0.isFinite || (0...1).contains($0) }
        // Values with their labels if they fit; else percentages under column numbers (accuracies
        // of many tasks); else one glyph per level.
        let mode: Mode
        if rowWidth + ncols * (numberWidth + 2) <= style.width { mode = .numbers }
        else if unitRange && rowWidth + ncols * (percentWidth + 1) <= style.width { mode = .percent }
        else { mode = .glyphs }
        let cellWidth: Int, gap: Int
        switch mode {
        case .numbers: (cellWidth, gap) = (numberWidth, 2)
        case .percent: (cellWidth, gap) = (percentWidth, 1)
        case .glyphs: (cellWidth, gap) = (max(1, min(2, (style.width - rowWidth - 1) / ncols - 1)), 1)
        }

        var lines: [String] = []
        if let title { lines.append(title) }
        let headerCells = cols.enumerated().map { c, label -> String in
            switch mode {
            case .numbers: return padLeft(label, cellWidth)
            case .percent: return padLeft(String(c), cellWidth)
            case .glyphs: return padLeft(String(String(c % 10).suffix(cellWidth)), cellWidth)
            }
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
                switch mode {
                case .numbers: text = padLeft(numberTexts[r][c], cellWidth)
                case .percent: text = padLeft(percentTexts[r][c], cellWidth)
                case .glyphs:
                    let glyph = lv.map { String(ramp[min($0, ramp.count - 1)]) } ?? (style.unicode ? "·" : "?")
                    text = String(repeating: glyph, count: cellWidth)
                }
                let count = levels?.count ?? 1
                runs.append(text, foreground: lv.map { HeatPalette.foreground(level: $0, of: count) },
                            background: lv.map { HeatPalette.background(level: $0, of: count) })
            }
            lines.append(runs.result)
        }
        if mode == .percent { lines.append("values in %") }
        if mode != .numbers {
            let numbering = mode == .percent ? { (c: Int) in String(c) } : { (c: Int) in String(c % 10) }
            lines.append(contentsOf: wrapItems(cols.enumerated().map { "\(numbering($0.offset))=\($0.element)" },
                                               prefix: "columns: ", width: style.width)
                .flatMap { wrapLine($0, width: style.width) })
        }
        if mode == .glyphs, let levels {
            let lo = NumberFormat.significant(levels.edges.first ?? 0, digits: 3)
            lines.append(contentsOf: wrapItems(levels.legend(glyphs: ramp, unicode: style.unicode),
                                               prefix: "levels (from \(lo)): ", width: style.width))
        }
        return lines.map(rightTrimmed).joined(separator: "\n")
    }
}

/// How the cells of a matrix heatmap are written.
private enum Mode {
    case numbers, percent, glyphs
}
