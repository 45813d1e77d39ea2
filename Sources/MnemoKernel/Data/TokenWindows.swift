/// Random training windows over a token stream: each of a batch's rows is `context` input
/// tokens from a random position and the same tokens shifted by one as targets.
///
/// Sampling writes into the caller's buffers and allocates nothing, so a training loop can
/// reuse one pair of buffers for every step.
public struct TokenWindows: Sendable {
    /// The stream windows are drawn from.
    public let stream: TokenStream
    /// The number of input tokens per row (T).
    public let context: Int

    /// Windows of `context` inputs over `stream`, which must hold at least `context + 1` tokens.
    public init(stream: TokenStream, context: Int) throws {
        guard context > 0 else { throw DataError.invalidArgument(name: "context", value: String(context)) }
        guard stream.count >= context + 1 else {
            throw DataError.streamTooShort(tokens: stream.count, needed: context + 1)
        }
        self.stream = stream
        self.context = context
    }

    /// The number of distinct window positions.
    public var positionCount: Int { stream.count - context }

    /// Fills `batchSize` random rows: `inputs[b*T + t]` is the token at start_b + t and
    /// `targets[b*T + t]` the token after it. Both buffers must hold `batchSize * context` values.
    public func sampleBatch(batchSize: Int, inputs: UnsafeMutablePointer<Int32>,
                            targets: UnsafeMutablePointer<Int32>, using rng: inout SeededRandom) {
        guard batchSize > 0 else { return }
        let positions = positionCount
        let context = self.context
        stream.tokens.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for row in 0..<batchSize {
                let start = rng.int(below: positions)
                (inputs + row * context).update(from: base + start, count: context)
                (targets + row * context).update(from: base + start + 1, count: context)
            }
        }
    }

    /// As the pointer version, checking that the arrays are large enough first.
    public func sampleBatch(batchSize: Int, inputs: inout [Int32], targets: inout [Int32],
                            using rng: inout SeededRandom) throws {
        guard batchSize >= 0 else { throw DataError.invalidArgument(name: "batchSize", value: String(batchSize)) }
        let needed = batchSize * context
        guard inputs.count >= needed else { throw DataError.bufferTooSmall(name: "inputs", count: inputs.count, needed: needed) }
        guard targets.count >= needed else { throw DataError.bufferTooSmall(name: "targets", count: targets.count, needed: needed) }
        inputs.withUnsafeMutableBufferPointer { inputBuffer in
            targets.withUnsafeMutableBufferPointer { targetBuffer in
                guard let inputBase = inputBuffer.baseAddress, let targetBase = targetBuffer.baseAddress else { return }
                sampleBatch(batchSize: batchSize, inputs: inputBase, targets: targetBase, using: &rng)
            }
        }
    }
}
