import Foundation

/// Why a safetensors checkpoint could not be read or written. Each description is one line
/// that names the file (and tensor) and the reason.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No file at the path.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// Fewer than the 8 bytes that hold the header length.
    case tooShort(path: String, size: Int)
    /// The header length points past the end of the file.
    case headerBeyondFile(path: String, headerLength: UInt64, fileSize: Int)
    /// The header is not a JSON object.
    case headerNotJSON(path: String, reason: String)
    /// A tensor entry lacks or garbles `dtype`, `shape` or `data_offsets`.
    case badEntry(path: String, tensor: String, reason: String)
    /// `__metadata__` is not a map from strings to strings.
    case badMetadata(path: String, reason: String)
    /// A tensor's dtype is not one we convert to Float32.
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// A tensor's offsets are reversed, overlap another's, leave gaps or disagree with its shape.
    case badOffsets(path: String, tensor: String, reason: String)
    /// A tensor's data runs past the end of the file.
    case truncatedData(path: String, tensor: String, needed: Int, available: Int)
    /// Writing: two arrays share a name, or a name is empty or reserved.
    case badName(name: String, reason: String)
    /// Writing: the values do not fill the shape.
    case shapeMismatch(name: String, shape: [Int], valueCount: Int)
    /// Writing: a value does not fit the chosen integer dtype.
    case valueNotRepresentable(name: String, dtype: String, value: Float)
    /// Writing: the file system refused.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "checkpoint \(path): no such file"
        case .unreadable(let path, let reason): return "checkpoint \(path): cannot read (\(reason))"
        case .tooShort(let path, let size):
            return "checkpoint \(path): \(size) bytes, shorter than the 8-byte header length of a safetensors file"
        case .headerBeyondFile(let path, let length, let size):
            return "checkpoint \(path): header length \(length) goes beyond the file's \(size) bytes (truncated or not safetensors)"
        case .headerNotJSON(let path, let reason): return "checkpoint \(path): header is not a JSON object (\(reason))"
        case .badEntry(let path, let tensor, let reason): return "checkpoint \(path): tensor '\(tensor)': \(reason)"
        case .badMetadata(let path, let reason): return "checkpoint \(path): __metadata__ \(reason)"
        case .unsupportedDType(let path, let tensor, let dtype):
            return "checkpoint \(path): tensor '\(tensor)' has unsupported dtype \(dtype) "
                + "(readable: \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badOffsets(let path, let tensor, let reason): return "checkpoint \(path): tensor '\(tensor)': bad data_offsets (\(reason))"
        case .truncatedData(let path, let tensor, let needed, let available):
            return "checkpoint \(path): tensor '\(tensor)' needs data up to byte \(needed) but the data section has \(available) (truncated file)"
        case .badName(let name, let reason): return "checkpoint: tensor name '\(name)' \(reason)"
        case .shapeMismatch(let name, let shape, let count):
            return "checkpoint: tensor '\(name)' has shape \(shape) but \(count) values"
        case .valueNotRepresentable(let name, let dtype, let value):
            return "checkpoint: tensor '\(name)' value \(value) does not fit dtype \(dtype)"
        case .writeFailed(let path, let reason): return "checkpoint \(path): cannot write (\(reason))"
        }
    }

    public var errorDescription: String? { description }
}
