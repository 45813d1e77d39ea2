import Foundation
import GRDB
import Testing
@testable import MnemoStore

@Suite struct MetricWriterTests {
    @Test func writesInBatchesAndKeepsLatestAtHighestStep() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        let writer = try store.metricWriter(run: run, flushEvery: 100, flushInterval: .infinity)
        for step in 0..<250 {
            try writer.log("loss", step: step, value: 10.0 - Double(step) / 100)
        }
        #expect(writer.flushCount == 2)
        #expect(writer.pointsWritten == 200)
        #expect(writer.pendingCount == 50)
        let storedBeforeFlush = try store.read("t") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metrics") }
        #expect(storedBeforeFlush == 200)
        #expect(try store.latestMetrics(run: run) == [LatestMetric(key: "loss", step: 199, value: 10.0 - 1.99)])
        try writer.flush()
        #expect(writer.flushCount == 3 && writer.pendingCount == 0)
        #expect(try store.latestMetrics(run: run) == [LatestMetric(key: "loss", step: 249, value: 10.0 - 2.49)])
        let series = try store.metricSeries(run: run)
        #expect(series["loss"]?.count == 250)
        #expect(series["loss"]?.map(\.step) == Array(0..<250))
    }

    @Test func aLowerStepWrittenLaterDoesNotReplaceTheLatest() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        let writer = try store.metricWriter(run: run, flushEvery: 2, flushInterval: .infinity)
        try writer.log("loss", step: 0, value: 1.0)
        try writer.log("loss", step: 2, value: 0.5)
        try writer.log("loss", step: 1, value: 0.7)
        try writer.log("acc", step: 5, value: 0.9)
        // The batch with step 1 has been flushed; step 2 must still be the latest.
        #expect(try store.latestMetrics(run: run).first { $0.key == "loss" } == LatestMetric(key: "loss", step: 2, value: 0.5))
        try writer.log("loss", step: 2, value: 0.4)
        try writer.flush()
        let latest = try store.latestMetrics(run: run)
        #expect(latest == [LatestMetric(key: "acc", step: 5, value: 0.9), LatestMetric(key: "loss", step: 2, value: 0.4)])
        #expect(try store.metricSeries(run: run, key: "loss")["loss"]?.map(\.value) == [1.0, 0.7, 0.5, 0.4])
        #expect(try store.metricSeries(run: run, key: "acc").keys.sorted() == ["acc"])
    }

    @Test func flushesWhenTheIntervalHasPassed() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        let writer = try store.metricWriter(run: run, flushEvery: 1000, flushInterval: 60)
        let now = Date()
        try writer.log("loss", step: 0, value: 1, time: now)
        #expect(writer.flushCount == 0)
        try writer.log("loss", step: 1, value: 1, time: now.addingTimeInterval(61))
        #expect(writer.flushCount == 1 && writer.pointsWritten == 2)
    }

    @Test func nanAndInfinityRoundTrip() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        let writer = try store.metricWriter(run: run)
        try writer.log("loss", step: 0, value: .infinity)
        try writer.log("loss", step: 1, value: .nan)
        try writer.flush()
        let values = try store.metricSeries(run: run)["loss"]?.map(\.value) ?? []
        #expect(values.count == 2)
        #expect(values.first == .infinity)
        #expect(values.last?.isNaN == true)
        #expect(try store.latestMetrics(run: run).first?.value.isNaN == true)
    }

    @Test func severalKeysOfOneStepAndOddBatchSizes() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        // 3 keys x 45 steps = 135 points: two full multi-row inserts of 64 and a remainder of 7.
        let writer = try store.metricWriter(run: run, flushEvery: 135, flushInterval: .infinity)
        for step in 0..<45 {
            try writer.log(step: step, [("loss", Double(step)), ("lr", 1e-3), ("tokens", Double(step * 64))])
        }
        #expect(writer.flushCount == 1 && writer.pendingCount == 0)
        let series = try store.metricSeries(run: run)
        #expect(series.keys.sorted() == ["loss", "lr", "tokens"])
        #expect(series["tokens"]?.last?.step == 44 && series["tokens"]?.last?.value == 2816)
        #expect(series.values.map(\.count) == [45, 45, 45])
    }

    @Test func logMetricsWritesDirectly() throws {
        let store = try Store.inMemory()
        let run = try beginTestRun(store)
        try store.logMetrics(run: run, [("eval.loss", 10, 2.5), ("eval.ppl", 10, 12.2)])
        #expect(try store.latestMetrics(run: run).map(\.key) == ["eval.loss", "eval.ppl"])
        #expect(throws: StoreError.unknownRun(77)) { try store.logMetrics(run: 77, [("x", 0, 1)]) }
    }

    @Test func measuresTenThousandPoints() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Store(path: dir.path("bench.sqlite"))
        let measurement = try store.measureMetricWriterOverhead(points: 10_000, flushEvery: 1000)
        #expect(measurement.points == 10_000)
        #expect(measurement.flushes == 10)
        #expect(measurement.seconds > 0 && measurement.seconds < 10)
        let stored = try store.read("t") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metrics") }
        #expect(stored == 10_000)
        print("metric writer: \(measurement.microsecondsPerPoint) µs/point in debug")
    }
}
