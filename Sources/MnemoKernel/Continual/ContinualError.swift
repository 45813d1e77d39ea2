import Foundation

/// Why a continual run, or its reference states, could not be set up. One-line descriptions
/// that say where and why.
public enum ContinualError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The method needs a replay set and none was given.
    case needsReplay(method: String)
    /// The method needs reference states (of the base model on the replay set) that are missing
    /// or lack what it needs (hidden states for L1/L2/KL).
    case needsReference(method: String, missing: String)
    /// Reference states were computed on another replay set or model shape.
    case referenceMismatch(reason: String)
    /// Serialised reference states that cannot be read.
    case badReferenceData(reason: String)
    /// A setting out of range.
    case invalidSetting(name: String, value: String)
    /// No tasks to train.
    case noTasks

    public var description: String {
        switch self {
        case let .needsReplay(method): return "continual: method \(method) needs a replay set"
        case let .needsReference(method, missing): return "continual: method \(method) needs reference states with \(missing)"
        case let .referenceMismatch(reason): return "continual: reference states do not match: \(reason)"
        case let .badReferenceData(reason): return "reference states: cannot read (\(reason))"
        case let .invalidSetting(name, value): return "continual: invalid \(name) \(value)"
        case .noTasks: return "continual: no tasks to train"
        }
    }

    public var errorDescription: String? { description }
}
