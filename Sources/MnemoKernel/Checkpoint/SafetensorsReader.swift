import Foundation

extension Safetensors {
    /// The arrays (by name, values converted to Float32) and metadata of the file at `path`.
    /// Every entry is checked against the file before any value is converted.
    public static func read(_ path: String) throws -> (arrays: [String: NamedArray], metadata: [String: String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError.missingFile(path: path)
        }
        guard !isDirectory.boolValue else { throw CheckpointError.unreadable(path: path, reason: "it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw CheckpointError.unreadable(path: path, reason: TextCorpus.oneLine(error.localizedDescription))
        }
        return try decode(data, source: path)
    }

    /// As `read`, from bytes in memory; `source` names them in errors.
    public static func decode(_ data: Data, source: String = "<memory>") throws
        -> (arrays: [String: NamedArray], metadata: [String: String]) {
        try data.withUnsafeBytes { raw in try decode(raw, source: source) }
    }

    /// Where one tensor's bytes are, once checked.
    private struct Entry {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    private static func decode(_ raw: UnsafeRawBufferPointer, source: String)
        throws -> (arrays: [String: NamedArray], metadata: [String: String]) {
        guard raw.count >= 8 else { throw CheckpointError.tooShort(path: source, size: raw.count) }
        let headerLength = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard headerLength <= UInt64(raw.count - 8) else {
            throw CheckpointError.headerBeyondFile(path: source, headerLength: headerLength, fileSize: raw.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try parseHeader(Data(raw[8..<dataStart]), source: source)
        let dataLength = raw.count - dataStart

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        // Sorted so that, of several bad entries, the same one is reported on every run.
        for name in header.keys.sorted() {
            guard let value = header[name] else { continue }
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw CheckpointError.badMetadata(path: source, reason: "is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw CheckpointError.badMetadata(path: source, reason: "value of '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            entries.append(try entry(name: name, value: value, dataLength: dataLength, source: source))
        }
        try checkContiguous(entries, dataLength: dataLength, source: source)

        var arrays: [String: NamedArray] = [:]
        for entry in entries {
            let bytes = UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.begin)..<(dataStart + entry.end)])
            arrays[entry.name] = NamedArray(name: entry.name, shape: entry.shape,
                                            values: convert(bytes, from: entry.dtype), dtype: entry.dtype)
        }
        return (arrays, metadata)
    }

    private static func parseHeader(_ bytes: Data, source: String) throws -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            let nsError = error as NSError
            let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
            throw CheckpointError.headerNotJSON(path: source, reason: TextCorpus.oneLine(detail))
        }
        guard let header = object as? [String: Any] else {
            throw CheckpointError.headerNotJSON(path: source, reason: "the JSON is not an object")
        }
        return header
    }

    /// Checks one header entry on its own: fields, dtype, shape, offsets within the data.
    private static func entry(name: String, value: Any, dataLength: Int, source: String) throws -> Entry {
        func bad(_ reason: String) -> CheckpointError { .badEntry(path: source, tensor: name, reason: reason) }
        guard let fields = value as? [String: Any] else { throw bad("entry is not an object") }
        guard let dtypeName = fields["dtype"] as? String else { throw bad("missing string field dtype") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw CheckpointError.unsupportedDType(path: source, tensor: name, dtype: dtypeName)
        }
        guard let shapeItems = fields["shape"] as? [Any] else { throw bad("missing array field shape") }
        let shape = shapeItems.compactMap { integer($0) }
        guard shape.count == shapeItems.count, let count = SafetensorsDType.elementCount(shape) else {
            throw bad("shape must hold non-negative integers")
        }
        guard let offsetItems = fields["data_offsets"] as? [Any] else { throw bad("missing array field data_offsets") }
        let offsets = offsetItems.compactMap { integer($0) }
        guard offsets.count == 2, offsetItems.count == 2, offsets[0] >= 0 else {
            throw CheckpointError.badOffsets(path: source, tensor: name, reason: "need two non-negative integers")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw CheckpointError.badOffsets(path: source, tensor: name, reason: "begin \(begin) after end \(end)")
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, end - begin == expected else {
            throw CheckpointError.badOffsets(path: source, tensor: name,
                                             reason: "\(end - begin) bytes for shape \(shape) of \(dtypeName), which needs \(overflow ? "too many" : String(expected))")
        }
        guard end <= dataLength else {
            throw CheckpointError.truncatedData(path: source, tensor: name, needed: end, available: dataLength)
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// The reference reader refuses overlaps, gaps and trailing bytes, so a file we accept is
    /// one PyTorch accepts.
    private static func checkContiguous(_ entries: [Entry], dataLength: Int, source: String) throws {
        var position = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }) {
            guard entry.begin == position else {
                let reason = entry.begin < position ? "overlaps another tensor" : "leaves a gap before byte \(entry.begin)"
                throw CheckpointError.badOffsets(path: source, tensor: entry.name, reason: reason)
            }
            position = entry.end
        }
        guard position == dataLength else {
            throw CheckpointError.badOffsets(path: source, tensor: "(data section)",
                                             reason: "\(dataLength - position) bytes after the last tensor")
        }
    }

    /// A JSON number that is an exact integer (JSONSerialization gives NSNumber or Int).
    private static func integer(_ item: Any) -> Int? {
        if let number = item as? NSNumber {
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 0x1p62 else { return nil }
            return number.intValue
        }
        return item as? Int
    }

    private static func convert(_ bytes: UnsafeRawBufferPointer, from dtype: SafetensorsDType) -> [Float] {
        switch dtype {
        case .f32: return load(bytes, as: UInt32.self).map(Float.init(bitPattern:))
        case .f64: return load(bytes, as: UInt64.self).map { Float(Double(bitPattern: $0)) }
        case .f16: return load(bytes, as: UInt16.self).map(HalfPrecision.float(halfBits:))
        case .bf16: return load(bytes, as: UInt16.self).map(HalfPrecision.float(bfloatBits:))
        case .i8: return load(bytes, as: Int8.self).map(Float.init)
        case .u8: return load(bytes, as: UInt8.self).map(Float.init)
        case .i16: return load(bytes, as: Int16.self).map(Float.init)
        case .i32: return load(bytes, as: Int32.self).map(Float.init)
        case .i64: return load(bytes, as: Int64.self).map(Float.init)
        }
    }

    /// Little-endian integers from possibly unaligned bytes.
    private static func load<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<count * MemoryLayout<T>.size]))
            for index in 0..<count { buffer[index] = T(littleEndian: buffer[index]) }
            initialized = count
        }
    }
}
