import Testing
@testable import MnemoPlot

@Test func ticksOfUnitRange() {
    #expect(niceTicks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(niceTicks(0, 1, maxCount: 3) == [0, 0.5, 1])
}

@Test func ticksOfSmallRange() {
    #expect(niceTicks(0.0013, 0.0071) == [0.002, 0.003, 0.004, 0.005, 0.006, 0.007])
    #expect(niceTicks(0.0013, 0.0071, maxCount: 4) == [0.002, 0.004, 0.006])
    #expect(tickLabels([0.002, 0.004, 0.006]) == ["0.002", "0.004", "0.006"])
}

@Test func logTicksOverSixDecades() {
    #expect(logTicks(1, 1e6) == [1, 100, 1e4, 1e6])
    #expect(logTicks(1, 1000) == [1, 10, 100, 1000])
    #expect(logTicks(2, 30) == [2, 5, 10, 20])
    #expect(tickLabels([1, 100, 1e4, 1e6], log: true) == ["1", "100", "10000", "1e6"])
}

@Test func ticksAreTidyForManyRanges() {
    let ranges: [(Double, Double)] = [(0, 1), (0.0013, 0.0071), (-3.3, 17.2), (0.05, 0.95), (1, 1e6), (2.31, 2.36),
                                      (-1, 1), (0, 300), (97, 103), (-0.004, -0.001), (1e-7, 5e-7)]
    for (lo, hi) in ranges {
        let ticks = niceTicks(lo, hi)
        #expect((3...6).contains(ticks.count), "\(lo)...\(hi) gave \(ticks)")
        #expect(ticks.allSatisfy { $0 >= lo - 1e-12 && $0 <= hi + 1e-12 }, "\(lo)...\(hi) gave \(ticks)")
        for label in tickLabels(ticks) {
            #expect(significantDigits(label) <= 3, "\(label) from \(lo)...\(hi)")
        }
    }
}

/// Digits of a label that carry information: no sign, point, exponent, leading or trailing zeros.
private func significantDigits(_ label: String) -> Int {
    let mantissa = label.split(separator: "e").first.map(String.init) ?? label
    var digits = Substring(mantissa.filter(\.isNumber))
    while digits.first == "0" { digits = digits.dropFirst() }
    while digits.last == "0" { digits = digits.dropLast() }
    return digits.count
}

@Test func ticksOfDegenerateInput() {
    #expect(niceTicks(.nan, 1).isEmpty)
    #expect(niceTicks(0, .infinity).isEmpty)
    #expect(niceTicks(2, 2) == [2])
    #expect(niceTicks(1, 0) == niceTicks(0, 1))
    #expect(logTicks(-1, 10).isEmpty)
}

@Test func axisWidensToTicks() {
    let axis = niceAxis(0.05, 0.95, maxCount: 6)
    #expect(axis.lo == 0 && axis.hi == 1)
    #expect(axis.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
}

@Test func numberFormats() {
    #expect(NumberFormat.significant(0.56789) == "0.568")
    #expect(NumberFormat.significant(0.5, digits: 3, trim: false) == "0.500")
    #expect(NumberFormat.significant(12345, digits: 3) == "12345")
    #expect(NumberFormat.significant(1.5e-5) == "1.5e-5")
    #expect(NumberFormat.significant(.nan) == "nan")
    #expect(NumberFormat.significant(-.infinity) == "-inf")
    #expect(NumberFormat.compact(3100) == "3.1k")
    #expect(NumberFormat.compact(12_000_000) == "12M")
    #expect(NumberFormat.compact(950) == "950")
    #expect(NumberFormat.duration(57) == "0:57")
    #expect(NumberFormat.duration(3723) == "1:02:03")
    #expect(NumberFormat.duration(.infinity) == "--:--")
    #expect(Table.format(300, digits: 4) == "300")
}

@Test func axisLabelsShareOneNotation() {
    #expect(tickLabels([0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"])
    #expect(tickLabels([0, 1e6, 2e6, 3e6]) == ["0", "1e6", "2e6", "3e6"])
    #expect(tickLabels([0, 100000, 200000]) == ["0", "100000", "200000"])
    #expect(tickLabels([-1, -0.5, 0, 0.5, 1]) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    #expect(tickLabel(0.25, step: 0.25) == "0.25")
}
