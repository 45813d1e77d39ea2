import Testing
@testable import MnemoPlot

@Test func progressLineGolden() {
    #expect(ProgressLine.render(done: 120, total: 300, elapsed: 40, rate: 3100, unit: "tok", extra: "loss 2.315", width: 80)
            == "[###########..................]   40%  120/300  3.1k tok/s  ETA 1:00  loss 2.315")
    #expect(ProgressLine.plain(label: "train", done: 120, total: 300, elapsed: 38, rate: 3100, unit: "tok", extra: "loss 2.315")
            == "train 120/300 (40%)  3.1k tok/s  elapsed 0:38  ETA 0:57  loss 2.315")
}

@Test func progressLineWithoutTotal() {
    #expect(ProgressLine.render(done: 50, total: nil, elapsed: 10, unit: "step", width: 80)
            == "50 step  5 step/s  elapsed 0:10")
}

@Test func progressLineStartAndEnd() {
    let start = ProgressLine.render(done: 0, total: 10, elapsed: 0, unit: "step", width: 60)
    #expect(start.hasPrefix("[.........."))
    #expect(start.contains("ETA --:--"))
    let end = ProgressLine.render(done: 10, total: 10, elapsed: 5, unit: "step", width: 60)
    #expect(end.contains("100%"))
    #expect(end.contains("ETA 0:00"))
    #expect(!end.contains("."))
}

/// A clock the test moves by hand.
private final class FakeClock {
    var now = 0.0
}

@Test func reporterOnTTYRedrawsAtMostTenTimesASecond() {
    let clock = FakeClock()
    var written: [String] = []
    let reporter = ProgressReporter(total: 1000, unit: "step", isTTY: true, width: 60, clock: { clock.now },
                                    write: { written.append($0) })
    for step in 1...1000 {
        clock.now += 0.001   // one second in total
        reporter.update(done: step)
    }
    reporter.finish(done: 1000)
    // Draws at t = 0.001, then every 0.1 s, the completed state, the finish line and its newline.
    #expect(written.count >= 10 && written.count <= 14, "\(written.count)")
    #expect(written.dropLast().allSatisfy { $0.hasPrefix("\r") })
    #expect(written.last == "\n")
    #expect(written.dropLast().last?.contains("100%") == true)
}

@Test func reporterOffTTYWritesAFullLineEveryTenPercent() {
    let clock = FakeClock()
    var written: [String] = []
    let reporter = ProgressReporter(label: "train", total: 100, unit: "step", isTTY: false, clock: { clock.now },
                                    write: { written.append($0) })
    for step in 1...100 {
        clock.now += 0.01
        reporter.update(done: step, extra: "loss 1.0")
    }
    reporter.finish(done: 100)
    #expect(written.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    #expect(written.first?.hasPrefix("train 10/100 (10%)") == true)
    // 10 %, 20 %, ..., 100 %, then the finish line.
    #expect(written.count == 11)
    reporter.update(done: 100)
    #expect(written.count == 11)
}

@Test func reporterOffTTYAlsoWritesAfterAPause() {
    let clock = FakeClock()
    var written: [String] = []
    let reporter = ProgressReporter(total: 1000, isTTY: false, everyPercent: 50, everySeconds: 30,
                                    clock: { clock.now }, write: { written.append($0) })
    reporter.update(done: 1)
    #expect(written.isEmpty)
    clock.now = 31
    reporter.update(done: 2)
    #expect(written.count == 1)
}
