/// Builders for landscape directions: filter-normalised random directions (Li et al. 2018),
/// the difference of two checkpoints, and the principal directions of a training trajectory.
public enum Directions {
    /// A Gaussian direction over `module`'s parameters with filter normalisation: every row
    /// (output filter, or embedding vector) of each tensor of rank ≥ 2 is rescaled to the norm of
    /// the matching row of the weights, so a step of 1 along it changes each filter by its own
    /// size, whatever the layer's scale. 1-D parameters are zeroed or kept (`oneDimensional`).
    /// Deterministic for (seed, axis): every parameter draws its noise in name order, zeroed or
    /// not; different axes of one seed draw independent noise.
    public static func random(for module: Module, seed: UInt64, axis: Int = 0,
                              oneDimensional: OneDimensionalParameters = .zeroed) -> LandscapeDirection {
        var rng = SeededRandom.derived(seed: seed, stream: 41 + UInt64(max(axis, 0)))
        var values: [Float] = []
        values.reserveCapacity(module.parameterCount)
        for (_, tensor) in module.namedParameters() {
            var noise = (0..<tensor.count).map { _ in Float(rng.normal()) }
            let weights = UnsafeBufferPointer(start: tensor.data, count: tensor.count)
            if tensor.shape.rank >= 2 {
                let rowLength = tensor.count / max(tensor.shape[0], 1)
                for row in 0..<tensor.shape[0] {
                    normalise(&noise, range: row * rowLength..<(row + 1) * rowLength, like: weights)
                }
            } else if oneDimensional == .zeroed {
                for i in noise.indices { noise[i] = 0 }
            } else {
                normalise(&noise, range: 0..<noise.count, like: weights)
            }
            values.append(contentsOf: noise)
        }
        return LandscapeDirection(values: values, origin: .random(seed: seed, axis: axis, oneDimensional: oneDimensional))
    }

    /// The `count` (1 or 2) random filter-normalised directions of a landscape with one seed:
    /// axis k is ``random(for:seed:axis:oneDimensional:)`` with `axis: k`.
    public static func random(for module: Module, seed: UInt64, count: Int,
                              oneDimensional: OneDimensionalParameters = .zeroed) -> [LandscapeDirection] {
        (0..<max(count, 0)).map { random(for: module, seed: seed, axis: $0, oneDimensional: oneDimensional) }
    }

    /// The direction `to − from` between two flat parameter vectors (checkpoints), so that
    /// coordinate 1 from `from` lands on `to`. `fromLabel`/`toLabel` name them in plots.
    public static func difference(from: [Float], to: [Float], fromLabel: String = "a",
                                  toLabel: String = "b") throws -> LandscapeDirection {
        guard from.count == to.count else {
            throw LandscapeError.sizeMismatch(what: "checkpoint \(toLabel)", count: to.count, expected: from.count)
        }
        let values = LandscapeMath.difference(from, to)
        guard values.contains(where: { $0 != 0 }) else {
            throw LandscapeError.zeroDirection(what: "\(fromLabel) → \(toLabel)")
        }
        return LandscapeDirection(values: values, origin: .checkpoints(from: fromLabel, to: toLabel))
    }

    /// Rescales `noise[range]` to the norm of `weights[range]` (zero when the weights are zero).
    private static func normalise(_ noise: inout [Float], range: Range<Int>, like weights: UnsafeBufferPointer<Float>) {
        var noiseSquares: Double = 0, weightSquares: Double = 0
        for i in range {
            noiseSquares += Double(noise[i]) * Double(noise[i])
            weightSquares += Double(weights[i]) * Double(weights[i])
        }
        // The 1e-10 guard follows Li et al.; it only matters for an all-zero noise row.
        let factor = Float(weightSquares.squareRoot() / (noiseSquares.squareRoot() + 1e-10))
        for i in range { noise[i] *= factor }
    }
}
