import Foundation

/// Curvature of a loss at a point: the top Hessian eigenvalue (power iteration) and the
/// Hessian trace (Hutchinson's estimator), both from Hessian-vector products.
///
/// The tape has no double backward, so a product is a central difference of two gradients,
/// Hv ≈ (∇L(w + εv) − ∇L(w − εv)) / 2ε, with ε chosen so the step's length is a fixed fraction
/// of ‖w‖ (exact for a quadratic loss up to rounding; two gradient passes per product).
public enum Sharpness {
    /// The gradient of a loss at a flat parameter vector (same length).
    public typealias Gradient = ([Float]) -> [Float]

    /// Iteration budget and accuracy of the estimates.
    public struct Settings: Codable, Equatable, Sendable {
        /// At most this many Hessian-vector products per estimate.
        public var maxIterations = 100
        /// Stop when the estimate's relative change falls below this (PyHessian's 1e-3).
        public var tolerance = 1e-3
        /// The trace estimate averages at least this many random vectors before it may stop.
        public var minimumSamples = 10
        /// Finite-difference step length as a fraction of ‖w‖ (at least 1 is used for ‖w‖).
        public var relativeStep = 1e-3
        /// Seed of the starting vector (eigenvalue) and of the Rademacher vectors (trace).
        public var seed: UInt64 = 0

        /// Settings; the defaults follow PyHessian.
        public init(maxIterations: Int = 100, tolerance: Double = 1e-3, minimumSamples: Int = 10,
                    relativeStep: Double = 1e-3, seed: UInt64 = 0) {
            self.maxIterations = maxIterations; self.tolerance = tolerance; self.minimumSamples = minimumSamples
            self.relativeStep = relativeStep; self.seed = seed
        }

        func validate(gradients: Int) throws {
            guard gradients >= 1 else {
                throw LandscapeError.invalidArgument(name: "gradients", value: "[]", reason: "at least one gradient function")
            }
            guard maxIterations >= 1 else {
                throw LandscapeError.invalidArgument(name: "iterations", value: String(maxIterations), reason: "at least 1")
            }
            guard tolerance.isFinite && tolerance >= 0 else {
                throw LandscapeError.invalidArgument(name: "tolerance", value: String(tolerance), reason: "a finite value ≥ 0")
            }
            guard relativeStep.isFinite && relativeStep > 0 else {
                throw LandscapeError.invalidArgument(name: "relativeStep", value: String(relativeStep), reason: "positive")
            }
        }
    }

    /// One estimate and how it was reached.
    public struct Estimate: Codable, Equatable, Sendable {
        /// The estimated eigenvalue or trace.
        public var value: Double
        /// Hessian-vector products used.
        public var iterations: Int
        /// Whether the tolerance was met within the budget.
        public var converged: Bool
        /// Whether cancellation stopped it (the value is then the latest estimate).
        public var cancelled: Bool
        /// The estimate after each iteration.
        public var history: [Double]
        /// Standard error of the mean (trace only; 0 for the eigenvalue).
        public var standardError: Double
    }

    /// Hv by central differences of `gradient` around `w` (see the type's description).
    public static func hessianVectorProduct(at w: [Float], direction v: [Float], gradient: @escaping Gradient,
                                            relativeStep: Double = 1e-3) -> [Float] {
        hessianVectorProduct(at: w, direction: v, gradients: [gradient], relativeStep: relativeStep)
    }

    /// As ``hessianVectorProduct(at:direction:gradient:relativeStep:)``; with two gradient
    /// closures (each over its own model copy, each called from one thread only) the two
    /// gradients are computed in parallel, one BLAS thread each.
    public static func hessianVectorProduct(at w: [Float], direction v: [Float], gradients: [Gradient],
                                            relativeStep: Double = 1e-3) -> [Float] {
        let vNorm = LandscapeMath.norm(v)
        guard vNorm > 0, let first = gradients.first else { return [Float](repeating: 0, count: w.count) }
        let epsilon = relativeStep * max(LandscapeMath.norm(w), 1) / vNorm
        var plus = w, minus = w
        let e = Float(epsilon)
        for i in 0..<w.count {
            plus[i] += e * v[i]
            minus[i] -= e * v[i]
        }
        var gPlus: [Float] = [], gMinus: [Float] = []
        if gradients.count >= 2 {
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                Parallel.withWorkers(1) {
                    if k == 0 { gPlus = gradients[0](plus) } else { gMinus = gradients[1](minus) }
                }
            }
        } else {
            gPlus = first(plus)
            gMinus = first(minus)
        }
        let scale = 1 / (2 * epsilon)
        return (0..<w.count).map { Float((Double(gPlus[$0]) - Double(gMinus[$0])) * scale) }
    }

    /// The Hessian's eigenvalue of largest magnitude (usually the top one at a trained point)
    /// by power iteration from a seeded Gaussian vector; stops when λ changes by less than
    /// `tolerance` relative to its previous value. `progress(iteration, estimate)` after each.
    public static func topEigenvalue(at w: [Float], gradient: @escaping Gradient, settings: Settings = Settings(),
                                     cancel: CancellationFlag? = nil,
                                     progress: ((Int, Double) -> Void)? = nil) throws -> Estimate {
        try topEigenvalue(at: w, gradients: [gradient], settings: settings, cancel: cancel, progress: progress)
    }

    /// As ``topEigenvalue(at:gradient:settings:cancel:progress:)`` with one or two gradient
    /// closures (two: each product's gradients in parallel).
    public static func topEigenvalue(at w: [Float], gradients: [Gradient], settings: Settings = Settings(),
                                     cancel: CancellationFlag? = nil,
                                     progress: ((Int, Double) -> Void)? = nil) throws -> Estimate {
        try settings.validate(gradients: gradients.count)
        var rng = SeededRandom.derived(seed: settings.seed, stream: 51)
        var v = (0..<w.count).map { _ in Float(rng.normal()) }
        v = LandscapeMath.scaled(v, 1 / max(LandscapeMath.norm(v), 1e-30))
        var history: [Double] = [], cancelled = false, converged = false
        var lambda: Double = 0
        for iteration in 1...settings.maxIterations {
            if cancel?.isCancelled == true { cancelled = true; break }
            let hv = hessianVectorProduct(at: w, direction: v, gradients: gradients, relativeStep: settings.relativeStep)
            let next = LandscapeMath.dot(v, hv)
            history.append(next)
            progress?(iteration, next)
            let hvNorm = LandscapeMath.norm(hv)
            let previous = lambda
            lambda = next
            if hvNorm == 0 { converged = true; break }
            v = LandscapeMath.scaled(hv, 1 / hvNorm)
            if iteration > 1 && abs(next - previous) / (abs(previous) + 1e-6) < settings.tolerance {
                converged = true
                break
            }
        }
        return Estimate(value: lambda, iterations: history.count, converged: converged, cancelled: cancelled,
                        history: history, standardError: 0)
    }

    /// Hutchinson's estimate of tr(H) = E[zᵀHz] over Rademacher vectors z (±1 entries, seeded):
    /// the running mean, stopped when it changes by less than `tolerance` relative to its
    /// previous value after at least `minimumSamples` vectors.
    public static func trace(at w: [Float], gradient: @escaping Gradient, settings: Settings = Settings(),
                             cancel: CancellationFlag? = nil, progress: ((Int, Double) -> Void)? = nil) throws -> Estimate {
        try trace(at: w, gradients: [gradient], settings: settings, cancel: cancel, progress: progress)
    }

    /// As ``trace(at:gradient:settings:cancel:progress:)`` with one or two gradient closures.
    public static func trace(at w: [Float], gradients: [Gradient], settings: Settings = Settings(),
                             cancel: CancellationFlag? = nil, progress: ((Int, Double) -> Void)? = nil) throws -> Estimate {
        try settings.validate(gradients: gradients.count)
        var rng = SeededRandom.derived(seed: settings.seed, stream: 52)
        var samples: [Double] = [], history: [Double] = [], cancelled = false, converged = false
        var mean: Double = 0
        for iteration in 1...settings.maxIterations {
            if cancel?.isCancelled == true { cancelled = true; break }
            let z: [Float] = (0..<w.count).map { _ in rng.next() & 1 == 0 ? -1 : 1 }
            let hz = hessianVectorProduct(at: w, direction: z, gradients: gradients, relativeStep: settings.relativeStep)
            samples.append(LandscapeMath.dot(z, hz))
            let previous = mean
            mean = samples.reduce(0, +) / Double(samples.count)
            history.append(mean)
            progress?(iteration, mean)
            if iteration >= max(2, settings.minimumSamples) && abs(mean - previous) / (abs(previous) + 1e-6) < settings.tolerance {
                converged = true
                break
            }
        }
        let n = Double(samples.count)
        let variance = n > 1 ? samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        return Estimate(value: mean, iterations: samples.count, converged: converged, cancelled: cancelled,
                        history: history, standardError: n > 0 ? (variance / n).squareRoot() : 0)
    }
}
