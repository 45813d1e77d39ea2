/// The byte-level tokenizer: a token is one byte of the text's UTF-8 encoding, so the
/// vocabulary is exactly 256 and any text, in any language, can be encoded.
public enum ByteTokenizer {
    /// The number of distinct tokens.
    public static let vocabularySize = 256

    /// The UTF-8 bytes of `text` as tokens in 0..<256.
    public static func encode(_ text: String) -> [Int32] {
        text.utf8.map { Int32($0) }
    }

    /// The text of `tokens`. Byte sequences that are not valid UTF-8 (a model may generate
    /// them) and tokens outside 0..<256 become U+FFFD, so decoding never fails.
    public static func decode(_ tokens: [Int32]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count)
        for token in tokens {
            if token >= 0 && token < 256 {
                bytes.append(UInt8(token))
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD in UTF-8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
