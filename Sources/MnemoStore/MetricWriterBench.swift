import Foundation

/// What `measureMetricWriterOverhead` found.
public struct MetricWriterMeasurement: Sendable {
    /// Points logged.
    public var points: Int
    /// Wall-clock seconds for all `log` calls plus the final flush.
    public var seconds: Double
    /// Transactions used.
    public var flushes: Int
    /// Average cost of one point in microseconds.
    public var microsecondsPerPoint: Double { points == 0 ? 0 : seconds * 1e6 / Double(points) }
}

extension Store {
    /// Times logging `points` metric points (two keys, alternating) through a `MetricWriter` into a
    /// throwaway run, for `mnemo bench`. Uses this store, so measure on a scratch file, not the user's.
    public func measureMetricWriterOverhead(points: Int = 10_000, flushEvery: Int = 1000) throws -> MetricWriterMeasurement {
        let run = try beginRun(RunStart(name: "metric-writer-bench", kind: "bench",
                                        provenance: .current(mnemoVersion: "bench")))
        let writer = try metricWriter(run: run, flushEvery: flushEvery, flushInterval: .infinity)
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<points {
            try writer.log(step % 2 == 0 ? "loss" : "lr", step: step / 2, value: 1.0 / Double(step + 1))
        }
        try writer.flush()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try finishRun(run, status: .finished)
        return MetricWriterMeasurement(points: points, seconds: seconds, flushes: writer.flushCount)
    }
}
