/// Why a landscape, direction or sharpness computation could not start.
public enum LandscapeError: Error, CustomStringConvertible, Equatable {
    /// A flat vector's length does not match the parameter count it is used with.
    case sizeMismatch(what: String, count: Int, expected: Int)
    /// A numeric setting is outside its valid range.
    case invalidArgument(name: String, value: String, reason: String)
    /// Too few trajectory snapshots for the requested number of principal directions.
    case notEnoughSnapshots(count: Int, needed: Int)
    /// The direction list does not match the grid's dimensions.
    case directionCount(count: Int, dimensions: Int)
    /// A direction is zero everywhere (for example two identical checkpoints).
    case zeroDirection(what: String)
    /// Stored landscape bytes could not be read back.
    case unreadable(reason: String)

    public var description: String {
        switch self {
        case let .sizeMismatch(what, count, expected):
            return "landscape: \(what) has \(count) values but the model has \(expected) parameters"
        case let .invalidArgument(name, value, reason):
            return "landscape: \(name) = \(value) is invalid (\(reason))"
        case let .notEnoughSnapshots(count, needed):
            return "landscape: PCA directions need at least \(needed) trajectory snapshots, got \(count)"
        case let .directionCount(count, dimensions):
            return "landscape: a \(dimensions)-D surface needs \(dimensions) direction(s), got \(count)"
        case let .zeroDirection(what):
            return "landscape: the direction \(what) is zero everywhere (identical checkpoints?)"
        case let .unreadable(reason):
            return "landscape: stored surface is unreadable (\(reason))"
        }
    }
}
