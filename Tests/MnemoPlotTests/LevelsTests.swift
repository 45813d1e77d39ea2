import Testing
@testable import MnemoPlot

@Test func linearLevelsAndLegend() throws {
    let levels = try #require(Levels(values: [0, 1, 2, 3, 4], count: 4, scale: .linear))
    #expect(levels.edges == [0, 1, 2, 3, 4])
    #expect(levels.index(of: 0) == 0)
    #expect(levels.index(of: 0.99) == 0)
    #expect(levels.index(of: 1) == 1)
    #expect(levels.index(of: 4) == 3)
    #expect(levels.index(of: .nan) == nil)
    #expect(levels.legend(glyphs: Array(" .:#"), unicode: false) == ["' '<1", "'.'<2", "':'<3", "'#'<=4"])
    #expect(levels.legend(glyphs: Array(" .:#"), unicode: true).last == "'#'≤4")
}

@Test func logLevelsAreGeometric() throws {
    let levels = try #require(Levels(values: [1, 10, 100, 1000], count: 3, scale: .log))
    #expect(levels.scale == .log)
    #expect(zip(levels.edges, [1.0, 10, 100, 1000]).allSatisfy { abs($0 - $1) < 1e-9 * $1 })
    #expect(levels.legend(glyphs: Array(".:#"), unicode: false) == ["'.'<10", "':'<100", "'#'<=1000"])
}

@Test func logLevelsFallBackForNonPositiveValues() throws {
    let levels = try #require(Levels(values: [0, 1, 2], count: 2, scale: .log))
    #expect(levels.scale == .linear)
    #expect(levels.note != nil)
}

@Test func quantileLevelsSplitCounts() throws {
    // Skewed values: quantile edges follow the data, linear ones would put almost all in level 0.
    let values: [Double] = [1, 1, 1, 2, 2, 2, 3, 3, 100]
    let levels = try #require(Levels(values: values, count: 2, scale: .quantile))
    #expect(levels.edges == [1, 2, 100])
    #expect(values.map { levels.index(of: $0) ?? -1 } == [0, 0, 0, 1, 1, 1, 1, 1, 1])
}

@Test func legendUsesMoreDigitsWhenEdgesWouldLookEqual() throws {
    let levels = try #require(Levels(values: [1.001, 1.004], count: 3, scale: .linear))
    let legend = levels.legend(glyphs: Array(".:#"), unicode: false)
    #expect(Set(legend.map { $0.dropFirst(4) }).count == 3)
    #expect(legend == ["'.'<1.002", "':'<1.003", "'#'<=1.004"])
}

@Test func noFiniteValuesGiveNoLevels() {
    #expect(Levels(values: [.nan, .infinity], count: 10, scale: .linear) == nil)
}

@Test func heatmapLegendAppearsUnderTheMap() {
    let text = Heatmap([[1, 10], [100, 1000]], scale: .log, ramp: Array(".:#")).render(PlotStyle(width: 60, charset: .plain))
    #expect(text.contains("levels (log, 1 to 1000): '.'<10  ':'<100  '#'<=1000"))
}
