import Testing
@testable import MnemoPlot

private let escape = "\u{1B}["

private func everyRenderer(_ style: PlotStyle) -> [String] {
    [
        LineChart([Series("a", [1, 3, 2]), Series("b", [2, 1, 3])]).render(style),
        Heatmap([[1, 2], [3, 4]], markers: [HeatmapMarker(x: 0, y: 1, glyph: "X", label: "p")]).render(style),
        MatrixHeatmap([[0.9, 0.1], [0.5, 0.8]]).render(style),
        Histogram([1, 2, 2, 3]).render(style),
        BarChart(labels: ["a", "b"], values: [1, -2]).render(style),
    ]
}

@Test func colourOnWritesEscapesAndColourOffDoesNot() {
    for text in everyRenderer(PlotStyle(width: 60, colour: true)) { #expect(text.contains(escape), "\(text)") }
    for text in everyRenderer(PlotStyle(width: 60, colour: false)) { #expect(!text.contains(escape), "\(text)") }
}

@Test func plainCharsetWritesOnlyASCII() {
    for text in everyRenderer(PlotStyle(width: 60, charset: .plain)) {
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
    }
    let table = Table(headers: ["a"], rows: [["x"]]).render(PlotStyle(width: 60, charset: .plain))
    #expect(table.unicodeScalars.allSatisfy { $0.isASCII })
}

@Test func linesStayWithinTheWidth() {
    let long = (0..<200).map { Double($0 % 37) * 1.37 }
    let texts = [
        LineChart([Series("first series", long), Series("second series", long.reversed())], title: "t", xLabel: "step",
                  markers: [VerticalMarker(x: 50, label: "task 1"), VerticalMarker(x: 55, label: "task 2")])
            .render(PlotStyle(width: 50, height: 8)),
        Heatmap((0..<41).map { j in (0..<41).map { i in Double(i * j) } }).render(PlotStyle(width: 50, height: 8)),
        Histogram(long, bins: 12).render(PlotStyle(width: 50)),
        BarChart(labels: ["a", "b", "c"], values: [1e6, -3, 2]).render(PlotStyle(width: 50)),
        ProgressLine.render(done: 5, total: 10, elapsed: 1, unit: "step", extra: "loss 2.3", width: 50),
    ]
    for text in texts {
        for line in text.split(separator: "\n") { #expect(line.count <= 50, "\(line.count): \(line)") }
    }
}

@Test func nanAndInfiniteValuesAreSkipped() {
    let chart = LineChart([Series("a", [1, .nan, 3, .infinity, 2])]).render(PlotStyle(width: 60, height: 4))
    #expect(chart.contains("first 1  last 2  min 1  max 3  2 skipped"))
    let map = Heatmap([[1, .nan], [.infinity, 4]]).render(PlotStyle(width: 40))
    #expect(map.contains("not a finite value"))
    #expect(map.contains("o grid min 1 at x=0, y=0"))
    let hist = Histogram([.nan, 1, 2, -.infinity]).render(PlotStyle(width: 40))
    #expect(hist.contains("n=2  2 not finite (skipped)"))
    #expect(MatrixHeatmap([[.nan, 0.5]]).render(PlotStyle(width: 40)).contains("·"))
}

@Test func logChartSkipsNonPositiveValues() {
    let chart = LineChart([Series("a", [0, 1, 10, -5, 100])], logY: true).render(PlotStyle(width: 40, height: 4))
    #expect(chart.contains("2 skipped"))
    #expect(chart.hasPrefix("(log y)"))
}

@Test func emptyInputGivesAMessage() {
    let style = PlotStyle(width: 40)
    #expect(LineChart([]).render(style) == "nothing to plot (no series given)")
    #expect(LineChart([Series("a", []), Series("b", [.nan])], title: "loss").render(style)
            == "loss: nothing to plot (no finite values in 'a', 'b')")
    #expect(Heatmap([]).render(style) == "nothing to plot (empty grid)")
    #expect(Heatmap([[1, 2], [3]]).render(style) == "nothing to plot (rows of different lengths)")
    #expect(Heatmap([[.nan]]).render(style) == "nothing to plot (no finite values)")
    #expect(Heatmap([[1, 2]], xs: [0]).render(style) == "nothing to plot (1 x coordinates for 2 columns)")
    #expect(MatrixHeatmap([]).render(style) == "nothing to plot (empty matrix)")
    #expect(Histogram([]).render(style) == "nothing to plot (no finite values)")
    #expect(BarChart(labels: [], values: []).render(style) == "nothing to plot (no bars)")
    #expect(Table(headers: [], rows: []).render(style) == "empty table (no columns)")
}

@Test func singleSeriesStillGetsALegendWithoutAnEmptyOne() {
    let chart = LineChart([Series("a", [1, 2]), Series("empty", [])]).render(PlotStyle(width: 60, height: 4))
    #expect(chart.contains("■ empty  (no finite values)"))
}

@Test func markersOutsideTheGridAreListedNotDrawn() {
    let map = Heatmap([[1, 2], [3, 4]], markers: [HeatmapMarker(x: 9, y: 9, glyph: "X", label: "far")])
        .render(PlotStyle(width: 40, charset: .plain))
    #expect(map.contains("X far: outside the grid at x=9, y=9"))
    #expect(map.split(separator: "\n").filter { $0.contains("|") }.allSatisfy { !$0.contains("X") })
}

@Test func bigGridIsResampledToFit() {
    let grid = (0..<100).map { j in (0..<100).map { i in Double(i + j) } }
    let text = Heatmap(grid).render(PlotStyle(width: 60, height: 10, charset: .plain))
    #expect(text.contains("grid 100x100 shown as"))
}

@Test func notesFollowThePlot() {
    let chart = LineChart([Series("a", [1, 2])], notes: ["λmax 12.5"]).render(PlotStyle(width: 60, height: 3))
    #expect(chart.hasSuffix("\nλmax 12.5"))
    let map = Heatmap([[1, 2], [3, 4]], notes: ["441 evaluations in 12 s"]).render(PlotStyle(width: 60))
    #expect(map.hasSuffix("\n441 evaluations in 12 s"))
}

@Test func resampledHeatmapKeepsSquareCellsAndMarkersOnTheirTicks() {
    let axis = (0..<51).map { -1 + 0.04 * Double($0) }
    let grid = axis.map { b in axis.map { a in a * a + b * b + 0.1 } }
    let text = Heatmap(grid, xs: axis, ys: axis, markers: [HeatmapMarker(x: 0, y: 0, glyph: "X", label: "centre")],
                       markMinimum: false).render(PlotStyle(width: 80, charset: .plain))
    #expect(text.contains("grid 51x51 shown as 30x30 (nearest cells)"))
    let lines = text.split(separator: "\n").map(String.init)
    let rows = lines.filter { $0.hasSuffix("|") }
    #expect(rows.count == 30)
    // Two characters per cell: 30 cells are 60 characters between the axis and the border.
    #expect(rows.allSatisfy { $0.count == 5 + 1 + 60 + 1 })
    let zeroRow = rows.first { $0.hasPrefix(" 0.0 +") }
    #expect(zeroRow?.contains("XX") == true)
    // The X sits under the x tick labelled 0.0.
    let column = zeroRow.flatMap { $0.range(of: "XX") }.map { zeroRow!.distance(from: zeroRow!.startIndex, to: $0.lowerBound) }
    let rule = lines.first { $0.contains("+--") } ?? ""
    let labels = lines[(lines.firstIndex(of: rule) ?? 0) + 1]
    #expect(column.map { Array(rule)[$0] } == "+")
    #expect(column.map { String(Array(labels)[$0 - 1 ..< $0 + 2]) } == "0.0")
}
