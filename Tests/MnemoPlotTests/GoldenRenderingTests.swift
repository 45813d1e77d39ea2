import Testing
@testable import MnemoPlot

// Golden renderings with colour off. Each expected text was checked by eye against the data
// (tick rows, level of every cell, bar lengths); a change to a renderer shows up here as a diff.

private let grid: [[Double]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]

private func expectLines(_ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual == expected, sourceLocation: sourceLocation)
    if actual != expected { print("actual:\n" + actual) }
}

@Test func lineChartASCIIWithMarkerAndTwoSeries() {
    let chart = LineChart([Series("up", [0, 1, 2, 3, 4]), Series("down", [4, 3, 2, 1, 0])], title: "t", xLabel: "task",
                          markers: [VerticalMarker(x: 2, label: "mid")])
    expectLines(chart.render(PlotStyle(width: 30, height: 5, charset: .plain)), """
t
                mid
4 +oooo         :          ***
  |    oooooo   :   *******
2 +          ooooooo
  |    *******  :   oooooo
0 +****         :         oooo
  ++------------+------------+
   0            2            4
                          task
* up    first 0  last 4  min 0
   max 4
o down  first 4  last 0  min 0
   max 4
""")
}

@Test func lineChartBrailleMarksFewPoints() {
    expectLines(LineChart([Series("loss", [0, 1, 0])]).render(PlotStyle(width: 24, height: 3)), """
1 ┤       ⢀⡠⠔●⠒⠤⣀
  │   ⢀⡠⠔⠊⠁      ⠉⠢⢄⡀
0 ┤●⠔⠊⠁             ⠈⠑⠢●
  └┬───────────────────┬
   0                   2
● loss  first 0  last 0
   min 0  max 1
""")
}

@Test func lineChartBlockCanvas() {
    expectLines(LineChart([Series("loss", [0, 1, 0])]).render(PlotStyle(width: 24, height: 3, canvas: .block)), """
1 ┤       ▗▄▞●▚▄▖
  │   ▗▄▞▀▘     ▝▀▚▄▖
0 ┤●▞▀▘             ▝▀▚●
  └┬───────────────────┬
   0                   2
● loss  first 0  last 0
   min 0  max 1
""")
}

@Test func lineChartLogYClipsAboveLimit() {
    let chart = LineChart([Series("ppl", x: [0, 1, 2, 3], y: [1, 10, 1000, 1e6])], title: "p", logY: true, yMax: 1e4)
    expectLines(chart.render(PlotStyle(width: 40, height: 4, charset: .plain)), """
p  (log y)
10000 +                           *****^
      |                 **********
  100 +      ***********
    1 +******
      ++----------+---------+----------+
       0          1         2          3
* ppl  first 1  last 1000000  min 1
   max 1000000  1 clipped
clipped: ^ above 10000
""")
}

@Test func heatmapPlainWithMarkerAndMinimum() {
    let map = Heatmap(grid, title: "g", markers: [HeatmapMarker(x: 2, y: 2, glyph: "X", label: "trained")])
    expectLines(map.render(PlotStyle(width: 40, charset: .plain)), """
g
2 +##%%XX|
1 +--++**|
0 +oo..::|
  ++-+-+-
   0 1 2   x  (y up)
levels (linear, 1 to 9): ' '<1.8
  '.'<2.6  ':'<3.4  '-'<4.2  '='<5
  '+'<5.8  '*'<6.6  '#'<7.4  '%'<8.2
  '@'<=9
o grid min 1 at x=0, y=0  X trained: 9
""")
}

@Test func heatmapUnicodeWithTrajectory() {
    let map = Heatmap(grid, xs: [-1, 0, 1], ys: [-1, 0, 1], xName: "α", yName: "β", ramp: Array(" .:#"),
                      trajectory: [(-1, 1), (1, -1)], markMinimum: false)
    expectLines(map.render(PlotStyle(width: 40)), """
 1 ┤••####│
 0 ┤..••::│
-1 ┤    ••│
   └┬─┬─┬─
    -1  1   α  (β up)
levels (linear, 1 to 9): ' '<3  '.'<5
  ':'<7  '#'≤9
• trajectory (2 points)
""")
}

@Test func accuracyMatrixPrintsValues() {
    let matrix = MatrixHeatmap([[0.93], [0.71, 0.9], [0.52, 0.66, 0.914]], rowLabels: ["after 1", "after 2", "after 3"],
                               columnLabels: ["task1", "task2", "task3"], title: "accuracy", range: 0...1)
    expectLines(matrix.render(PlotStyle(width: 40)), """
accuracy
         task1  task2  task3
after 1   0.93      ·      ·
after 2   0.71   0.90      ·
after 3   0.52   0.66   0.91
""")
}

@Test func accuracyMatrixFallsBackToPercentWhenNarrow() {
    let matrix = MatrixHeatmap([[0.93], [0.71, 0.9], [0.52, 0.66, 0.914]], rowLabels: ["after 1", "after 2", "after 3"],
                               columnLabels: ["task1", "task2", "task3"], range: 0...1, ramp: Array(" .:#"))
    expectLines(matrix.render(PlotStyle(width: 20, charset: .plain)), """
         0  1  2
after 1 93  -  -
after 2 71 90  -
after 3 52 66 91
values in %
columns: 0=task1
  1=task2  2=task3
""")
}

@Test func lossMatrixFallsBackToGlyphsWhenNarrow() {
    let matrix = MatrixHeatmap([[1.5, 2.25], [3, 4.5]], rowLabels: ["after 1", "after 2"],
                               columnLabels: ["task1", "task2"], ramp: Array(" .:#"))
    expectLines(matrix.render(PlotStyle(width: 16, charset: .plain)), """
         0  1
after 1    ..
after 2 :: ##
columns: 0=task1
  1=task2
levels (from 1.5):
  ' '<2.25  '.'<3
  ':'<3.75  '#'<=4.5
""")
}

@Test func histogramUnicodeSkipsNaN() {
    expectLines(Histogram([1, 2, 2, 3, 3, 3, .nan], bins: 3, title: "h").render(PlotStyle(width: 30)), """
h
[1.0, 1.7)  █████▍ 1
[1.7, 2.3)  ██████████▋ 2
[2.3, 3.0]  ████████████████ 3
n=6  1 not finite (skipped)
""")
}

@Test func histogramPlain() {
    expectLines(Histogram([1, 2, 2, 3, 3, 3], bins: 2).render(PlotStyle(width: 30, charset: .plain)), """
[1, 2)  #### 1
[2, 3]  #################### 5
n=6
""")
}

@Test func barChartWithBothSigns() {
    expectLines(BarChart(labels: ["naive", "gere"], values: [-0.5, 1], title: "BWT").render(PlotStyle(width: 30)), """
BWT
naive  -0.5  █████│
gere      1       │██████████
""")
}

@Test func tableAlignsNumbersRightAndTextLeft() {
    let table = Table(headers: ["run", "AP", "steps", "note"],
                      rows: [["naive", 0.521, 300, "no replay"], ["tm", 0.84, 1200, .empty]], title: "compare", digits: 3)
    expectLines(table.render(PlotStyle(width: 40, charset: .plain)), """
compare
run       AP  steps  note
-----  -----  -----  ---------
naive  0.521    300  no replay
tm     0.840   1200  -
""")
}

@Test func tableShortensTextToFitWidth() {
    let table = Table(headers: ["run", "AP", "note"], rows: [["a-very-long-run-name", 0.5, "sequential fine-tuning"]])
    expectLines(table.render(PlotStyle(width: 30)), """
run             AP  note
──────────  ──────  ──────────
a-very-lo…  0.5000  sequentia…
""")
}
