import Foundation

/// A 2-D grid drawn as a glyph-ramp heatmap (contour levels readable without colour), with
/// optional colour on top, linear/log/quantile levels and their legend, two columns per cell,
/// axes with ticks, a trajectory polyline, the grid minimum and custom markers.
public struct Heatmap: Sendable {
    /// `values[j][i]` is the value at x = `xs[i]`, y = `ys[j]` (row 0 is the lowest y).
    public var values: [[Double]]
    /// X coordinates of the columns; `nil` means 0, 1, 2...
    public var xs: [Double]?
    /// Y coordinates of the rows; `nil` means 0, 1, 2...
    public var ys: [Double]?
    /// First line of the output.
    public var title: String?
    /// Name of the x axis (used in the axis line and in marker positions).
    public var xName: String
    /// Name of the y axis.
    public var yName: String
    /// How values are cut into levels.
    public var scale: LevelScale
    /// Glyphs from the lowest level to the highest; its length is the number of levels.
    public var ramp: [Character]
    /// Points to mark, drawn last (above the minimum and the trajectory).
    public var markers: [HeatmapMarker]
    /// A path drawn as a polyline through the cells (e.g. a training trajectory).
    public var trajectory: [(x: Double, y: Double)]
    /// Marks the grid minimum with `o` and reports its value and position.
    public var markMinimum: Bool
    /// Extra lines at the end (resolution, evaluations, time, sharpness), wrapped to the width.
    public var notes: [String]

    /// The default ramp, from low to high.
    public static let defaultRamp: [Character] = Array(" .:-=+*#%@")

    /// Creates a heatmap; every option but the values may be left out.
    public init(_ values: [[Double]], xs: [Double]? = nil, ys: [Double]? = nil, title: String? = nil,
                xName: String = "x", yName: String = "y", scale: LevelScale = .linear,
                ramp: [Character] = Heatmap.defaultRamp, markers: [HeatmapMarker] = [],
                trajectory: [(x: Double, y: Double)] = [], markMinimum: Bool = true, notes: [String] = []) {
        self.values = values
        self.xs = xs
        self.ys = ys
        self.title = title
        self.xName = xName
        self.yName = yName
        self.scale = scale
        self.ramp = ramp.isEmpty ? Heatmap.defaultRamp : ramp
        self.markers = markers
        self.trajectory = trajectory
        self.markMinimum = markMinimum
        self.notes = notes
    }

    /// The heatmap as text lines joined by newlines, or a one-line message when there is nothing
    /// to draw (empty or ragged grid, no finite value, coordinate counts that do not match).
    public func render(_ style: PlotStyle) -> String {
        let name = title.map { "\($0): " } ?? ""
        let ny = values.count, nx = values.first?.count ?? 0
        if ny == 0 || nx == 0 { return "\(name)nothing to plot (empty grid)" }
        if values.contains(where: { $0.count != nx }) { return "\(name)nothing to plot (rows of different lengths)" }
        if let xs, xs.count != nx { return "\(name)nothing to plot (\(xs.count) x coordinates for \(nx) columns)" }
        if let ys, ys.count != ny { return "\(name)nothing to plot (\(ys.count) y coordinates for \(ny) rows)" }
        guard let levels = Levels(values: values.flatMap { $0 }, count: ramp.count, scale: scale) else {
            return "\(name)nothing to plot (no finite values)"
        }
        return HeatmapRenderer(map: self, style: style, levels: levels, nx: nx, ny: ny).render()
    }
}

/// Layout of `Heatmap.render`: picks the displayed cells (resampling big grids), then writes
/// rows, axes and legends.
private struct HeatmapRenderer {
    let map: Heatmap
    let style: PlotStyle
    let levels: Levels
    let nx: Int
    let ny: Int
    let axis: AxisText

    init(map: Heatmap, style: PlotStyle, levels: Levels, nx: Int, ny: Int) {
        self.map = map
        self.style = style
        self.levels = levels
        self.nx = nx
        self.ny = ny
        self.axis = AxisText(unicode: style.unicode)
    }

    func x(_ i: Int) -> Double { map.xs?[i] ?? Double(i) }
    func y(_ j: Int) -> Double { map.ys?[j] ?? Double(j) }

    /// Nearest grid index of a coordinate, or `nil` when it lies more than half a cell outside.
    func nearest(_ value: Double, count: Int, coordinate: (Int) -> Double) -> Int? {
        guard value.isFinite else { return nil }
        var best = 0
        for k in 0..<count where abs(coordinate(k) - value) < abs(coordinate(best) - value) { best = k }
        let spacing = count > 1 ? abs(coordinate(count - 1) - coordinate(0)) / Double(count - 1) : 1
        return abs(coordinate(best) - value) <= spacing / 2 + 1e-12 ? best : nil
    }

    /// Tidy values placed where their nearest grid point is displayed (the same mapping as the
    /// markers use, so a marker at a tick value sits on the tick's row); a displayed position
    /// keeps only its closest candidate.
    func displayedTicks(_ candidates: [Double], count: Int, coordinate: (Int) -> Double,
                        position: (Int) -> Int) -> [(position: Int, value: Double)] {
        var best: [Int: (value: Double, distance: Double)] = [:]
        for tick in candidates {
            guard let k = nearest(tick, count: count, coordinate: coordinate) else { continue }
            let p = position(k), distance = abs(coordinate(k) - tick)
            if best[p].map({ distance < $0.distance }) ?? true { best[p] = (tick, distance) }
        }
        return best.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }
    }

    func render() -> String {
        let yCandidates = niceTicks(min(y(0), y(ny - 1)), max(y(0), y(ny - 1)), maxCount: 5)
        // The layout reserves room for every candidate label, before knowing which land on a row.
        let room = style.width - (tickLabels(yCandidates).map(\.count).max() ?? 1) - 3
        // Two columns per cell keep grid cells square; a big grid is resampled on both axes by
        // the same factor, so the picture keeps its aspect when it has to shrink.
        let cellWidth = room >= 4 ? 2 : 1
        var columns = min(nx, max(1, room / cellWidth))
        let maxRows = max(10, 2 * style.height)
        var rows = min(ny, max(1, Int((Double(ny) * Double(columns) / Double(nx)).rounded())))
        if rows > maxRows {
            rows = maxRows
            columns = min(columns, max(1, Int((Double(nx) * Double(rows) / Double(ny)).rounded())))
        }
        // Displayed column c shows grid column colIndex[c]; row r (top first) shows grid row rowIndex[r].
        let colIndex = (0..<columns).map { scaled(Double($0), from: 0, Double(columns - 1), count: nx) }
        let rowIndex = (0..<rows).map { ny - 1 - scaled(Double($0), from: 0, Double(rows - 1), count: ny) }

        var glyphs = Array(repeating: Array(repeating: Character(" "), count: columns), count: rows)
        var levelAt = Array(repeating: Array(repeating: Int?.none, count: columns), count: rows)
        var special = Array(repeating: Array(repeating: false, count: columns), count: rows)
        let missing: Character = style.unicode ? "·" : "?"
        var anyMissing = false
        for r in 0..<rows {
            for c in 0..<columns {
                if let level = levels.index(of: map.values[rowIndex[r]][colIndex[c]]) {
                    glyphs[r][c] = map.ramp[min(level, map.ramp.count - 1)]
                    levelAt[r][c] = level
                } else {
                    glyphs[r][c] = missing
                    anyMissing = true
                }
            }
        }
        let displayed = { (i: Int, j: Int) -> (c: Int, r: Int) in
            (scaled(Double(i), from: 0, Double(nx - 1), count: columns),
             scaled(Double(j), from: 0, Double(ny - 1), count: rows, flip: true))
        }
        let place = { (glyph: Character, cell: (c: Int, r: Int)) in
            glyphs[cell.r][cell.c] = glyph
            special[cell.r][cell.c] = true
        }
        var footer: [String] = []
        let trajectoryGlyph: Character = style.unicode ? "•" : "~"
        let path = map.trajectory.compactMap { p -> (c: Int, r: Int)? in
            guard let i = nearest(p.x, count: nx, coordinate: x), let j = nearest(p.y, count: ny, coordinate: y)
            else { return nil }
            return displayed(i, j)
        }
        for (a, b) in zip(path, path.dropFirst()) {
            let steps = max(abs(b.c - a.c), abs(b.r - a.r))
            for s in 0...steps {
                let t = steps == 0 ? 0 : Double(s) / Double(steps)
                place(trajectoryGlyph, (Int((Double(a.c) + t * Double(b.c - a.c)).rounded()),
                                        Int((Double(a.r) + t * Double(b.r - a.r)).rounded())))
            }
        }
        if path.count == 1 { place(trajectoryGlyph, path[0]) }
        if !map.trajectory.isEmpty {
            let outside = map.trajectory.count - path.count
            footer.append("\(trajectoryGlyph) trajectory (\(map.trajectory.count) points\(outside > 0 ? ", \(outside) outside the grid" : ""))")
        }
        if map.markMinimum, let (i, j) = minimumCell() {
            place("o", displayed(i, j))
            footer.append("o grid min \(fmt(map.values[j][i])) at \(position(x(i), y(j)))")
        }
        for marker in map.markers {
            if let i = nearest(marker.x, count: nx, coordinate: x), let j = nearest(marker.y, count: ny, coordinate: y) {
                place(marker.glyph, displayed(i, j))
                footer.append("\(marker.glyph) \(marker.label): \(fmt(map.values[j][i]))")
            } else {
                footer.append("\(marker.glyph) \(marker.label): outside the grid at \(position(marker.x, marker.y))")
            }
        }

        var lines: [String] = []
        if let title = map.title { lines.append(title) }
        let yTicks = displayedTicks(yCandidates, count: ny, coordinate: y) { displayed(0, $0).r }
        let yLabels = tickLabels(yTicks.map(\.value))
        let labelAtRow = Dictionary(uniqueKeysWithValues: zip(yTicks.map(\.position), yLabels))
        let margin = yLabels.map(\.count).max() ?? 1
        for r in 0..<rows {
            var runs = ColourRuns(on: style.colour)
            for c in 0..<columns {
                let level = levelAt[r][c]
                let bg = level.map { HeatPalette.background(level: $0, of: levels.count) }
                let fg: AnsiColour? = special[r][c] ? .basic(91)
                    : level.map { HeatPalette.foreground(level: $0, of: levels.count) }
                runs.append(String(repeating: String(glyphs[r][c]), count: cellWidth), foreground: fg, background: bg)
            }
            let text = runs.result
            let label = labelAtRow[r]
            lines.append(padLeft(label ?? "", margin) + " " + String(label == nil ? axis.vertical : axis.tick)
                         + text + String(axis.vertical))
        }
        lines.append(contentsOf: xAxis(margin: margin, columns: columns, cellWidth: cellWidth))
        let range = "\(fmt(levels.edges.first ?? 0)) to \(fmt(levels.edges.last ?? 0))"
        lines.append(contentsOf: wrapItems(levels.legend(glyphs: map.ramp, unicode: style.unicode),
                                           prefix: "levels (\(levels.scale.rawValue), \(range)): ", width: style.width))
        var notes: [String] = []
        if let note = levels.note { notes.append("note: \(note)") }
        if anyMissing { notes.append("\(missing) not a finite value") }
        if columns < nx || rows < ny { notes.append("grid \(nx)x\(ny) shown as \(columns)x\(rows) (nearest cells)") }
        notes.append(contentsOf: wrapItems(footer, prefix: "", width: style.width))
        notes.append(contentsOf: map.notes)
        lines.append(contentsOf: notes.flatMap { wrapLine($0, width: style.width) })
        return lines.map(rightTrimmed).joined(separator: "\n")
    }

    func xAxis(margin: Int, columns: Int, cellWidth: Int) -> [String] {
        let lo = min(x(0), x(nx - 1)), hi = max(x(0), x(nx - 1))
        let ticks = displayedTicks(niceTicks(lo, hi, maxCount: max(3, min(6, columns * cellWidth / 7))),
                                   count: nx, coordinate: x) { scaled(Double($0), from: 0, Double(nx - 1), count: columns) }
        let tickColumns = ticks.map { $0.position * cellWidth }
        let placed = zip(tickColumns, tickLabels(ticks.map(\.value))).map { (margin + 2 + $0, $1) }
        let rule = String(repeating: " ", count: margin + 1) + axis.rule(columns: columns * cellWidth, tickColumns: tickColumns)
        var labelLine = AxisText.placeLabels(placed, width: style.width)
        let axisName = map.xName + "  (" + map.yName + " up)"
        if labelLine.count + 3 + axisName.count <= style.width { labelLine += "   " + axisName }
        else { return [rule, labelLine] + wrapLine(axisName, width: style.width) }
        return [rule, labelLine]
    }

    func minimumCell() -> (Int, Int)? {
        var best: (Int, Int)?
        for j in 0..<ny {
            for i in 0..<nx where map.values[j][i].isFinite {
                if best.map({ map.values[j][i] < map.values[$0.1][$0.0] }) ?? true { best = (i, j) }
            }
        }
        return best
    }

    func fmt(_ v: Double) -> String { NumberFormat.significant(v, digits: 3) }

    func position(_ px: Double, _ py: Double) -> String { "\(map.xName)=\(fmt(px)), \(map.yName)=\(fmt(py))" }
}
