import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes checkpoints in the safetensors format (huggingface/safetensors), so a
/// PyTorch user can open them with `safetensors.torch.load_file`.
///
/// Layout: 8 bytes little-endian header length N; N bytes of JSON header, padded with spaces so
/// the data starts at a multiple of 8; then every tensor's bytes, contiguous, little-endian.
/// The header maps each name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
/// relative to the data section) and may hold `"__metadata__"`, a map of strings.
/// As the reference implementation does, tensors are laid out by decreasing element size then by
/// name, and the metadata comes first; metadata keys are sorted so output is reproducible.
public enum Safetensors {
    /// The file bytes for `arrays` and `metadata`.
    public static func encode(_ arrays: [NamedArray], metadata: [String: String] = [:]) throws -> Data {
        var seen = Set<String>()
        for array in arrays {
            if array.name.isEmpty { throw CheckpointError.badName(name: array.name, reason: "is empty") }
            if array.name == "__metadata__" { throw CheckpointError.badName(name: array.name, reason: "is reserved for metadata") }
            if !seen.insert(array.name).inserted { throw CheckpointError.badName(name: array.name, reason: "appears twice") }
            guard let count = array.shapeElementCount, count == array.values.count else {
                throw CheckpointError.shapeMismatch(name: array.name, shape: array.shape, valueCount: array.values.count)
            }
        }
        let ordered = arrays.sorted { a, b in
            a.dtype.byteSize != b.dtype.byteSize ? a.dtype.byteSize > b.dtype.byteSize
                : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { "\(JSONText.quoted($0)):\(JSONText.quoted(metadata[$0] ?? ""))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for array in ordered {
            let size = array.values.count * array.dtype.byteSize
            let shape = array.shape.map(String.init).joined(separator: ",")
            entries.append("\(JSONText.quoted(array.name)):{\"dtype\":\"\(array.dtype.rawValue)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var data = Data(capacity: 8 + header.count + offset)
        appendLittleEndian([UInt64(header.count)], to: &data)
        data.append(contentsOf: header)
        for array in ordered { try appendValues(of: array, to: &data) }
        return data
    }

    /// Writes `arrays` to `path` through a temporary file in the same folder that is flushed
    /// and then renamed over `path`, so a crash leaves either the old file or the new one.
    public static func write(_ arrays: [NamedArray], metadata: [String: String] = [:], to path: String) throws {
        let data = try encode(arrays, metadata: metadata)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            try writeDurably(data, to: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw CheckpointError.writeFailed(path: path, reason: reason)
        }
        // Make the rename itself durable; failure here cannot un-write the file, so it is ignored.
        let folderDescriptor = open(folder, O_RDONLY)
        if folderDescriptor >= 0 { _ = fsync(folderDescriptor); close(folderDescriptor) }
    }

    private static func appendValues(of array: NamedArray, to data: inout Data) throws {
        let values = array.values
        switch array.dtype {
        case .f32: appendLittleEndian(values.map(\.bitPattern), to: &data)
        case .f64: appendLittleEndian(values.map { Double($0).bitPattern }, to: &data)
        case .f16: appendLittleEndian(values.map(HalfPrecision.halfBits), to: &data)
        case .bf16: appendLittleEndian(values.map(HalfPrecision.bfloatBits), to: &data)
        case .i8: appendLittleEndian(try exactIntegers(array, as: Int8.self), to: &data)
        case .u8: appendLittleEndian(try exactIntegers(array, as: UInt8.self), to: &data)
        case .i16: appendLittleEndian(try exactIntegers(array, as: Int16.self), to: &data)
        case .i32: appendLittleEndian(try exactIntegers(array, as: Int32.self), to: &data)
        case .i64: appendLittleEndian(try exactIntegers(array, as: Int64.self), to: &data)
        }
    }

    /// Integer dtypes hold class maps and counts; a fractional or out-of-range value is a
    /// mistake to report, not to round away.
    private static func exactIntegers<T: BinaryInteger>(_ array: NamedArray, as type: T.Type) throws -> [T] {
        try array.values.map { value in
            guard let exact = T(exactly: value) else {
                throw CheckpointError.valueNotRepresentable(name: array.name, dtype: array.dtype.rawValue, value: value)
            }
            return exact
        }
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ items: [T], to data: inout Data) {
        let littleEndian = items.map(\.littleEndian)
        littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
    }

    private static func writeDurably(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw CheckpointError.writeFailed(path: path, reason: systemError()) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var written = 0
            while written < raw.count {
                let result = posixWrite(descriptor, base + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw CheckpointError.writeFailed(path: path, reason: systemError())
                }
                written += result
            }
        }
        guard fsync(descriptor) == 0 else { throw CheckpointError.writeFailed(path: path, reason: systemError()) }
    }

    private static func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
