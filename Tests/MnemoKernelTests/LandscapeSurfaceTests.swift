import Foundation
import Testing
@testable import MnemoKernel

/// Surfaces and interpolations: exact centre, analytic values, resuming, serialisation.
@Suite struct LandscapeSurfaceTests {
    /// Two unit-ish directions for an n-parameter quadratic.
    static func quadraticDirections(_ n: Int) -> [LandscapeDirection] {
        [LandscapeDirection(values: LandscapeFixtures.randomVector(n, seed: 21, std: 0.5), origin: .custom(label: "d1")),
         LandscapeDirection(values: LandscapeFixtures.randomVector(n, seed: 22, std: 0.5), origin: .custom(label: "d2"))]
    }

    @Test func gridCoordinatesAreSymmetricWithAnExactZero() throws {
        let grid = LandscapeGrid(dimensions: 2, points: 21, span: 0.7)
        let xs = grid.coordinates(axis: 0)
        #expect(xs.first == -0.7 && xs.last == 0.7 && xs[10] == 0)
        #expect(grid.centreIndex == 220 && grid.coefficients(of: 220) == [0, 0])
        #expect(grid.coefficients(of: 1) == [xs[1], -0.7])    // column along α, row along β
        #expect(LandscapeGrid(dimensions: 2, points: 4).centreIndex == nil)
        #expect(throws: LandscapeError.self) { try LandscapeGrid(dimensions: 3, points: 5).validate() }
        #expect(throws: LandscapeError.self) { try LandscapeGrid(dimensions: 2, points: 5, span: 0).validate() }
    }

    @Test func quadraticSurfaceMatchesTheFormula() throws {
        let n = 12
        let models = (0..<2).map { _ in LandscapeQuadratic(eigenvalues: (1...n).map { Double($0) }, rotated: true, seed: 5) }
        let centre = models[0].flatParameters(), directions = Self.quadraticDirections(n)
        let grid = LandscapeGrid(dimensions: 2, points: 7, span: 1.5)
        let surface = try Landscape.surface(centre: centre, directions: directions, grid: grid,
                                            evaluators: models.map { m in { m.evaluate($0) } })
        #expect(surface.isComplete)
        for index in 0..<grid.count {
            let c = grid.coefficients(of: index)
            let w = (0..<n).map { centre[$0] + Float(c[0]) * directions[0].values[$0] + Float(c[1]) * directions[1].values[$0] }
            let expected = models[0].exact(w)
            #expect(LandscapeFixtures.close(surface.values[index]!, expected, 1e-4), "point \(index): \(surface.values[index]!) vs \(expected)")
        }
        #expect(surface.centreValue == models[0].evaluate(centre))
        let minimum = try #require(surface.minimum)
        #expect(minimum.value == surface.values.compactMap { $0 }.min())
    }

    @Test func oneDimensionalQuadraticIsAParabola() throws {
        let model = LandscapeQuadratic(eigenvalues: [2, 2, 2, 2], rotated: false, seed: 6)
        let centre: [Float] = [0, 0, 0, 0]
        let direction = LandscapeDirection(values: [1, 0, 0, 0], origin: .custom(label: "e1"))
        let surface = try Landscape.surface(centre: centre, directions: [direction],
                                            grid: LandscapeGrid(dimensions: 1, points: 5, span: 2),
                                            evaluators: [{ model.evaluate($0) }])
        // f(α) = ½·2·α² = α² at α = −2, −1, 0, 1, 2.
        #expect(surface.values == [4, 1, 0, 1, 4])
        #expect(surface.minimum?.coefficients == [0])
    }

    @Test func gptSurfaceCentreEqualsTheModelsLossExactly() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 2)
        let windows = try LandscapeFixtures.tinyWindows()
        let before = model.flatParameters()
        let directions = [Directions.random(for: model, seed: 1), Directions.random(for: model, seed: 2)]
        var reported = 0
        let surface = try Landscape.surface(model: model, windows: windows, directions: directions,
                                            grid: LandscapeGrid(dimensions: 2, points: 5, span: 1), workers: 2,
                                            onPoint: { _ in reported += 1 })
        let loss = LanguageModeling.evaluate(model, on: windows).loss
        #expect(surface.centreValue == loss)
        #expect(surface.values[12] == loss)
        #expect(reported == 25 && surface.isComplete)
        #expect(model.flatParameters() == before)          // the model itself is untouched
        // Other points really are other models.
        #expect(surface.values[0] != loss && surface.values[24] != loss && surface.values[0] != surface.values[24])
    }

    @Test func resumingAfterCancellationGivesTheSameGrid() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 4)
        let windows = try LandscapeFixtures.tinyWindows(count: 4)
        let directions = [Directions.random(for: model, seed: 5), Directions.random(for: model, seed: 6)]
        let grid = LandscapeGrid(dimensions: 2, points: 5, span: 0.5)
        let full = try Landscape.surface(model: model, windows: windows, directions: directions, grid: grid, workers: 2)

        let flag = CancellationFlag()
        var stored: [Int: Double] = [:]          // what the caller would keep in SQLite
        let partial = try Landscape.surface(model: model, windows: windows, directions: directions, grid: grid,
                                            workers: 2, cancel: flag, onPoint: { point in
            stored[point.index] = point.value
            if point.finished >= 8 { flag.cancel() }
        })
        #expect(!partial.isComplete)
        #expect(partial.finishedCount >= 8 && partial.finishedCount < 25)
        #expect(partial.finishedPoints == stored)

        var resumedIndices: [Int] = []
        let resumed = try Landscape.surface(model: model, windows: windows, directions: directions, grid: grid,
                                            workers: 2, finished: stored, onPoint: { resumedIndices.append($0.index) })
        #expect(resumed.isComplete)
        #expect(resumed.values == full.values)
        #expect(resumed.centreValue == full.centreValue)
        #expect(Set(resumedIndices).isDisjoint(with: stored.keys) && resumedIndices.count == 25 - stored.count)
    }

    @Test func surfaceBytesRoundTrip() throws {
        let grid = LandscapeGrid(points: 3, spans: [1, 0.5])
        let surface = LandscapeSurface(grid: grid, values: [1, 2, nil, .infinity, 0.5, 3, nil, 4, 5], centreValue: 0.5,
                                       directions: [.random(seed: 3, axis: 1, oneDimensional: .zeroed),
                                                    .principal(component: 1, explainedVariance: 0.25, snapshots: 9)],
                                       directionNorms: [10, 1], metric: "loss", seconds: 1.5)
        let bytes = try surface.serialized()
        let back = try LandscapeSurface(serialized: bytes)
        #expect(back == surface)
        #expect(back.minimum?.index == 4 && back.minimum?.coefficients == [0, 0])
        let json = try #require(String(data: bytes, encoding: .utf8))
        #expect(json.contains("\"minimum\":{\"coefficients\":[0,0],\"index\":4,\"value\":0.5}"), "\(json)")
        #expect(json.contains("\"inf\"") && json.contains("null"))
        #expect(throws: LandscapeError.self) { try LandscapeSurface(serialized: Data("{}".utf8)) }
    }

    @Test func badInputsAreErrors() {
        let centre: [Float] = [0, 0]
        let short = LandscapeDirection(values: [1], origin: .custom(label: "short"))
        #expect(throws: LandscapeError.self) {
            try Landscape.surface(centre: centre, directions: [short], grid: LandscapeGrid(dimensions: 1, points: 3),
                                  evaluators: [{ _ in 0 }])
        }
        #expect(throws: LandscapeError.directionCount(count: 1, dimensions: 2)) {
            try Landscape.surface(centre: centre, directions: [short], grid: LandscapeGrid(dimensions: 2, points: 3),
                                  evaluators: [{ _ in 0 }])
        }
    }

    @Test func interpolationEndsEqualTheTwoModelsLosses() throws {
        let a = GPT(LandscapeFixtures.tinyConfig, seed: 7), b = GPT(LandscapeFixtures.tinyConfig, seed: 8)
        let windows = try LandscapeFixtures.tinyWindows(count: 4)
        let line = try Landscape.interpolate(model: a, from: a.flatParameters(), to: b.flatParameters(),
                                             windows: windows, points: 9, extend: 0.25, workers: 2)
        #expect(line.alphas.count == 11)                   // 9 evenly spaced plus 0 and 1
        #expect(line.alphas.first == -0.25 && line.alphas.last == 1.25)
        #expect(line.isComplete)
        #expect(line.startValue == LanguageModeling.evaluate(a, on: windows).loss)
        #expect(line.endValue == LanguageModeling.evaluate(b, on: windows).loss)
    }

    @Test func interpolationOfAQuadraticIsAParabolaInAlpha() throws {
        let model = LandscapeQuadratic(eigenvalues: [1, 3, 5], rotated: true, seed: 11)
        let from: [Float] = [1, 0, 0], to: [Float] = [0, 1, 2]
        let line = try Landscape.interpolate(from: from, to: to, evaluate: { model.evaluate($0) }, points: 5, extend: 0)
        #expect(line.alphas == [0, 0.25, 0.5, 0.75, 1])
        for (alpha, value) in zip(line.alphas, line.values) {
            let w = (0..<3).map { Float(1 - alpha) * from[$0] + Float(alpha) * to[$0] }
            #expect(LandscapeFixtures.close(value!, model.exact(w), 1e-5))
        }
    }
}

/// Mismatched models and data are errors, not crashes.
@Suite struct LandscapeModelCheckTests {
    @Test func windowsLongerThanTheContextOrBytesOutsideTheVocabularyAreErrors() throws {
        let windows = try LandscapeFixtures.tinyWindows(count: 2)          // 16-token windows of bytes
        let shortContext = GPT(GPTConfig(context: 8, width: 16, heads: 2, layers: 1), seed: 1)
        let smallVocabulary = GPT(GPTConfig(vocab: 11, context: 16, width: 16, heads: 2, layers: 1), seed: 1)
        let grid = LandscapeGrid(dimensions: 1, points: 3)
        for model in [shortContext, smallVocabulary] {
            #expect(throws: LandscapeError.self) {
                try Landscape.surface(model: model, windows: windows, directions: [Directions.random(for: model, seed: 1)], grid: grid)
            }
            #expect(throws: LandscapeError.self) { try Sharpness.measure(model: model, windows: windows) }
            #expect(throws: LandscapeError.self) {
                try Landscape.interpolate(model: model, from: model.flatParameters(), to: model.flatParameters(), windows: windows)
            }
        }
        let fine = GPT(LandscapeFixtures.tinyConfig, seed: 1)
        #expect(throws: LandscapeError.self) {
            try Landscape.surface(model: fine, windows: windows, directions: [Directions.random(for: fine, seed: 1)],
                                  grid: grid, batch: 0)
        }
    }
}

/// The landscape's reusable evaluator gives LanguageModeling.evaluate's value bit for bit.
@Suite struct LandscapeEvaluatorTests {
    @Test func reusedEvaluatorMatchesTheLanguageModelingLossExactly() throws {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 12)
        let windows = try LandscapeFixtures.tinyWindows(count: 5)
        let evaluate = Landscape.lossEvaluators(model: model, windows: windows, workers: 1, batch: 2)[0]
        let other = GPT(LandscapeFixtures.tinyConfig, seed: 13)
        // Twice each, alternating, so reused buffers cannot leak one point into the next.
        for _ in 0..<2 {
            #expect(evaluate(model.flatParameters()) == LanguageModeling.evaluate(model, on: windows, batch: 2).loss)
            #expect(evaluate(other.flatParameters()) == LanguageModeling.evaluate(other, on: windows, batch: 2).loss)
        }
    }
}

/// The landscape_2d benchmark measures the workload issue 5 names.
@Suite struct LandscapeBenchmarkTests {
    @Test func workloadIsTheDefaultGPTOn32WindowsOf64Bytes() throws {
        let setup = try LandscapeBenchmark.prepare()
        #expect(setup.model.config == GPTConfig())
        #expect(setup.windows.count == 32 && setup.windows.context == 64)
        #expect(setup.directions.count == 2 && setup.directions[0].values.count == setup.model.parameterCount)
        #expect(setup.directions[0].values != setup.directions[1].values)
    }
}
