import Foundation
import Testing
@testable import MnemoKernel

/// Directions: filter normalisation, checkpoint differences, trajectory PCA.
@Suite struct LandscapeDirectionTests {
    /// Row norms of `values[range]` seen as rows of `rowLength`.
    static func rowNorms(_ values: UnsafeBufferPointer<Float>, rows: Int) -> [Double] {
        let length = values.count / rows
        return (0..<rows).map { r in
            (0..<length).reduce(0) { $0 + Double(values[r * length + $1]) * Double(values[r * length + $1]) }.squareRoot()
        }
    }

    @Test func everyDirectionRowHasItsWeightRowsNormAndOneDimensionalPartsAreZeroed() {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 1)
        let direction = Directions.random(for: model, seed: 7)
        #expect(direction.values.count == model.parameterCount)
        var offset = 0, checkedRows = 0, zeroed = 0
        direction.values.withUnsafeBufferPointer { all in
            for (name, tensor) in model.namedParameters() {
                let part = UnsafeBufferPointer(rebasing: all[offset..<offset + tensor.count])
                if tensor.shape.rank >= 2 {
                    let weights = UnsafeBufferPointer(start: tensor.data, count: tensor.count)
                    let mine = Self.rowNorms(part, rows: tensor.shape[0])
                    let theirs = Self.rowNorms(weights, rows: tensor.shape[0])
                    for (d, w) in zip(mine, theirs) {
                        #expect(abs(d - w) <= 1e-5 * w, "\(name): row norm \(d) vs weight row norm \(w)")
                        checkedRows += 1
                    }
                } else {
                    #expect(part.allSatisfy { $0 == 0 }, "\(name) should be zeroed")
                    zeroed += 1
                }
                offset += tensor.count
            }
        }
        #expect(checkedRows > 100 && zeroed > 4)
        #expect(direction.origin == .random(seed: 7, axis: 0, oneDimensional: .zeroed))
    }

    @Test func keptOneDimensionalPartsTakeTheParametersNorm() {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 1)
        let direction = Directions.random(for: model, seed: 7, oneDimensional: .normalised)
        let zeroedVersion = Directions.random(for: model, seed: 7)
        var offset = 0, checked = 0
        for (name, tensor) in model.namedParameters() {
            let part = Array(direction.values[offset..<offset + tensor.count])
            if tensor.shape.rank == 1 {
                let weightNorm = LandscapeMath.norm(tensor.values)
                #expect(abs(LandscapeMath.norm(part) - weightNorm) <= 1e-5 * max(weightNorm, 1), "\(name)")
                if weightNorm > 0 { checked += 1; #expect(part.contains { $0 != 0 }) }
            } else {
                // The same noise is drawn either way, so the filters agree exactly.
                #expect(part == Array(zeroedVersion.values[offset..<offset + tensor.count]), "\(name)")
            }
            offset += tensor.count
        }
        #expect(checked >= 2)  // the LayerNorm gains are ones, so their directions are non-zero
    }

    @Test func randomDirectionsDependOnlyOnTheSeed() {
        let model = GPT(LandscapeFixtures.tinyConfig, seed: 1)
        let a = Directions.random(for: model, seed: 3), b = Directions.random(for: model, seed: 3)
        let c = Directions.random(for: model, seed: 4)
        #expect(a == b)
        #expect(a.values != c.values)
        let pair = Directions.random(for: model, seed: 3, count: 2)
        #expect(pair[0] == a && pair[1].values != a.values && pair[1].origin == .random(seed: 3, axis: 1, oneDimensional: .zeroed))
        // Nearly orthogonal in high dimension, as Li et al. note.
        let cosine = LandscapeMath.dot(a.values, c.values) / (a.norm * c.norm)
        #expect(abs(cosine) < 0.1)
    }

    @Test func checkpointDifferencePointsFromTheFirstToTheSecond() throws {
        let a: [Float] = [1, 2, 3], b: [Float] = [1, 0, 5]
        let d = try Directions.difference(from: a, to: b, fromLabel: "base", toLabel: "final")
        #expect(d.values == [0, -2, 2])
        #expect(d.origin.label == "base → final")
        #expect(throws: LandscapeError.zeroDirection(what: "a → b")) { try Directions.difference(from: a, to: a) }
        #expect(throws: LandscapeError.self) { try Directions.difference(from: a, to: [1, 2]) }
    }

    @Test func pcaRecoversPlantedDirectionsAndTheirExplainedVariance() throws {
        let n = 300
        let q = LandscapeFixtures.orthogonal(n, columns: 2, seed: 9)
        let u1 = (0..<n).map { Float(q[$0][0]) }, u2 = (0..<n).map { Float(q[$0][1]) }
        let final = LandscapeFixtures.randomVector(n, seed: 10)
        // Offsets from the final point: a along u1, b along u2, uncorrelated after centring;
        // centred sums of squares 40 and 6.
        let a: [Float] = [8, 6, 4, 2, 0], b: [Float] = [0, 1, -2, 1, 0]
        var snapshots: [[Float]] = []
        for t in 0..<5 {
            var point = final
            for i in 0..<n { point[i] += a[t] * u1[i] + b[t] * u2[i] }
            snapshots.append(point)
        }
        let pca = try Directions.principal(of: snapshots, count: 2)
        #expect(pca.directions.count == 2)
        let cos1 = LandscapeMath.dot(pca.directions[0].values, u1), cos2 = LandscapeMath.dot(pca.directions[1].values, u2)
        #expect(cos1 < -0.999, "PC1 should be −u1 (the path starts on the negative side): cos \(cos1)")
        #expect(abs(cos2) > 0.999, "PC2 vs u2: cos \(cos2)")
        #expect(abs(pca.directions[0].norm - 1) < 1e-5)
        #expect(abs(pca.explainedVariance[0] - 40.0 / 46) < 1e-4)
        #expect(abs(pca.explainedVariance[1] - 6.0 / 46) < 1e-4)
        #expect(abs(pca.coordinates[0][0] + 8) < 1e-3 && abs(pca.coordinates[4][0]) < 1e-6)
        #expect(pca.directions[0].origin.label == "PC1 (87.0 %)")
    }

    @Test func pcaNeedsMoreSnapshotsThanDirections() {
        #expect(throws: LandscapeError.notEnoughSnapshots(count: 2, needed: 3)) {
            try Directions.principal(of: [[1, 2], [3, 4]], count: 2)
        }
        #expect(throws: LandscapeError.self) { try Directions.principal(of: [[1, 2], [1, 2], [1, 2]], count: 1) }
    }
}

/// Planes through three checkpoints and projections of points onto a surface's axes.
@Suite struct LandscapePlaneTests {
    @Test func planeThroughThreeCheckpointsPlacesEachExactly() throws {
        let a: [Float] = [1, 1, 1, 1], b: [Float] = [3, 1, 1, 1], c: [Float] = [2, 4, 1, 1]
        let directions = try Directions.plane(through: a, b, c, labels: ["task 1", "task 2", "task 3"])
        #expect(directions[0].values == [2, 0, 0, 0])
        #expect(abs(LandscapeMath.dot(directions[0].values, directions[1].values)) < 1e-6)
        #expect(abs(directions[1].norm - LandscapeMath.norm([1, 3, 0, 0])) < 1e-5)
        let coordinates = try Landscape.project([a, b, c], centre: a, directions: directions)
        #expect(coordinates[0] == [0, 0] && abs(coordinates[1][0] - 1) < 1e-9 && abs(coordinates[1][1]) < 1e-9)
        // c − a = (1, 3) = 0.5·δ + (0, 3) and η = (0, ‖(1,3)‖) along the second axis.
        #expect(abs(coordinates[2][0] - 0.5) < 1e-6 && abs(coordinates[2][1] - 3 / Double(10).squareRoot()) < 1e-6)
        #expect(throws: LandscapeError.self) { try Directions.plane(through: a, b, [5, 1, 1, 1]) }
    }

    @Test func projectionSolvesForNonOrthogonalDirections() throws {
        let d1 = LandscapeDirection(values: [1, 1, 0], origin: .custom(label: "d1"))
        let d2 = LandscapeDirection(values: [0, 1, 1], origin: .custom(label: "d2"))
        let centre: [Float] = [1, 2, 3]
        let point: [Float] = [1 + 2, 2 + 2 - 1, 3 - 1]     // centre + 2·d1 − 1·d2
        let xy = try Landscape.project([point], centre: centre, directions: [d1, d2])[0]
        #expect(abs(xy[0] - 2) < 1e-9 && abs(xy[1] + 1) < 1e-9)
    }
}
