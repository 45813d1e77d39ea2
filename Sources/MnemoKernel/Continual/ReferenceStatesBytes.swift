import Foundation

/// Serialisation of ``ReferenceStates`` so the store can keep them as an artifact.
///
/// Layout: the 8 bytes `MNEMOREF`, a little-endian UInt32 header length, a JSON header (sizes,
/// flags, fingerprint, lengths), then the arrays in this order, little-endian: mean and std
/// (float64 × d), τ⁺ and τ⁻ (float32 × d), classes (int8 × count·length·d), then h⁰
/// (float32 × count·length·d) and the head (float32 × vocab·d) when present.
extension ReferenceStates {
    private struct Header: Codable {
        var version = 1
        var count: Int, length: Int, width: Int, vocab: Int
        var lengths: [Int]
        var hasHidden: Bool, hasHead: Bool
        var fingerprint: String
    }

    private static let magic = Array("MNEMOREF".utf8)

    /// The states as bytes.
    public func serialized() -> Data {
        let header = Header(count: count, length: length, width: width, vocab: vocab, lengths: lengths,
                            hasHidden: hidden != nil, hasHead: head != nil, fingerprint: String(replayFingerprint))
        // Encoding a plain struct of numbers and strings cannot fail.
        let json = (try? JSONEncoder().encode(header)) ?? Data()
        var out = Data(Self.magic)
        var size = UInt32(json.count).littleEndian
        withUnsafeBytes(of: &size) { out.append(contentsOf: $0) }
        out.append(json)
        func append<T>(_ values: [T]) { values.withUnsafeBytes { out.append(contentsOf: $0) } }
        append(mean); append(std); append(tauPlus); append(tauMinus); append(classes)
        if let hidden { append(hidden) }
        if let head { append(head) }
        return out
    }

    /// States read back from ``serialized()`` bytes.
    public init(serialized data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else {
            throw ContinualError.badReferenceData(reason: "not mnemo reference states (bad magic)")
        }
        let size = Int(UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
        guard 12 + size <= bytes.count else { throw ContinualError.badReferenceData(reason: "truncated header") }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[12..<(12 + size)])),
              header.version == 1, let fingerprint = UInt64(header.fingerprint),
              header.count >= 0, header.length >= 0, header.width >= 0, header.vocab >= 0,
              header.lengths.count == header.count else {
            throw ContinualError.badReferenceData(reason: "unreadable header")
        }
        var offset = 12 + size
        func read<T>(_ n: Int, _ type: T.Type) throws -> [T] {
            let need = n * MemoryLayout<T>.stride
            guard n >= 0, offset + need <= bytes.count else {
                throw ContinualError.badReferenceData(reason: "truncated arrays")
            }
            let values = bytes[offset..<(offset + need)].withUnsafeBytes { raw in
                (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
            }
            offset += need
            return values
        }
        let d = header.width, cells = header.count * header.length * header.width
        let mean = try read(d, Double.self), std = try read(d, Double.self)
        let plus = try read(d, Float.self), minus = try read(d, Float.self)
        let classes = try read(cells, Int8.self)
        let hidden = header.hasHidden ? try read(cells, Float.self) : nil
        let head = header.hasHead ? try read(header.vocab * d, Float.self) : nil
        guard offset == bytes.count else { throw ContinualError.badReferenceData(reason: "\(bytes.count - offset) trailing bytes") }
        self.init(count: header.count, length: header.length, width: d, vocab: header.vocab, lengths: header.lengths,
                  mean: mean, std: std, tauPlus: plus, tauMinus: minus, classes: classes, hidden: hidden, head: head,
                  replayFingerprint: fingerprint)
    }
}
