import Foundation

/// Next-token training, evaluation and sampling for a ``GPT`` on byte streams.
public enum LanguageModeling {
    /// Settings for ``pretrain(_:on:settings:cancel:progress:)``.
    public struct Settings: Codable, Equatable, Sendable {
        public var steps = 300
        public var batch = 32
        public var lr: Float = 3e-4
        public var warmup = 0
        public var cosine = true
        public var optimizer = OptimizerConfig()
        public var clipNorm: Float? = 1.0
        public var seed: UInt64 = 0
        public init(steps: Int = 300, batch: Int = 32, lr: Float = 3e-4, warmup: Int = 0, cosine: Bool = true,
                    optimizer: OptimizerConfig = OptimizerConfig(), clipNorm: Float? = 1.0, seed: UInt64 = 0) {
            self.steps = steps; self.batch = batch; self.lr = lr; self.warmup = warmup; self.cosine = cosine
            self.optimizer = optimizer; self.clipNorm = clipNorm; self.seed = seed
        }
    }

    /// Trains `model` to predict the next byte of random windows of `windows`.
    public static func pretrain(_ model: GPT, on windows: TokenWindows, settings: Settings,
                                cancel: CancellationFlag? = nil,
                                progress: ((TrainProgress) -> Void)? = nil) throws -> TrainResult {
        let t = min(model.config.context, windows.context), b = settings.batch
        let trainer = Trainer(parameters: model.parameters, optimizer: settings.optimizer,
                              schedule: LRSchedule(base: settings.lr, warmup: settings.warmup,
                                                   totalSteps: settings.steps, cosine: settings.cosine),
                              clipNorm: settings.clipNorm)
        trainer.tape.rng = SeededRandom.derived(seed: settings.seed, stream: 2)
        var rng = SeededRandom.derived(seed: settings.seed, stream: 1)
        let inputs = IndexTensor(capacity: b * t), targets = IndexTensor(capacity: b * t)
        // One shard of the batch per core when the batch divides evenly (data parallelism);
        // the numbers then depend on the thread count, as the rules allow, and not on timing.
        let shards = Parallel.shardCount(dividing: b), rows = b / shards
        let inputShards = inputs.shards(shards), targetShards = targets.shards(shards)
        return try trainer.run(tokensPerStep: b * t, shards: shards, cancel: cancel, progress: progress,
                               prepare: { _ in
                                   windows.sampleBatch(batchSize: b, inputs: inputs.data, targets: targets.data, using: &rng)
                               },
                               loss: { tape, shard in
                                   let out = model.forward(inputShards[shard], batch: rows, tape)
                                   return tape.crossEntropy(out.logits, targetShards[shard])
                               })
    }

    /// Mean next-token loss (nats) and perplexity over `windows`, in batches, without gradients.
    public static func evaluate(_ model: GPT, on windows: EvaluationWindows, batch: Int = 32) -> (loss: Double, perplexity: Double) {
        let mean = WindowLoss(context: windows.context, batch: batch).mean(model, on: windows)
        return (mean, Foundation.exp(mean))
    }

    /// Sampling options for ``generate(_:prompt:maxTokens:options:)``.
    public struct SamplingOptions: Sendable {
        /// Softmax temperature; 0 means greedy.
        public var temperature: Float = 0.8
        /// Keep only the k most likely tokens (0: all).
        public var topK: Int = 0
        /// Divide positive logits (multiply negative ones) of tokens already present by this (1: off).
        public var repetitionPenalty: Float = 1
        public var seed: UInt64 = 0
        public init(temperature: Float = 0.8, topK: Int = 0, repetitionPenalty: Float = 1, seed: UInt64 = 0) {
            self.temperature = temperature; self.topK = topK
            self.repetitionPenalty = repetitionPenalty; self.seed = seed
        }
    }

    /// Continues `prompt` by `maxTokens` tokens; returns only the new tokens.
    public static func generate(_ model: GPT, prompt: [Int32], maxTokens: Int, options: SamplingOptions = .init(),
                                cancel: CancellationFlag? = nil) -> [Int32] {
        var rng = SeededRandom.derived(seed: options.seed, stream: 3)
        let tape = Tape(recording: false)
        tape.isTraining = false
        var tokens = prompt.isEmpty ? [Int32(10)] : prompt
        var produced: [Int32] = []
        let v = model.config.vocab
        var logits = [Float](repeating: 0, count: v)
        for _ in 0..<maxTokens {
            if cancel?.isCancelled == true { break }
            tape.reset()
            let window = Array(tokens.suffix(model.config.context))
            let out = model.forward(IndexTensor(window), batch: 1, tape)
            let last = out.logits.data + (window.count - 1) * v
            for j in 0..<v { logits[j] = last[j] }
            if options.repetitionPenalty != 1 {
                for id in Set(window) {
                    let j = Int(id)
                    logits[j] = logits[j] > 0 ? logits[j] / options.repetitionPenalty : logits[j] * options.repetitionPenalty
                }
            }
            let next = sample(&logits, options: options, rng: &rng)
            tokens.append(next)
            produced.append(next)
        }
        return produced
    }

    /// Picks a token from `logits` by temperature and top-k (greedy at temperature 0).
    static func sample(_ logits: inout [Float], options: SamplingOptions, rng: inout SeededRandom) -> Int32 {
        if options.temperature <= 0 {
            return Int32(logits.indices.max { logits[$0] < logits[$1] }!)
        }
        var order = Array(logits.indices)
        if options.topK > 0 && options.topK < logits.count {
            order.sort { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
            order = Array(order.prefix(options.topK))
        }
        let m = order.map { logits[$0] }.max()!
        let weights = order.map { Foundation.exp(Double((logits[$0] - m) / options.temperature)) }
        var u = rng.uniform() * weights.reduce(0, +)
        for (k, w) in zip(order, weights) {
            u -= w
            if u <= 0 { return Int32(k) }
        }
        return Int32(order.last!)
    }
}

/// A tape and id buffers for measuring a GPT's mean next-token loss on evaluation windows,
/// reusable across calls (landscapes evaluate hundreds of parameter vectors with one).
final class WindowLoss {
    private let tape = Tape(recording: false)
    private let inputs: IndexTensor
    private let targets: IndexTensor
    private let batch: Int

    init(context: Int, batch: Int) {
        self.batch = max(1, batch)
        tape.isTraining = false
        inputs = IndexTensor(capacity: self.batch * context)
        targets = IndexTensor(capacity: self.batch * context)
    }

    /// The mean loss (nats per token) of `model` over all `windows`, batch by batch.
    func mean(_ model: GPT, on windows: EvaluationWindows) -> Double {
        let t = windows.context
        var total: Double = 0, count = 0, start = 0
        while start < windows.count {
            tape.reset()
            let rows = windows.fill(batch: start..<min(start + batch, windows.count), inputs: inputs.data, targets: targets.data)
            inputs.count = rows * t; targets.count = rows * t
            let loss = tape.crossEntropy(model.forward(inputs, batch: rows, tape).logits, targets)
            total += Double(loss.scalar) * Double(rows * t)
            count += rows * t
            start += rows
        }
        return count > 0 ? total / Double(count) : .nan
    }
}
