/// The principal directions of a training trajectory (Li et al. 2018 §7): PCA of the saved
/// parameter snapshots, computed through their small Gram matrix because there are far fewer
/// snapshots than parameters.
public struct TrajectoryPCA: Sendable {
    /// Unit-length principal directions, the first explaining the most variance.
    public let directions: [LandscapeDirection]
    /// The fraction of the trajectory's variance each direction explains (0...1).
    public let explainedVariance: [Double]
    /// Each snapshot's coordinates along the directions, relative to the final snapshot (the
    /// landscape's centre), for drawing the path over the surface: `coordinates[i][k]`.
    public let coordinates: [[Double]]
}

extension Directions {
    /// The top `count` principal directions of `snapshots` (flat parameter vectors in training
    /// order, the last one the final model). The points are centred on their mean, as in
    /// Li et al.'s use of scikit-learn's PCA. Each direction's sign is chosen so the first
    /// snapshot has a negative coordinate (the path runs from negative towards the centre).
    public static func principal(of snapshots: [[Float]], count: Int = 2) throws -> TrajectoryPCA {
        guard count >= 1 else {
            throw LandscapeError.invalidArgument(name: "count", value: String(count), reason: "at least 1 direction")
        }
        guard snapshots.count >= count + 1 else {
            throw LandscapeError.notEnoughSnapshots(count: snapshots.count, needed: count + 1)
        }
        let final = snapshots[snapshots.count - 1]
        for (i, s) in snapshots.enumerated() where s.count != final.count {
            throw LandscapeError.sizeMismatch(what: "snapshot \(i)", count: s.count, expected: final.count)
        }
        let n = snapshots.count
        let offsets = snapshots.map { LandscapeMath.difference(final, $0) }
        let gram = centredGram(offsets)
        let (values, vectors) = SymmetricEigen.decompose(gram, size: n)
        let total = values.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { throw LandscapeError.zeroDirection(what: "trajectory (all snapshots equal)") }

        var directions: [LandscapeDirection] = [], explained: [Double] = []
        var coordinates = [[Double]](repeating: [], count: n)
        for k in 0..<count {
            let u = vectors[k]
            let mean = u.reduce(0, +) / Double(n)
            // PC = Σᵢ uᵢ (xᵢ − x̄) = Σᵢ (uᵢ − ū) xᵢ, normalised below.
            var pc = [Float](repeating: 0, count: final.count)
            for i in 0..<n {
                let w = Float(u[i] - mean)
                offsets[i].withUnsafeBufferPointer { x in
                    for p in 0..<pc.count { pc[p] += w * x[p] }
                }
            }
            let norm = LandscapeMath.norm(pc)
            guard norm > 0 else { throw LandscapeError.zeroDirection(what: "PC\(k + 1)") }
            var sign: Double = 1 / norm
            if LandscapeMath.dot(offsets[0], pc) > 0 { sign = -sign }
            pc = LandscapeMath.scaled(pc, sign)
            let fraction = max(values[k], 0) / total
            directions.append(LandscapeDirection(values: pc, origin: .principal(component: k, explainedVariance: fraction,
                                                                                  snapshots: n)))
            explained.append(fraction)
            for i in 0..<n { coordinates[i].append(LandscapeMath.dot(offsets[i], pc)) }
        }
        return TrajectoryPCA(directions: directions, explainedVariance: explained, coordinates: coordinates)
    }

    /// The n×n Gram matrix of the points after subtracting their mean, in Double.
    private static func centredGram(_ points: [[Float]]) -> [Double] {
        let n = points.count
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let d = LandscapeMath.dot(points[i], points[j])
                k[i * n + j] = d
                k[j * n + i] = d
            }
        }
        // Double centring: G = K − row means − column means + grand mean.
        let rowMeans = (0..<n).map { i in (0..<n).reduce(0) { $0 + k[i * n + $1] } / Double(n) }
        let grand = rowMeans.reduce(0, +) / Double(n)
        var g = k
        for i in 0..<n {
            for j in 0..<n { g[i * n + j] = k[i * n + j] - rowMeans[i] - rowMeans[j] + grand }
        }
        return g
    }
}
