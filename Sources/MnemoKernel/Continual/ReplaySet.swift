import Foundation

/// A fixed set of general texts replayed during continual training (GeRe's replay set), as
/// byte tokens cut to the model context and padded to one length with a mask.
///
/// Each sample is the first `context + 1` bytes of a document (no BOS, as the original): the
/// model reads `inputs` (up to `context` tokens) and predicts `targets` (the inputs shifted by
/// one, −1 at padding). `lengths[i]` counts sample i's real input positions; positions beyond
/// it are padding (id 0) and masked out of every replay loss and statistic. Documents shorter
/// than two bytes are dropped.
public struct ReplaySet: Sendable, Equatable {
    /// Padded length of every sample: the model context it was cut for.
    public let length: Int
    /// Input ids [count, length], row-major, 0 at padding.
    public let inputs: [Int32]
    /// Next-token targets [count, length], −1 at padding.
    public let targets: [Int32]
    /// Real input positions of each sample.
    public let lengths: [Int]
    /// The documents' texts as cut (for display and re-export).
    public let texts: [String]

    /// Number of samples.
    public var count: Int { lengths.count }
    /// Total real (non-pad) positions.
    public var tokenCount: Int { lengths.reduce(0, +) }

    /// A replay set of the given documents, in order, each cut to `context + 1` bytes.
    public init(documents: [String], context: Int) throws {
        guard context >= 1 else { throw TaskDataError.invalidArgument(name: "replay context", value: "\(context)") }
        var inputs: [Int32] = [], targets: [Int32] = [], lengths: [Int] = [], texts: [String] = []
        for doc in documents {
            let tokens = Array(ByteTokenizer.encode(doc).prefix(context + 1))
            guard tokens.count >= 2 else { continue }
            let n = tokens.count - 1
            inputs += tokens.prefix(n) + [Int32](repeating: 0, count: context - n)
            targets += tokens.dropFirst() + [Int32](repeating: -1, count: context - n)
            lengths.append(n)
            texts.append(ByteTokenizer.decode(tokens))
        }
        guard !lengths.isEmpty else { throw TaskDataError.invalidArgument(name: "replay documents", value: "(none with two or more bytes)") }
        self.length = context; self.inputs = inputs; self.targets = targets; self.lengths = lengths; self.texts = texts
    }

    /// A seeded sample of `n` documents (all when fewer), kept in the sampled order.
    public init(documents: [String], sample n: Int, seed: UInt64, context: Int) throws {
        guard n >= 1 else { throw TaskDataError.invalidArgument(name: "replay sample size", value: "\(n)") }
        var order = Array(documents.indices)
        var rng = SeededRandom.derived(seed: seed, stream: 77)
        rng.shuffle(&order)
        try self.init(documents: order.prefix(n).map { documents[$0] }, context: context)
    }

    /// The documents of a JSONL file of `{"text"}` objects (or any corpus format ``TextCorpus``
    /// reads), in file order.
    public static func load(path: String, context: Int) throws -> ReplaySet {
        try ReplaySet(documents: TextCorpus.load(path: path), context: context)
    }

    /// A 64-bit FNV-1a hash of the tokens and lengths: identifies the set for reference states.
    public var fingerprint: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: Int64) {
            var v = UInt64(bitPattern: x)
            for _ in 0..<8 { h = (h ^ (v & 0xff)) &* 0x0000_0100_0000_01b3; v >>= 8 }
        }
        mix(Int64(length))
        for l in lengths { mix(Int64(l)) }
        for t in inputs { mix(Int64(t)) }
        return h
    }

    /// Copies the rows `samples` into `ids` and `targets` ([k, length] each).
    func fill(_ samples: [Int], ids: IndexTensor, targets: IndexTensor) {
        ids.count = samples.count * length
        targets.count = samples.count * length
        for (r, s) in samples.enumerated() {
            for j in 0..<length {
                ids.data[r * length + j] = inputs[s * length + j]
                targets.data[r * length + j] = self.targets[s * length + j]
            }
        }
    }
}
