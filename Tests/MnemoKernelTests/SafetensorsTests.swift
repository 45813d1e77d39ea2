import Foundation
import Testing
@testable import MnemoKernel

/// A fresh folder under the system temporary directory, removed by the caller.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-safetensors-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A hand-built file: little-endian length, the header text as given, then `data`.
private func rawFile(header: String, data: [UInt8] = []) -> Data {
    let headerBytes = Array(header.utf8)
    var bytes = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
    bytes += headerBytes + data
    return Data(bytes)
}

private func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

/// The error `decode` throws for `data`, or nil when it succeeds.
private func decodeError(_ data: Data) -> CheckpointError? {
    do {
        _ = try Safetensors.decode(data, source: "test.safetensors")
        return nil
    } catch let error as CheckpointError {
        return error
    } catch {
        return nil
    }
}

@Test func headerLayoutIsByteExact() throws {
    let encoded = try Safetensors.encode([NamedArray(name: "a", shape: [2], values: [1, -2])],
                                         metadata: ["format": "pt"])
    let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    #expect(header.utf8.count == 85)
    var expected: [UInt8] = [88, 0, 0, 0, 0, 0, 0, 0]           // 85 header bytes + 3 spaces of padding
    expected += Array(header.utf8) + [0x20, 0x20, 0x20]
    expected += [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]  // 1.0 and -2.0, little-endian
    #expect(Array(encoded) == expected)
    #expect(encoded.count % 8 == 0)
}

@Test func tensorsAreLaidOutByNameWithoutMetadataWhenNoneGiven() throws {
    let encoded = try Safetensors.encode([
        NamedArray(name: "b", shape: [1], values: [3]),
        NamedArray(name: "a", shape: [1, 1], values: [4]),
    ])
    let length = Int(encoded[0])
    let header = String(decoding: encoded[8..<(8 + length)], as: UTF8.self)
    #expect(header.hasPrefix(#"{"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#))
    #expect(header.hasSuffix(" ") || header.hasSuffix("}"))
    #expect((8 + length) % 8 == 0)
    #expect(Array(encoded.suffix(8)) == floatBytes([4, 3]))
}

@Test func roundTripThroughAFileKeepsValuesShapesAndMetadata() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var rng = SeededRandom(seed: 3)
    let weight = NamedArray(name: "transformer.h.0.attn.c_attn.weight", shape: [12, 4],
                            values: (0..<48).map { _ in Float(rng.normal()) })
    let arrays = [
        weight,
        NamedArray(name: "scalar", shape: [], values: [.pi]),
        NamedArray(name: "empty", shape: [0, 3], values: []),
        NamedArray(name: "special", shape: [4], values: [.infinity, -.infinity, -0.0, .leastNonzeroMagnitude]),
        NamedArray(name: "caf\u{E9} \"quoted\"\n", shape: [1], values: [7]),
    ]
    let metadata = ["format": "pt", "mnemo": "{\"steps\": 3}", "note": "line\nbreak \u{E9}"]
    let path = folder.appendingPathComponent("model.safetensors").path
    try Safetensors.write(arrays, metadata: metadata, to: path)
    let (loaded, loadedMetadata) = try Safetensors.read(path)
    #expect(loadedMetadata == metadata)
    #expect(Set(loaded.keys) == Set(arrays.map(\.name)))
    for array in arrays {
        let copy = try #require(loaded[array.name])
        #expect(copy.shape == array.shape && copy.dtype == .f32)
        #expect(copy.values.map(\.bitPattern) == array.values.map(\.bitPattern))
    }
    // Writing again replaces the file and leaves no temporary file behind.
    try Safetensors.write([weight], to: path)
    #expect(try Safetensors.read(path).arrays.count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
}

@Test func halfAndIntegerTypesConvert() throws {
    #expect(HalfPrecision.halfBits(1) == 0x3C00)
    #expect(HalfPrecision.halfBits(0.1) == 0x2E66)
    #expect(HalfPrecision.halfBits(-2.5) == 0xC100)
    #expect(HalfPrecision.halfBits(65504) == 0x7BFF)
    #expect(HalfPrecision.halfBits(65519) == 0x7BFF)
    #expect(HalfPrecision.halfBits(65520) == 0x7C00)   // rounds up to infinity, as IEEE says
    #expect(HalfPrecision.halfBits(3e-5) == 0x01F7)    // subnormal
    #expect(HalfPrecision.halfBits(6e-8) == 0x0001)
    #expect(HalfPrecision.halfBits(1e-8) == 0x0000)
    #expect(HalfPrecision.float(halfBits: HalfPrecision.halfBits(.nan)).isNaN)
    // Every finite half survives half -> float -> half.
    for bits in UInt16.min...UInt16.max where (bits >> 10) & 0x1F != 0x1F {
        #expect(HalfPrecision.halfBits(HalfPrecision.float(halfBits: bits)) == bits)
    }
    #expect(HalfPrecision.bfloatBits(1) == 0x3F80)
    #expect(HalfPrecision.float(bfloatBits: 0xC020) == -2.5)

    let arrays = [
        NamedArray(name: "h", shape: [3], values: [0.5, -1.25, 2048], dtype: .f16),
        NamedArray(name: "b", shape: [2], values: [1.5, -3], dtype: .bf16),
        NamedArray(name: "d", shape: [1], values: [0.1], dtype: .f64),
        NamedArray(name: "classes", shape: [2, 2], values: [-1, 0, 1, 127], dtype: .i8),
        NamedArray(name: "n", shape: [1], values: [1_048_576], dtype: .i64),
    ]
    let decoded = try Safetensors.decode(Safetensors.encode(arrays)).arrays
    for array in arrays {
        #expect(decoded[array.name]?.values == array.values)
        #expect(decoded[array.name]?.dtype == array.dtype)
    }
    #expect(throws: CheckpointError.valueNotRepresentable(name: "c", dtype: "I8", value: 0.5)) {
        try Safetensors.encode([NamedArray(name: "c", shape: [1], values: [0.5], dtype: .i8)])
    }
    #expect(throws: CheckpointError.self) {
        try Safetensors.encode([NamedArray(name: "c", shape: [1], values: [300], dtype: .i8)])
    }
}

@Test func writingRefusesBadArrays() throws {
    let one = NamedArray(name: "x", shape: [2], values: [1, 2])
    #expect(throws: CheckpointError.shapeMismatch(name: "x", shape: [3], valueCount: 2)) {
        try Safetensors.encode([NamedArray(name: "x", shape: [3], values: [1, 2])])
    }
    #expect(throws: CheckpointError.self) { try Safetensors.encode([NamedArray(name: "x", shape: [-1], values: [])]) }
    #expect(throws: CheckpointError.self) { try Safetensors.encode([one, one]) }
    #expect(throws: CheckpointError.self) { try Safetensors.encode([NamedArray(name: "__metadata__", shape: [0], values: [])]) }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("no/such/folder/m.safetensors").path
    #expect(throws: CheckpointError.self) { try Safetensors.write([one], to: path) }
}

@Test func malformedFilesGiveNamedErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("missing.safetensors").path
    #expect(throws: CheckpointError.missingFile(path: missing)) { try Safetensors.read(missing) }

    #expect(decodeError(Data([1, 2, 3])) == .tooShort(path: "test.safetensors", size: 3))
    #expect(decodeError(Data([0, 1, 0, 0, 0, 0, 0, 0, 0x7B])) == .headerBeyondFile(path: "test.safetensors", headerLength: 256, fileSize: 9))
    #expect(decodeError(Data([255, 255, 255, 255, 255, 255, 255, 255])) != nil)

    guard case .headerNotJSON = decodeError(rawFile(header: "{not json")) else { Issue.record("bad JSON accepted"); return }
    guard case .headerNotJSON = decodeError(rawFile(header: "[1, 2]")) else { Issue.record("array header accepted"); return }

    let c64 = #"{"z":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#
    #expect(decodeError(rawFile(header: c64, data: Array(repeating: 0, count: 8)))
        == .unsupportedDType(path: "test.safetensors", tensor: "z", dtype: "C64"))

    let wrongSize = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
    guard case .badOffsets(_, "w", _) = decodeError(rawFile(header: wrongSize, data: floatBytes([1, 2]))) else {
        Issue.record("offsets not matching the shape accepted"); return
    }
    let reversed = #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
    guard case .badOffsets(_, "w", _) = decodeError(rawFile(header: reversed, data: floatBytes([1, 2]))) else {
        Issue.record("reversed offsets accepted"); return
    }
    let beyond = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
    #expect(decodeError(rawFile(header: beyond, data: floatBytes([1, 2])))
        == .truncatedData(path: "test.safetensors", tensor: "w", needed: 12, available: 8))
    let gap = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    guard case .badOffsets(_, "w", _) = decodeError(rawFile(header: gap, data: floatBytes([1, 2]))) else {
        Issue.record("gap accepted"); return
    }
    let overlap = #"{"v":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    guard case .badOffsets = decodeError(rawFile(header: overlap, data: floatBytes([1, 2]))) else {
        Issue.record("overlap accepted"); return
    }
    let noShape = #"{"w":{"dtype":"F32","data_offsets":[0,4]}}"#
    guard case .badEntry(_, "w", _) = decodeError(rawFile(header: noShape, data: floatBytes([1]))) else {
        Issue.record("entry without shape accepted"); return
    }
    let badMetadata = #"{"__metadata__":{"k":1}}"#
    guard case .badMetadata = decodeError(rawFile(header: badMetadata)) else { Issue.record("numeric metadata accepted"); return }

    // A real file cut short anywhere is refused, never half-read.
    let good = try Safetensors.encode([NamedArray(name: "w", shape: [4, 4], values: (0..<16).map(Float.init))],
                                      metadata: ["k": "v"])
    for length in [0, 7, 8, 20, good.count - 60, good.count - 1] {
        #expect(decodeError(good.prefix(length)) != nil, "a file cut to \(length) bytes was accepted")
    }
    let path = folder.appendingPathComponent("cut.safetensors")
    try good.prefix(good.count - 4).write(to: path)
    do {
        _ = try Safetensors.read(path.path)
        Issue.record("truncated file accepted")
    } catch let error as CheckpointError {
        #expect(error == .truncatedData(path: path.path, tensor: "w", needed: 64, available: 60))
        #expect(error.description.contains("cut.safetensors") && error.description.contains("'w'"))
    }
}
