/// Where a landscape is evaluated: a 1-D line or a 2-D square grid of `points` per axis, with
/// coordinates evenly spaced in [−span, span] along each direction.
///
/// Points are numbered `row · points + column`: the column runs along the first direction (α,
/// the x axis) and the row along the second (β, the y axis). With an odd number of points the
/// middle coordinate is exactly 0, so the grid contains the centre itself.
public struct LandscapeGrid: Codable, Equatable, Sendable {
    /// 1 (a line) or 2 (a plane).
    public var dimensions: Int
    /// Points per axis.
    public var points: Int
    /// Half-width of each axis (one value per dimension).
    public var spans: [Double]

    /// A grid of `dimensions` axes, `points` per axis, coordinates in [−span, span].
    public init(dimensions: Int = 2, points: Int = 21, span: Double = 1) {
        self.dimensions = dimensions
        self.points = points
        self.spans = [Double](repeating: span, count: max(dimensions, 0))
    }

    /// A grid with its own span per axis (the axis count is `spans.count`).
    public init(points: Int, spans: [Double]) {
        self.dimensions = spans.count
        self.points = points
        self.spans = spans
    }

    /// Checks the settings.
    public func validate() throws {
        guard dimensions == 1 || dimensions == 2 else {
            throw LandscapeError.invalidArgument(name: "dims", value: String(dimensions), reason: "1 or 2")
        }
        guard points >= 2 && points <= 1001 else {
            throw LandscapeError.invalidArgument(name: "grid", value: String(points), reason: "2 to 1001 points per axis")
        }
        guard spans.count == dimensions, spans.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw LandscapeError.invalidArgument(name: "span", value: spans.map { String($0) }.joined(separator: ","),
                                                 reason: "one positive finite span per axis")
        }
    }

    /// Number of grid points.
    public var count: Int { dimensions == 1 ? points : points * points }

    /// The coordinates along `axis` (0: α, 1: β), ascending.
    public func coordinates(axis: Int) -> [Double] {
        guard axis >= 0 && axis < spans.count && points >= 2 else { return [] }
        // s·(2i − (n−1))/(n−1) makes the middle coordinate exactly 0 and the ends exactly ±s.
        return (0..<points).map { i in spans[axis] * Double(2 * i - (points - 1)) / Double(points - 1) }
    }

    /// The (α) or (α, β) coordinates of point `index`.
    public func coefficients(of index: Int) -> [Double] {
        guard spans.count >= dimensions && dimensions >= 1 && points >= 2 else { return [] }
        let column = index % points, row = index / points
        let alpha = spans[0] * Double(2 * column - (points - 1)) / Double(points - 1)
        if dimensions == 1 { return [alpha] }
        return [alpha, spans[1] * Double(2 * row - (points - 1)) / Double(points - 1)]
    }

    /// The index of the centre point, when the grid has one (an odd number of points).
    public var centreIndex: Int? {
        guard points % 2 == 1 else { return nil }
        let middle = points / 2
        return dimensions == 1 ? middle : middle * points + middle
    }
}
