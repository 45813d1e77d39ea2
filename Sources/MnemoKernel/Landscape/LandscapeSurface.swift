import Foundation

/// A computed (or partly computed) landscape: the grid, a value per grid point, the value at the
/// centre, and what the directions were. Serialisable to bytes, so a stored surface can be
/// redrawn without recomputing; the direction vectors themselves are not stored (random ones
/// can be drawn again from their seeds).
public struct LandscapeSurface: Codable, Equatable, Sendable {
    /// Where the values were evaluated.
    public var grid: LandscapeGrid
    /// One value per grid point (see ``LandscapeGrid`` for the numbering); nil where not yet
    /// computed (an interrupted run).
    public var values: [Double?]
    /// The value at the centre (the model itself); nil when cancelled before it was computed.
    public var centreValue: Double?
    /// Where each direction came from, in axis order.
    public var directions: [LandscapeDirection.Origin]
    /// Each direction's Euclidean norm.
    public var directionNorms: [Double]
    /// What the values are ("loss", "accuracy", ...), for labels.
    public var metric: String
    /// Seconds spent computing in the call that produced this value (not counting earlier runs).
    public var seconds: Double

    /// A surface with explicit contents.
    public init(grid: LandscapeGrid, values: [Double?], centreValue: Double?, directions: [LandscapeDirection.Origin],
                directionNorms: [Double], metric: String, seconds: Double) {
        self.grid = grid; self.values = values; self.centreValue = centreValue; self.directions = directions
        self.directionNorms = directionNorms; self.metric = metric; self.seconds = seconds
    }

    /// Whether every grid point has a value.
    public var isComplete: Bool { values.allSatisfy { $0 != nil } }

    /// The number of grid points with a value.
    public var finishedCount: Int { values.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// The values computed so far by grid index, the form a resumed computation takes.
    public var finishedPoints: [Int: Double] {
        var out: [Int: Double] = [:]
        for (i, v) in values.enumerated() { if let v { out[i] = v } }
        return out
    }

    /// The value at (column, row), column along the first direction; row 0 for 1-D surfaces.
    public func value(column: Int, row: Int = 0) -> Double? {
        guard column >= 0, column < grid.points, row >= 0, row < (grid.dimensions == 1 ? 1 : grid.points) else { return nil }
        return values[row * grid.points + column]
    }

    /// The smallest finite computed value, its grid index and coordinates.
    public var minimum: (index: Int, coefficients: [Double], value: Double)? {
        var best: (Int, Double)?
        for (i, v) in values.enumerated() {
            guard let v, v.isFinite else { continue }
            if best == nil || v < best!.1 { best = (i, v) }
        }
        guard let best else { return nil }
        return (best.0, grid.coefficients(of: best.0), best.1)
    }

    /// The largest finite computed value.
    public var maximum: Double? { values.compactMap { $0 }.filter(\.isFinite).max() }

    private enum CodingKeys: String, CodingKey {
        case grid, values, centreValue, directions, directionNorms, metric, seconds, minimum
    }

    /// The grid minimum as stored (for readers of the bytes; recomputed when decoding).
    private struct StoredMinimum: Encodable {
        var index: Int
        var coefficients: [Double]
        var value: Double
    }

    /// Writes every field plus the grid minimum, so the stored bytes are self-describing.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(grid, forKey: .grid)
        try container.encode(values, forKey: .values)
        try container.encodeIfPresent(centreValue, forKey: .centreValue)
        try container.encode(directions, forKey: .directions)
        try container.encode(directionNorms, forKey: .directionNorms)
        try container.encode(metric, forKey: .metric)
        try container.encode(seconds, forKey: .seconds)
        if let minimum {
            try container.encode(StoredMinimum(index: minimum.index, coefficients: minimum.coefficients, value: minimum.value),
                                 forKey: .minimum)
        }
    }

    /// Reads the fields written by ``encode(to:)`` (the stored minimum is derived, so skipped).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        grid = try container.decode(LandscapeGrid.self, forKey: .grid)
        values = try container.decode([Double?].self, forKey: .values)
        centreValue = try container.decodeIfPresent(Double.self, forKey: .centreValue)
        directions = try container.decode([LandscapeDirection.Origin].self, forKey: .directions)
        directionNorms = try container.decode([Double].self, forKey: .directionNorms)
        metric = try container.decode(String.self, forKey: .metric)
        seconds = try container.decode(Double.self, forKey: .seconds)
    }

    /// The surface as JSON bytes (non-finite values written as "inf", "-inf", "nan").
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads bytes written by ``serialized()``.
    public init(serialized data: Data) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                        nan: "nan")
        do {
            self = try decoder.decode(LandscapeSurface.self, from: data)
        } catch {
            throw LandscapeError.unreadable(reason: String(describing: error))
        }
        guard values.count == grid.count, directions.count == grid.dimensions else {
            throw LandscapeError.unreadable(reason: "\(values.count) values for a grid of \(grid.count) points")
        }
    }
}

/// One finished grid point, reported while a surface or interpolation is computed: the caller
/// stores it (for resuming) and shows progress.
public struct LandscapePoint: Sendable {
    /// The point's grid index (or position along an interpolation).
    public var index: Int
    /// Its coordinates: (α) or (α, β).
    public var coefficients: [Double]
    /// The evaluated value.
    public var value: Double
    /// Points finished so far, counting those given as already finished.
    public var finished: Int
    /// Points in total.
    public var total: Int
    /// Seconds since this computation started.
    public var elapsed: Double
}
