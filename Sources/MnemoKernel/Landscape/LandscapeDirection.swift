/// One direction in parameter space for a landscape: a flat vector in a module's
/// ``Module/flatParameters()`` order, and where it came from (kept with stored surfaces so a
/// plot can say what its axes are and a random direction can be drawn again from its seed).
public struct LandscapeDirection: Sendable, Equatable {
    /// The direction's values, one per parameter scalar.
    public var values: [Float]
    /// How it was made.
    public var origin: Origin

    /// A direction with explicit values.
    public init(values: [Float], origin: Origin) {
        self.values = values
        self.origin = origin
    }

    /// Euclidean norm of the values.
    public var norm: Double { LandscapeMath.norm(values) }

    /// How a direction was made (serialisable; the values themselves are not stored).
    public enum Origin: Codable, Equatable, Sendable {
        /// Gaussian with filter normalisation, drawn from `seed` for axis `axis` (0 or 1, so the two
        /// axes of one seed differ); 1-D parameters as `oneDimensional`.
        case random(seed: UInt64, axis: Int, oneDimensional: OneDimensionalParameters)
        /// The difference `to − from` of two checkpoints (names are the caller's labels).
        case checkpoints(from: String, to: String)
        /// Principal component `component` (0 = first) of a trajectory of `snapshots` points,
        /// with the fraction of the trajectory's variance it explains.
        case principal(component: Int, explainedVariance: Double, snapshots: Int)
        /// Anything else the caller built.
        case custom(label: String)

        /// A short human label, e.g. "random (seed 3, filter-normalised)" or "PC1 (72.3 %)".
        public var label: String {
            switch self {
            case let .random(seed, axis, oneD):
                return "random (seed \(seed), axis \(axis + 1), filter-normalised, 1-D parameters \(oneD.rawValue))"
            case let .checkpoints(from, to): return "\(from) → \(to)"
            case let .principal(component, variance, _):
                let percent = (variance * 1000).rounded() / 10
                return "PC\(component + 1) (\(percent) %)"
            case let .custom(label): return label
            }
        }
    }
}

/// What filter normalisation does with parameters that have no filters (biases, LayerNorm gains
/// and shifts): Li et al. 2018 zero them ("biasbn") so the picture shows only weight changes.
public enum OneDimensionalParameters: String, Codable, Sendable, CaseIterable {
    /// The direction is zero there (the default, as in Li et al.'s `--xignore biasbn`).
    case zeroed
    /// Kept, with the whole parameter's random part rescaled to the parameter's norm.
    case normalised
}
