import Foundation

/// A metric along the straight line between two parameter vectors and a little beyond:
/// f(α) at θ(α) = (1 − α)·θ_from + α·θ_to (linear mode connectivity, "before and after a task").
public struct Interpolation: Codable, Equatable, Sendable {
    /// The α values, ascending; always contains 0 and 1 exactly.
    public var alphas: [Double]
    /// The value at each α; nil where cancelled before computing it.
    public var values: [Double?]

    /// The value at α = 0 (the `from` model).
    public var startValue: Double? { alphas.firstIndex(of: 0).flatMap { values[$0] } }
    /// The value at α = 1 (the `to` model).
    public var endValue: Double? { alphas.firstIndex(of: 1).flatMap { values[$0] } }
    /// Whether every α has a value.
    public var isComplete: Bool { values.allSatisfy { $0 != nil } }

    /// `points` evenly spaced α in [−extend, 1 + extend], plus 0 and 1 when they are not among
    /// them, so both end models are always evaluated exactly.
    public static func alphas(points: Int, extend: Double) -> [Double] {
        let lo = -extend, width = 1 + 2 * extend
        var alphas = (0..<points).map { lo + width * Double($0) / Double(max(points - 1, 1)) }
        for end in [0.0, 1.0] where !alphas.contains(where: { abs($0 - end) < 1e-12 }) { alphas.append(end) }
        // Snap near-misses so α = 0 and α = 1 are bit-exact.
        alphas = alphas.map { abs($0) < 1e-12 ? 0 : (abs($0 - 1) < 1e-12 ? 1 : $0) }
        return alphas.sorted()
    }
}

extension Landscape {
    /// Evaluates `evaluate` along the segment from `from` to `to` (see ``Interpolation``),
    /// `points` evenly spaced α in [−extend, 1 + extend] plus the two ends.
    public static func interpolate(from: [Float], to: [Float], evaluate: @escaping ([Float]) -> Double,
                                   points: Int = 41, extend: Double = 0.25, cancel: CancellationFlag? = nil,
                                   onPoint: ((LandscapePoint) -> Void)? = nil) throws -> Interpolation {
        try interpolate(from: from, to: to, evaluators: [evaluate], points: points, extend: extend,
                        cancel: cancel, onPoint: onPoint)
    }

    /// As ``interpolate(from:to:evaluate:points:extend:cancel:onPoint:)`` with one evaluator per
    /// worker thread (each called from one thread only).
    public static func interpolate(from: [Float], to: [Float], evaluators: [([Float]) -> Double],
                                   points: Int = 41, extend: Double = 0.25, cancel: CancellationFlag? = nil,
                                   onPoint: ((LandscapePoint) -> Void)? = nil) throws -> Interpolation {
        guard from.count == to.count else {
            throw LandscapeError.sizeMismatch(what: "interpolation end", count: to.count, expected: from.count)
        }
        guard points >= 2 && points <= 10_001 else {
            throw LandscapeError.invalidArgument(name: "points", value: String(points), reason: "2 to 10001")
        }
        guard extend.isFinite && extend >= 0 else {
            throw LandscapeError.invalidArgument(name: "extend", value: String(extend), reason: "a finite value ≥ 0")
        }
        guard !evaluators.isEmpty else {
            throw LandscapeError.invalidArgument(name: "evaluators", value: "[]", reason: "at least one evaluator")
        }
        let alphas = Interpolation.alphas(points: points, extend: extend)
        var values = [Double?](repeating: nil, count: alphas.count)
        var done = 0
        let start = Date()
        let fill: (Int, inout [Float]) -> Void = { index, buffer in
            // (1 − α)·a + α·b is exactly a at α = 0 and exactly b at α = 1.
            let b = Float(alphas[index]), a = 1 - b
            if buffer.count != from.count { buffer = [Float](repeating: 0, count: from.count) }
            for i in 0..<from.count { buffer[i] = a * from[i] + b * to[i] }
        }
        let report: (Int, Double) -> Void = { index, value in
            values[index] = value
            done += 1
            onPoint?(LandscapePoint(index: index, coefficients: [alphas[index]], value: value, finished: done,
                                    total: alphas.count, elapsed: Date().timeIntervalSince(start)))
        }
        // The two models themselves first, on one evaluator and the caller's BLAS threads, so
        // their values are exactly what evaluating each model directly gives.
        let ends = alphas.indices.filter { alphas[$0] == 0 || alphas[$0] == 1 }
        _ = PointRunner.run(pending: ends, evaluators: [evaluators[0]], fill: fill, cancel: cancel, done: report)
        let rest = alphas.indices.filter { !ends.contains($0) }
        _ = PointRunner.run(pending: rest, evaluators: evaluators, fill: fill, cancel: cancel, done: report)
        return Interpolation(alphas: alphas, values: values)
    }

    /// A GPT's loss on `windows` along the segment between two flat parameter vectors of its
    /// architecture, with `workers` model copies (the model itself is not changed).
    public static func interpolate(model: GPT, from: [Float], to: [Float], windows: EvaluationWindows,
                                   points: Int = 41, extend: Double = 0.25, workers: Int = Parallel.workers,
                                   batch: Int = 32, cancel: CancellationFlag? = nil,
                                   onPoint: ((LandscapePoint) -> Void)? = nil) throws -> Interpolation {
        try ModelChecks.validate(model: model, windows: windows, batch: batch)
        guard from.count == model.parameterCount else {
            throw LandscapeError.sizeMismatch(what: "interpolation start", count: from.count, expected: model.parameterCount)
        }
        return try interpolate(from: from, to: to,
                               evaluators: lossEvaluators(model: model, windows: windows, workers: workers, batch: batch),
                               points: points, extend: extend, cancel: cancel, onPoint: onPoint)
    }
}
