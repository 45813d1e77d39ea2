import Foundation

/// A line chart of several series on a braille, block or ASCII canvas, with tidy ticks, optional
/// log y, clipping to a y range (with arrows where values leave it), vertical markers, a title,
/// and one legend line per series giving its glyph, name, first, last, min and max.
public struct LineChart: Sendable {
    /// Curves to draw, in legend order.
    public var series: [Series]
    /// First line of the output.
    public var title: String?
    /// Name of the x axis, written after the x tick labels.
    public var xLabel: String?
    /// Name of the y axis, written above the axis.
    public var yLabel: String?
    /// Log-scaled y (values <= 0 are skipped).
    public var logY: Bool
    /// Lower y limit; smaller values are drawn on the bottom edge with a down arrow.
    public var yMin: Double?
    /// Upper y limit; larger values are drawn on the top edge with an up arrow.
    public var yMax: Double?
    /// Vertical lines with labels (task boundaries).
    public var markers: [VerticalMarker]
    /// Extra lines under the legend (settings, sharpness...), wrapped to the width.
    public var notes: [String]

    /// Creates a chart; every option but the series may be left out.
    public init(_ series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                logY: Bool = false, yMin: Double? = nil, yMax: Double? = nil, markers: [VerticalMarker] = [],
                notes: [String] = []) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.yMin = yMin
        self.yMax = yMax
        self.markers = markers
        self.notes = notes
    }

    /// The chart as text lines joined by newlines (no trailing newline), or a one-line message
    /// saying why there is nothing to draw.
    public func render(_ style: PlotStyle) -> String {
        LineChartRenderer(chart: self, style: style).render()
    }
}

/// The layout work of `LineChart.render`, kept apart so the public type stays a plain value.
private struct LineChartRenderer {
    let chart: LineChart
    let style: PlotStyle
    let axis: AxisText

    init(chart: LineChart, style: PlotStyle) {
        self.chart = chart
        self.style = style
        self.axis = AxisText(unicode: style.unicode)
    }

    /// Usable points of one series (after the log filter) and how many were dropped.
    struct Prepared {
        var segments: [[(x: Double, y: Double)]]
        var finite: [Double]
        var skipped: Int
    }

    func prepare(_ s: Series) -> Prepared {
        var segments: [[(x: Double, y: Double)]] = [[]]
        var finite: [Double] = []
        var skipped = 0
        for pair in s.pairs {
            if let p = pair, !chart.logY || p.y > 0 {
                segments[segments.count - 1].append((p.x, chart.logY ? log10(p.y) : p.y))
                finite.append(p.y)
            } else {
                skipped += 1
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
            }
        }
        return Prepared(segments: segments.filter { !$0.isEmpty }, finite: finite, skipped: skipped)
    }

    func render() -> String {
        let name = chart.title.map { "\($0): " } ?? ""
        if chart.series.isEmpty { return "\(name)nothing to plot (no series given)" }
        let prepared = chart.series.map(prepare)
        let all = prepared.flatMap { $0.segments.flatMap { $0 } }
        if all.isEmpty {
            let names = chart.series.map { "'\($0.name)'" }.joined(separator: ", ")
            let why = chart.logY ? "no finite positive values" : "no finite values"
            return "\(name)nothing to plot (\(why) in \(names))"
        }
        let xs = all.map(\.x), ys = all.map(\.y)
        var xlo = xs.min() ?? 0, xhi = xs.max() ?? 1
        if xlo == xhi { (xlo, xhi) = (xlo - 1, xhi + 1) }
        let (ylo, yhi, yTicks) = yAxis(dataLo: ys.min() ?? 0, dataHi: ys.max() ?? 1)

        let yLabels = chart.logY ? tickLabels(yTicks.map { pow(10, $0).rounded(toSignificant: 12) }, log: true)
            : tickLabels(yTicks)
        let margin = yLabels.map(\.count).max() ?? 1
        let columns = max(10, style.width - margin - 2)
        var canvas = Canvas(kind: style.effectiveCanvas, columns: columns, rows: style.height)
        let dotWidth = canvas.dotWidth, dotHeight = canvas.dotHeight
        let dotX = { (x: Double) in scaled(x, from: xlo, xhi, count: dotWidth) }
        let dotY = { (y: Double) in scaled(y, from: ylo, yhi, count: dotHeight, flip: true) }

        var clipped = Array(repeating: 0, count: chart.series.count)
        let up: Character = style.unicode ? "↑" : "^", down: Character = style.unicode ? "↓" : "v"
        for (index, s) in chart.series.enumerated() {
            let glyph = s.glyph ?? SeriesGlyphs.glyph(index, unicode: style.unicode)
            let colour = s.colour ?? AnsiColour.seriesCycle[index % AnsiColour.seriesCycle.count]
            for segment in prepared[index].segments {
                var previous: (x: Int, y: Int)?
                for p in segment {
                    let dot = (x: dotX(p.x), y: dotY(p.y))
                    if let previous { canvas.line(from: previous, to: dot, colour: colour, glyph: glyph) }
                    else { canvas.setDot(x: dot.x, y: dot.y, colour: colour, glyph: glyph) }
                    previous = dot
                }
            }
            if style.effectiveCanvas != .ascii {
                overlayMarkers(prepared[index].segments.flatMap { $0 }, seriesIndex: index, glyph: glyph,
                               colour: colour, canvas: &canvas, dotX: dotX, dotY: dotY)
            }
            for p in prepared[index].segments.flatMap({ $0 }) where p.y > yhi || p.y < ylo {
                clipped[index] += 1
                canvas.overlay(column: dotX(p.x) / canvas.dotsPerColumn, row: p.y > yhi ? 0 : canvas.rows - 1,
                               glyph: p.y > yhi ? up : down, colour: colour)
            }
        }
        var markerLabels: [(position: Int, text: String)] = []
        for marker in chart.markers where marker.x.isFinite && marker.x >= xlo && marker.x <= xhi {
            let column = dotX(marker.x) / canvas.dotsPerColumn
            for row in 0..<canvas.rows { canvas.background(column: column, row: row, glyph: style.unicode ? "┊" : ":") }
            markerLabels.append((margin + 2 + column + (marker.label.count - 1) / 2, marker.label))
        }

        var lines: [String] = []
        if let title = chart.title { lines.append(title + (chart.logY ? "  (log y)" : "")) }
        else if chart.logY { lines.append("(log y)") }
        if let yLabel = chart.yLabel { lines.append(yLabel) }
        if !markerLabels.isEmpty { lines.append(AxisText.placeLabels(markerLabels, width: style.width)) }
        var labelAtRow: [Int: String] = [:]
        for (tick, label) in zip(yTicks, yLabels) {
            let row = dotY(tick) / canvas.dotsPerRow
            if labelAtRow[row] == nil { labelAtRow[row] = label }
        }
        for row in 0..<canvas.rows {
            let label = labelAtRow[row]
            let prefix = padLeft(label ?? "", margin) + " " + String(label == nil ? axis.vertical : axis.tick)
            lines.append(prefix + canvas.render(row: row, colour: style.colour))
        }
        lines.append(contentsOf: xAxisLines(xlo: xlo, xhi: xhi, margin: margin, canvas: canvas, dotX: dotX))
        lines.append(contentsOf: legend(prepared: prepared, clipped: clipped))
        if clipped.contains(where: { $0 > 0 }) {
            var limits: [String] = []
            if let yMax = chart.yMax { limits.append("\(up) above \(NumberFormat.significant(yMax))") }
            if let yMin = chart.yMin { limits.append("\(down) below \(NumberFormat.significant(yMin))") }
            lines.append(contentsOf: wrapLine("clipped: " + limits.joined(separator: ", "), width: style.width))
        }
        lines.append(contentsOf: chart.notes.flatMap { wrapLine($0, width: style.width) })
        return lines.map(rightTrimmed).joined(separator: "\n")
    }

    /// The y range in plotted units (log10 for log y) and its ticks.
    func yAxis(dataLo: Double, dataHi: Double) -> (Double, Double, [Double]) {
        let maxTicks = max(2, min(6, style.height / 2 + 1))
        let toAxis = { (v: Double) -> Double? in
            guard v.isFinite else { return nil }
            if self.chart.logY { return v > 0 ? log10(v) : nil }
            return v
        }
        var lo = chart.yMin.flatMap(toAxis) ?? dataLo
        var hi = chart.yMax.flatMap(toAxis) ?? dataHi
        if lo > hi { (lo, hi) = (hi, lo) }
        if chart.logY {
            if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
            return (lo, hi, logTicks(pow(10, lo), pow(10, hi), maxCount: maxTicks).map { log10($0) })
        }
        if chart.yMin != nil || chart.yMax != nil {
            if lo == hi { (lo, hi) = (lo - 1, hi + 1) }
            // Fixed limits stay as given; only the free end is widened to a tick.
            let widened = niceAxis(lo, hi, maxCount: maxTicks)
            let a = chart.yMin != nil ? lo : widened.lo, b = chart.yMax != nil ? hi : widened.hi
            return (a, b, niceTicks(a, b, maxCount: maxTicks))
        }
        let widened = niceAxis(lo, hi, maxCount: maxTicks)
        return (widened.lo, widened.hi, widened.ticks)
    }

    /// Puts the series glyph on its data points (few points), or on a handful of evenly spread
    /// points when several dense series share the canvas, so curves are told apart without colour.
    func overlayMarkers(_ points: [(x: Double, y: Double)], seriesIndex: Int, glyph: Character, colour: AnsiColour,
                        canvas: inout Canvas, dotX: (Double) -> Int, dotY: (Double) -> Int) {
        guard !points.isEmpty else { return }
        var chosen: [(x: Double, y: Double)]
        if points.count <= canvas.columns / 3 {
            chosen = points
        } else if chart.series.count > 1 {
            let count = 6
            let offset = Double(seriesIndex) / Double(chart.series.count)
            chosen = (0..<count).map { k in
                let position = (Double(k) + 0.5 * offset + 0.25) / Double(count) * Double(points.count - 1)
                return points[min(points.count - 1, Int(position.rounded()))]
            }
        } else {
            chosen = []
        }
        for p in chosen {
            canvas.overlay(column: dotX(p.x) / canvas.dotsPerColumn, row: dotY(p.y) / canvas.dotsPerRow,
                           glyph: glyph, colour: colour)
        }
    }

    func xAxisLines(xlo: Double, xhi: Double, margin: Int, canvas: Canvas, dotX: (Double) -> Int) -> [String] {
        let ticks = niceTicks(xlo, xhi, maxCount: max(2, min(6, canvas.columns / 8)))
        let labels = tickLabels(ticks)
        let columns = ticks.map { dotX($0) / canvas.dotsPerColumn }
        let rule = String(repeating: " ", count: margin + 1) + axis.rule(columns: canvas.columns, tickColumns: columns)
        var labelLine = AxisText.placeLabels(zip(columns, labels).map { (margin + 2 + $0, $1) }, width: style.width)
        var lines = [rule]
        if let xLabel = chart.xLabel {
            if labelLine.count + 3 + xLabel.count <= style.width { labelLine += "   " + xLabel }
            else { lines.append(labelLine); labelLine = padLeft(xLabel, style.width) }
        }
        lines.append(labelLine)
        return lines
    }

    func legend(prepared: [Prepared], clipped: [Int]) -> [String] {
        let nameWidth = chart.series.map(\.name.count).max() ?? 0
        return chart.series.enumerated().flatMap { index, s -> [String] in
            let glyph = s.glyph ?? SeriesGlyphs.glyph(index, unicode: style.unicode)
            let colour = s.colour ?? AnsiColour.seriesCycle[index % AnsiColour.seriesCycle.count]
            var line = String(glyph) + " " + padRight(s.name, nameWidth)
            let values = prepared[index].finite
            if let first = values.first, let last = values.last, let lo = values.min(), let hi = values.max() {
                let f = { NumberFormat.significant($0, digits: 4) }
                line += "  first \(f(first))  last \(f(last))  min \(f(lo))  max \(f(hi))"
            } else {
                line += "  (no finite values)"
            }
            if prepared[index].skipped > 0 { line += "  \(prepared[index].skipped) skipped" }
            if clipped[index] > 0 { line += "  \(clipped[index]) clipped" }
            // Wrapped as plain text first, so escapes never count towards the width.
            var lines = wrapLine(line, width: style.width)
            lines[0] = Ansi.paint(String(glyph), colour, on: style.colour) + lines[0].dropFirst()
            return lines
        }
    }
}
