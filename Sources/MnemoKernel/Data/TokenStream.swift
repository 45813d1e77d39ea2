/// Documents encoded with `ByteTokenizer` and concatenated into one token sequence, each
/// document followed by the separator byte (a newline by default) so a model sees where a
/// document ends.
public struct TokenStream: Sendable, Equatable {
    /// All tokens, documents in order.
    public let tokens: [Int32]
    /// The byte written after every document.
    public let separator: UInt8
    /// The index in `tokens` where each document starts.
    public let documentStarts: [Int]

    /// Encodes and concatenates `documents`.
    public init(documents: [String], separator: UInt8 = 10) {
        var tokens: [Int32] = []
        tokens.reserveCapacity(documents.reduce(0) { $0 + $1.utf8.count + 1 })
        var starts: [Int] = []
        starts.reserveCapacity(documents.count)
        for document in documents {
            starts.append(tokens.count)
            tokens.append(contentsOf: document.utf8.lazy.map { Int32($0) })
            tokens.append(Int32(separator))
        }
        self.tokens = tokens
        self.separator = separator
        self.documentStarts = starts
    }

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Every non-overlapping window of `context` inputs (and the `context` targets shifted by
    /// one), in stream order, for a deterministic evaluation. With `maxWindows`, that many
    /// windows spread evenly over the stream (so they are not all from its first documents).
    /// A final partial window is left out so every window predicts exactly `context` tokens.
    public func evaluationWindows(context: Int, maxWindows: Int? = nil) throws -> EvaluationWindows {
        guard context > 0 else { throw DataError.invalidArgument(name: "context", value: String(context)) }
        if let limit = maxWindows, limit <= 0 {
            throw DataError.invalidArgument(name: "maxWindows", value: String(limit))
        }
        let total = (tokens.count - 1) / context
        guard total > 0 else { throw DataError.streamTooShort(tokens: tokens.count, needed: context + 1) }
        let chosen = min(total, maxWindows ?? total)
        // Integer spacing keeps the choice exact and identical on every platform.
        let starts = (0..<chosen).map { index in (index * total / chosen) * context }
        return EvaluationWindows(tokens: tokens, context: context, starts: starts)
    }
}

/// A fixed list of evaluation windows over a token stream; see `TokenStream.evaluationWindows`.
public struct EvaluationWindows: RandomAccessCollection, Sendable {
    /// The number of input (and target) tokens per window.
    public let context: Int
    /// The index in the stream of each window's first input token.
    public let starts: [Int]
    private let tokens: [Int32]

    init(tokens: [Int32], context: Int, starts: [Int]) {
        self.tokens = tokens
        self.context = context
        self.starts = starts
    }

    /// The first window's index.
    public var startIndex: Int { 0 }
    /// One past the last window's index.
    public var endIndex: Int { starts.count }

    /// The inputs and the targets (inputs shifted by one token) of window `position`.
    public subscript(position: Int) -> (inputs: ArraySlice<Int32>, targets: ArraySlice<Int32>) {
        let start = starts[position]
        return (tokens[start..<start + context], tokens[start + 1..<start + context + 1])
    }

    /// The number of target tokens over all windows.
    public var targetCount: Int { starts.count * context }

    /// Copies windows `batch` (clamped to the valid range) into `inputs` and `targets`, row after
    /// row, each of `batch.count * context` tokens; returns the number of windows written so the
    /// last, shorter batch can be masked.
    @discardableResult
    public func fill(batch: Range<Int>, inputs: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>) -> Int {
        let range = batch.clamped(to: 0..<starts.count)
        tokens.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for (row, window) in range.enumerated() {
                let start = starts[window]
                (inputs + row * context).update(from: base + start, count: context)
                (targets + row * context).update(from: base + start + 1, count: context)
            }
        }
        return range.count
    }
}
