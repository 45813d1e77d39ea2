import Foundation
import MnemoLang

/// `.timeit EXPR`: evaluates an expression repeatedly (nothing printed or bound) and reports the
/// mean time per evaluation with its standard deviation.
extension REPLCore {
    /// About how long `.timeit` spends measuring, in seconds (a slow expression still runs once).
    static let timeitBudget: TimeInterval = 1.0

    /// Runs `.timeit EXPR`.
    func timeit(_ expression: String) throws {
        guard !expression.isEmpty else { throw REPLError(".timeit: missing expression; usage: .timeit EXPR") }
        let times = try InterruptHandler.whileComputing { () throws -> [TimeInterval] in
            session.cancellation.reset()
            var times = [try timeOnce(expression)]
            // Repeat cheap expressions until the budget is spent, at most 1000 times.
            let repeats = min(999, Int(REPLCore.timeitBudget / max(times[0], 1e-6)))
            for _ in 0..<repeats where !session.cancellation.isCancelled {
                times.append(try timeOnce(expression))
            }
            if session.cancellation.isCancelled { throw MnemoError.interrupted }
            return times
        }
        output.writeLine(TimeItSummary(times: times).text)
    }

    private func timeOnce(_ expression: String) throws -> TimeInterval {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try session.evaluate(expression)
        return TimeInterval(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The mean and spread of repeated timings, shown like `1.23 ms ± 0.05 ms per run (mean ± std of 800 runs)`.
struct TimeItSummary {
    let times: [TimeInterval]

    var mean: TimeInterval { times.reduce(0, +) / Double(max(times.count, 1)) }

    var standardDeviation: TimeInterval {
        guard times.count > 1 else { return 0 }
        let m = mean
        return (times.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(times.count - 1)).squareRoot()
    }

    var text: String {
        if times.count == 1 { return "\(TimeItSummary.format(mean)) (1 run)" }
        return "\(TimeItSummary.format(mean)) ± \(TimeItSummary.format(standardDeviation)) per run "
            + "(mean ± std of \(times.count) runs)"
    }

    /// Seconds with a unit that keeps three significant digits readable: ns, µs, ms or s.
    static func format(_ seconds: TimeInterval) -> String {
        let (value, unit): (Double, String) =
            seconds >= 1 ? (seconds, "s") : seconds >= 1e-3 ? (seconds * 1e3, "ms") : seconds >= 1e-6 ? (seconds * 1e6, "µs") : (seconds * 1e9, "ns")
        return String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value) + " " + unit
    }
}
