import Foundation

/// Why text data could not be loaded or batched. Each description is one line that names the
/// file (and line or record) and the reason.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No file at the path.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The bytes are not valid UTF-8.
    case notUTF8(path: String)
    /// The extension names no format we read.
    case unsupportedFormat(path: String, fileExtension: String)
    /// A JSONL line is not valid JSON (line numbers start at 1).
    case badJSONLine(path: String, line: Int, reason: String)
    /// A JSONL line is JSON but has no string field "text".
    case missingText(path: String, line: Int)
    /// A `.json` file is not valid JSON or not an array.
    case badJSON(path: String, reason: String)
    /// An element of a `.json` array is neither a string nor an object with a string "text"
    /// (records numbered from 1).
    case badRecord(path: String, record: Int, reason: String)
    /// The file holds no non-empty document.
    case emptyCorpus(path: String)
    /// A token stream too short for one window of `needed` tokens.
    case streamTooShort(tokens: Int, needed: Int)
    /// A caller's buffer holds fewer than `needed` tokens.
    case bufferTooSmall(name: String, count: Int, needed: Int)
    /// A size or count that must be positive is not.
    case invalidArgument(name: String, value: String)
    /// A topic name that the synthetic language does not have.
    case unknownTopic(name: String, known: [String])

    public var description: String {
        switch self {
        case .missingFile(let path): return "corpus \(path): no such file"
        case .unreadable(let path, let reason): return "corpus \(path): cannot read (\(reason))"
        case .notUTF8(let path): return "corpus \(path): not valid UTF-8 text"
        case .unsupportedFormat(let path, let ext):
            return "corpus \(path): unsupported format '.\(ext)' (use .txt, .jsonl or .json)"
        case .badJSONLine(let path, let line, let reason): return "corpus \(path):\(line): not JSON (\(reason))"
        case .missingText(let path, let line): return "corpus \(path):\(line): no string field \"text\""
        case .badJSON(let path, let reason): return "corpus \(path): \(reason)"
        case .badRecord(let path, let record, let reason): return "corpus \(path): record \(record): \(reason)"
        case .emptyCorpus(let path): return "corpus \(path): no documents"
        case .streamTooShort(let tokens, let needed):
            return "token windows: the stream has \(tokens) tokens, one window needs \(needed)"
        case .bufferTooSmall(let name, let count, let needed):
            return "token windows: buffer '\(name)' holds \(count) tokens, the batch needs \(needed)"
        case .invalidArgument(let name, let value): return "data: invalid \(name) \(value)"
        case .unknownTopic(let name, let known):
            return "synthetic text: unknown topic '\(name)' (known: \(known.joined(separator: ", ")))"
        }
    }

    public var errorDescription: String? { description }
}
