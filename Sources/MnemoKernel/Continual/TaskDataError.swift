import Foundation

/// Why classification-task data could not be loaded. Each description is one line naming the
/// file (and the record, counted from 1) and the reason.
public enum TaskDataError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No folder for the task under the benchmark root.
    case taskNotFound(name: String, root: String)
    /// A file that should exist does not.
    case missingFile(path: String)
    /// The file exists but is not valid JSON of the expected shape.
    case badFile(path: String, reason: String)
    /// One record of the file is malformed (records and lines numbered from 1).
    case badRecord(path: String, record: Int, reason: String)
    /// The task ended up without any usable example in a split.
    case emptySplit(task: String, split: String)
    /// An argument out of range (count, size, fraction).
    case invalidArgument(name: String, value: String)

    public var description: String {
        switch self {
        case let .taskNotFound(name, root): return "tasks: no task folder '\(name)' under \(root)"
        case let .missingFile(path): return "tasks \(path): no such file"
        case let .badFile(path, reason): return "tasks \(path): \(reason)"
        case let .badRecord(path, record, reason): return "tasks \(path): record \(record): \(reason)"
        case let .emptySplit(task, split): return "tasks: task '\(task)' has no usable \(split) examples"
        case let .invalidArgument(name, value): return "tasks: invalid \(name) \(value)"
        }
    }

    public var errorDescription: String? { description }
}
