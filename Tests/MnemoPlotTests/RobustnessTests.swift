import Foundation
import Testing
@testable import MnemoPlot

/// A small deterministic generator, so failures reproduce.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
}

private let awkward: [Double] = [.nan, .infinity, -.infinity, 0, 1e308, -1e308, 1e-308, -2.5, 0.3, 5, 1e12, -7e-9]

private func visibleLines(_ text: String) -> [Substring] {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).split(separator: "\n")
}

@Test func awkwardValuesNeverCrashAndStayWithinWidth() {
    var random = SplitMix(state: 42)
    for _ in 0..<300 {
        let width = 40 + Int(random.next() % 60)
        let style = PlotStyle(width: width, height: 3 + Int(random.next() % 10), colour: random.next() % 2 == 0,
                              charset: random.next() % 2 == 0 ? .unicode : .plain, canvas: random.pick(CanvasKind.allCases))
        let count = Int(random.next() % 7)
        let ys = (0..<count).map { _ in random.pick(awkward) }
        let xs = (0..<count).map { _ in random.pick(awkward) }
        let grid = (0..<Int(random.next() % 4)).map { _ in (0..<3).map { _ in random.pick(awkward) } }
        let outputs = [
            LineChart([Series("a", ys), Series("b", x: xs, y: ys)], logY: random.next() % 2 == 0,
                      yMax: random.next() % 2 == 0 ? random.pick(awkward) : nil,
                      markers: [VerticalMarker(x: random.pick(awkward), label: "m")]).render(style),
            Heatmap(grid, scale: random.pick(LevelScale.allCases),
                    markers: [HeatmapMarker(x: random.pick(awkward), y: random.pick(awkward), glyph: "X", label: "x")],
                    trajectory: [(random.pick(awkward), 0), (1, random.pick(awkward))]).render(style),
            MatrixHeatmap(grid).render(style),
            Histogram(ys, bins: Int(random.next() % 12)).render(style),
            BarChart(labels: ["a", "b", "c"], values: ys).render(style),
            ProgressLine.render(done: count, total: 5, elapsed: random.pick(awkward), width: width),
        ]
        // One-line "nothing to plot" messages are left whole; everything drawn must fit.
        for output in outputs where !output.contains("nothing to plot") {
            for line in visibleLines(output) { #expect(line.count <= width, "\(line.count) > \(width): \(line)") }
        }
    }
}

@Test func wrapLinePrefersItemGaps() {
    #expect(wrapLine("name  first 1  last 2", width: 16) == ["name  first 1", "   last 2"])
    #expect(wrapLine("short", width: 16) == ["short"])
    #expect(wrapLine("abcdefghijklmnopqrstuvwxyz", width: 12) == ["abcdefghijkl", "   mnopqrstu", "   vwxyz"])
}
