/// Planes through checkpoints and the placement of models on a landscape's axes: the pieces
/// for drawing "the model after each task" on one surface.
extension Directions {
    /// Two directions spanning the plane through three checkpoints, for a surface centred on
    /// `a`: δ = b − a, and η = c − a with its component along δ removed (Gram–Schmidt) and
    /// rescaled to the length of c − a. Then b sits at (1, 0) and c in the plane at coordinates
    /// ``Landscape/project(_:centre:directions:)`` gives. Collinear checkpoints are an error.
    public static func plane(through a: [Float], _ b: [Float], _ c: [Float], labels: [String] = ["a", "b", "c"])
        throws -> [LandscapeDirection] {
        let names = labels.count == 3 ? labels : ["a", "b", "c"]
        let first = try difference(from: a, to: b, fromLabel: names[0], toLabel: names[1])
        let second = try difference(from: a, to: c, fromLabel: names[0], toLabel: names[2])
        let along = LandscapeMath.dot(second.values, first.values) / LandscapeMath.dot(first.values, first.values)
        var orthogonal = second.values
        let f = Float(along)
        for i in 0..<orthogonal.count { orthogonal[i] -= f * first.values[i] }
        let remaining = LandscapeMath.norm(orthogonal)
        guard remaining > 1e-12 * second.norm else {
            throw LandscapeError.zeroDirection(what: "\(names[0]) → \(names[2]) after removing \(names[0]) → \(names[1]) (the three checkpoints are collinear)")
        }
        orthogonal = LandscapeMath.scaled(orthogonal, second.norm / remaining)
        return [first, LandscapeDirection(values: orthogonal, origin: .checkpoints(from: names[0], to: names[2] + " (orthogonalised)"))]
    }
}

extension Landscape {
    /// The coordinates of each of `points` (flat parameter vectors) on a surface around
    /// `centre` spanned by `directions`: the least-squares (α, β) with
    /// point ≈ centre + α·d₁ + β·d₂ (exact when the point lies in the plane). For markers
    /// (checkpoints, a training path) drawn over the surface.
    public static func project(_ points: [[Float]], centre: [Float], directions: [LandscapeDirection]) throws -> [[Double]] {
        for (k, d) in directions.enumerated() where d.values.count != centre.count {
            throw LandscapeError.sizeMismatch(what: "direction \(k + 1)", count: d.values.count, expected: centre.count)
        }
        let n = directions.count
        guard n == 1 || n == 2 else { throw LandscapeError.directionCount(count: n, dimensions: 2) }
        // Normal equations G x = r with the directions' 1×1 or 2×2 Gram matrix G.
        let g = directions.map { a in directions.map { b in LandscapeMath.dot(a.values, b.values) } }
        let determinant = n == 1 ? g[0][0] : g[0][0] * g[1][1] - g[0][1] * g[1][0]
        guard abs(determinant) > 0 else { throw LandscapeError.zeroDirection(what: "of the projection (parallel or zero directions)") }
        return try points.enumerated().map { i, point in
            guard point.count == centre.count else {
                throw LandscapeError.sizeMismatch(what: "point \(i)", count: point.count, expected: centre.count)
            }
            let offset = LandscapeMath.difference(centre, point)
            let r = directions.map { LandscapeMath.dot(offset, $0.values) }
            if n == 1 { return [r[0] / g[0][0]] }
            return [(r[0] * g[1][1] - r[1] * g[0][1]) / determinant, (g[0][0] * r[1] - g[1][0] * r[0]) / determinant]
        }
    }
}
