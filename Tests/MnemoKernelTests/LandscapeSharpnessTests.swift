import Foundation
import Testing
@testable import MnemoKernel

/// Sharpness: Hessian-vector products, top eigenvalue and trace against known quadratics.
@Suite struct LandscapeSharpnessTests {
    @Test func hessianVectorProductOfAQuadraticIsAv() {
        let model = LandscapeQuadratic(eigenvalues: [0.5, 1, 2, 4, 8], rotated: true, seed: 1)
        let w = model.flatParameters(), v = LandscapeFixtures.randomVector(5, seed: 2)
        let hv = Sharpness.hessianVectorProduct(at: w, direction: v, gradient: { model.gradient($0) })
        for (got, want) in zip(hv, model.apply(v)) {
            #expect(LandscapeFixtures.close(Double(got), want, 1e-2), "\(got) vs \(want)")
        }
    }

    @Test func powerIterationFindsTheTopEigenvalue() throws {
        let eigenvalues = [0.3, 1, 2, 3, 5, 12.5]
        let model = LandscapeQuadratic(eigenvalues: eigenvalues, rotated: true, seed: 3)
        let estimate = try Sharpness.topEigenvalue(at: model.flatParameters(), gradient: { model.gradient($0) },
                                                   settings: .init(maxIterations: 100, tolerance: 1e-6))
        #expect(estimate.converged)
        #expect(abs(estimate.value - 12.5) < 0.05, "λ_max \(estimate.value)")
        #expect(estimate.iterations == estimate.history.count && estimate.iterations < 100)
    }

    @Test func hutchinsonTraceOfADiagonalHessianIsExact() throws {
        // Rademacher zᵀDz = tr D exactly for a diagonal D, so every sample is the trace.
        let model = LandscapeQuadratic(eigenvalues: [1, 2, 3, 4, 10], rotated: false, seed: 4)
        let estimate = try Sharpness.trace(at: model.flatParameters(), gradient: { model.gradient($0) })
        #expect(abs(estimate.value - 20) < 0.05, "trace \(estimate.value)")
        #expect(estimate.converged && estimate.iterations == 10)
    }

    @Test func hutchinsonTraceOfARotatedHessianIsWithinItsError() throws {
        let model = LandscapeQuadratic(eigenvalues: [1, 2, 3, 4, 10, 0.5, 6, 2], rotated: true, seed: 5)
        let estimate = try Sharpness.trace(at: model.flatParameters(), gradient: { model.gradient($0) },
                                           settings: .init(maxIterations: 400, tolerance: 0, seed: 9))
        #expect(estimate.iterations == 400 && !estimate.converged)
        #expect(abs(estimate.value - 28.5) < 4 * estimate.standardError + 0.05,
                "trace \(estimate.value) ± \(estimate.standardError)")
    }

    @Test func gptGradientMatchesTheLossSlopeOverSeveralBatches() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 6)
        let windows = try LandscapeFixtures.tinyWindows(count: 5)
        let gradient = Sharpness.gradientFunction(model: model, windows: windows, batch: 2)   // 3 batches
        let w = model.flatParameters()
        let v = Directions.random(for: model, seed: 7).values
        let slope = LandscapeMath.dot(gradient(w), v)
        let h: Double = 1e-3
        let copy = model.copy()
        copy.loadFlatParameters((0..<w.count).map { w[$0] + Float(h) * v[$0] })
        let up = LanguageModeling.evaluate(copy, on: windows).loss
        copy.loadFlatParameters((0..<w.count).map { w[$0] - Float(h) * v[$0] })
        let down = LanguageModeling.evaluate(copy, on: windows).loss
        let numeric = (up - down) / (2 * h)
        #expect(abs(slope - numeric) < 0.02 * max(abs(numeric), 0.1), "gradient·v \(slope) vs \(numeric)")
    }

    @Test func gptSharpnessReportIsFiniteAndCancellable() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 8)
        let windows = try LandscapeFixtures.tinyWindows(count: 2)
        let report = try Sharpness.measure(model: model, windows: windows,
                                           settings: .init(maxIterations: 4, minimumSamples: 2, seed: 1))
        #expect(report.topEigenvalue.value.isFinite && report.trace.value.isFinite)
        #expect(report.topEigenvalue.iterations <= 4 && report.trace.iterations <= 4)
        #expect(report.loss == LanguageModeling.evaluate(model, on: windows).loss)
        let flag = CancellationFlag()
        flag.cancel()
        let cancelled = try Sharpness.topEigenvalue(at: model.flatParameters(),
                                                    gradient: Sharpness.gradientFunction(model: model, windows: windows),
                                                    cancel: flag)
        #expect(cancelled.cancelled && cancelled.iterations == 0)
        #expect(throws: LandscapeError.self) {
            try Sharpness.trace(at: [0], gradient: { $0 }, settings: .init(maxIterations: 0))
        }
    }

    @Test func twoGradientCopiesGiveTheSameEstimatesAsOne() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 9)
        let windows = try LandscapeFixtures.tinyWindows(count: 2)
        let settings = Sharpness.Settings(maxIterations: 3, minimumSamples: 3, seed: 2)
        let one = try Sharpness.measure(model: model, windows: windows, settings: settings, workers: 1)
        let two = try Sharpness.measure(model: model, windows: windows, settings: settings, workers: 2)
        #expect(one.topEigenvalue.history == two.topEigenvalue.history)
        #expect(one.trace.history == two.trace.history)
        #expect(one.topEigenvalue.value != 0)
    }
}
