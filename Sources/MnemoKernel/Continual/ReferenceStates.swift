import Foundation

/// What the frozen base model does on the replay set, computed once and kept fixed for the
/// whole task sequence (GeRe's reference, notes §1a-b, §8).
///
/// Always: per hidden dimension j, over every real replay token, the mean μ_j and standard
/// deviation σ_j of the base model's final post-LayerNorm state h⁰ (float64 accumulators),
/// the thresholds τ±_j = μ_j ± σ_j, and the class map s ∈ {+1 activated, 0 neutral,
/// −1 inhibited} as int8 [sample, position, dim] (0 at padding). TM needs nothing else.
/// Optionally: h⁰ itself (for L1/L2) and the base output head (for KL). The base logits are kept
/// factorised as z⁰ = h⁰ W⁰ᵀ, which is exactly how the GPT computes them (its head is linear
/// without bias), at a fraction of the memory of storing [samples, positions, vocab] floats.
public struct ReferenceStates: Sendable, Equatable {
    /// Replay samples.
    public let count: Int
    /// Padded positions per sample (the replay set's length).
    public let length: Int
    /// Hidden width d.
    public let width: Int
    /// Vocabulary size of the base head.
    public let vocab: Int
    /// Real positions per sample.
    public let lengths: [Int]
    /// Per-dimension mean of h⁰.
    public let mean: [Double]
    /// Per-dimension population standard deviation of h⁰.
    public let std: [Double]
    /// μ + σ per dimension.
    public let tauPlus: [Float]
    /// μ − σ per dimension.
    public let tauMinus: [Float]
    /// Class map [count, length, width]: +1, 0 or −1 (0 at padding).
    public let classes: [Int8]
    /// h⁰ [count, length, width] when kept (L1, L2, KL).
    public let hidden: [Float]?
    /// The base output head [vocab, width] when kept (KL).
    public let head: [Float]?
    /// ``ReplaySet/fingerprint`` of the replay set the states were computed on.
    public let replayFingerprint: UInt64

    /// Fractions of real (token, dim) entries that are activated, neutral and inhibited.
    public var shares: (activated: Double, neutral: Double, inhibited: Double) {
        var up = 0, down = 0, total = 0
        for (i, n) in lengths.enumerated() {
            let base = i * length * width
            for k in base..<(base + n * width) {
                if classes[k] > 0 { up += 1 } else if classes[k] < 0 { down += 1 }
            }
            total += n * width
        }
        let t = Double(max(total, 1))
        return (Double(up) / t, Double(total - up - down) / t, Double(down) / t)
    }

    /// Runs `base` (unchanged) over every replay sample in batches of `batch`. `keepHidden`
    /// keeps h⁰ (L1, L2); `keepHead` also keeps the output head so base logits can be
    /// rebuilt (KL; implies `keepHidden`). Throws `CancellationError` when `cancel` is set
    /// between batches.
    public static func compute(base: GPT, replay: ReplaySet, keepHidden: Bool = false, keepHead: Bool = false,
                               batch: Int = 16, cancel: CancellationFlag? = nil) throws -> ReferenceStates {
        guard replay.length <= base.config.context else {
            throw ContinualError.referenceMismatch(reason: "replay samples of \(replay.length) tokens exceed the model context \(base.config.context)")
        }
        let d = base.config.width, t = replay.length, n = replay.count
        let keep = keepHidden || keepHead
        var sum = [Double](repeating: 0, count: d), sumSq = [Double](repeating: 0, count: d)
        var stored: [Float] = keep ? [Float](repeating: 0, count: n * t * d) : []
        var classes = [Int8](repeating: 0, count: n * t * d)
        var tokens = 0
        // Pass 1: statistics (and h⁰ when kept).
        try forEachBatch(base, replay, batch, cancel) { samples, h in
            for (r, s) in samples.enumerated() {
                for p in 0..<replay.lengths[s] {
                    let row = h + (r * t + p) * d
                    for j in 0..<d { let x = Double(row[j]); sum[j] += x; sumSq[j] += x * x }
                    if keep { for j in 0..<d { stored[(s * t + p) * d + j] = row[j] } }
                }
                tokens += replay.lengths[s]
            }
        }
        let mean = sum.map { $0 / Double(max(tokens, 1)) }
        let std = (0..<d).map { max(0, sumSq[$0] / Double(max(tokens, 1)) - mean[$0] * mean[$0]).squareRoot() }
        let plus = (0..<d).map { Float(mean[$0] + std[$0]) }, minus = (0..<d).map { Float(mean[$0] - std[$0]) }
        func classify(_ s: Int, _ p: Int, _ row: UnsafePointer<Float>) {
            for j in 0..<d {
                let x = row[j]
                classes[(s * t + p) * d + j] = x >= plus[j] ? 1 : (x <= minus[j] ? -1 : 0)
            }
        }
        // Pass 2: the class map, from the kept states or from a second forward pass.
        if keep {
            stored.withUnsafeBufferPointer { buf in
                for s in 0..<n { for p in 0..<replay.lengths[s] { classify(s, p, buf.baseAddress! + (s * t + p) * d) } }
            }
        } else {
            try forEachBatch(base, replay, batch, cancel) { samples, h in
                for (r, s) in samples.enumerated() { for p in 0..<replay.lengths[s] { classify(s, p, h + (r * t + p) * d) } }
            }
        }
        let headWeights = keepHead ? Array(UnsafeBufferPointer(start: (base.head ?? base.tokenEmbedding.weight).data,
                                                               count: base.config.vocab * d)) : nil
        return ReferenceStates(count: n, length: t, width: d, vocab: base.config.vocab, lengths: replay.lengths,
                               mean: mean, std: std, tauPlus: plus, tauMinus: minus, classes: classes,
                               hidden: keep ? stored : nil, head: headWeights, replayFingerprint: replay.fingerprint)
    }

    /// Calls `body(samples, h)` with the final hidden states [k, length, d] of each batch.
    private static func forEachBatch(_ model: GPT, _ replay: ReplaySet, _ batch: Int, _ cancel: CancellationFlag?,
                                     _ body: ([Int], UnsafeMutablePointer<Float>) -> Void) throws {
        let tape = Tape(recording: false)
        tape.isTraining = false
        let b = max(1, batch)
        let ids = IndexTensor(capacity: b * replay.length), targets = IndexTensor(capacity: b * replay.length)
        var first = 0
        while first < replay.count {
            if cancel?.isCancelled == true { throw CancellationError() }
            let samples = Array(first..<min(first + b, replay.count))
            replay.fill(samples, ids: ids, targets: targets)
            tape.reset()
            let out = model.forward(ids, batch: samples.count, tape)
            body(samples, out.hidden.data)
            first += samples.count
        }
    }

    /// Memberwise (used by decoding).
    init(count: Int, length: Int, width: Int, vocab: Int, lengths: [Int], mean: [Double], std: [Double],
         tauPlus: [Float], tauMinus: [Float], classes: [Int8], hidden: [Float]?, head: [Float]?, replayFingerprint: UInt64) {
        self.count = count; self.length = length; self.width = width; self.vocab = vocab; self.lengths = lengths
        self.mean = mean; self.std = std; self.tauPlus = tauPlus; self.tauMinus = tauMinus; self.classes = classes
        self.hidden = hidden; self.head = head; self.replayFingerprint = replayFingerprint
    }

    /// Checks that these states belong to `replay` and a model of width `width`.
    public func check(replay: ReplaySet, width: Int) throws {
        guard replay.fingerprint == replayFingerprint, replay.count == count, replay.length == length else {
            throw ContinualError.referenceMismatch(reason: "computed on another replay set")
        }
        guard width == self.width else {
            throw ContinualError.referenceMismatch(reason: "hidden width \(self.width), the model has \(width)")
        }
    }
}
