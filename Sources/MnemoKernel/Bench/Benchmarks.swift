import Foundation

/// The speed workloads of `mnemo bench`, identical to the PyTorch/JAX reference scripts
/// (warm-up, then the median of 5 timed repeats). Pure measurement: nothing is printed.
public enum Benchmarks {
    /// Timing protocol shared by every workload.
    public struct Timing: Sendable {
        /// Seconds of warm-up before timing.
        public var warmupSeconds: Double = 2
        /// Timed repeats; the median is reported.
        public var repeats = 5
        /// Approximate seconds per timed repeat.
        public var repeatSeconds: Double = 1
        public init(warmupSeconds: Double = 2, repeats: Int = 5, repeatSeconds: Double = 1) {
            self.warmupSeconds = warmupSeconds; self.repeats = repeats; self.repeatSeconds = repeatSeconds
        }
    }

    /// Median, min and max of per-second rates over the repeats.
    public struct Rate: Sendable {
        public var median: Double, min: Double, max: Double
    }

    /// Runs `body` (one unit of work) through warm-up and timed repeats; returns units/s.
    public static func measure(_ p: Timing, _ body: () -> Void) -> Rate {
        let warmEnd = Date().addingTimeInterval(p.warmupSeconds)
        var warmCalls = 0
        let warmStart = Date()
        repeat { body(); warmCalls += 1 } while Date() < warmEnd || warmCalls < 3
        let perCall = Date().timeIntervalSince(warmStart) / Double(warmCalls)
        let calls = max(3, Int(p.repeatSeconds / max(perCall, 1e-9)))
        var rates: [Double] = []
        for _ in 0..<p.repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { body() }
            let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(calls) / s)
        }
        rates.sort()
        return Rate(median: rates[rates.count / 2], min: rates.first!, max: rates.last!)
    }

    /// Square sgemm throughput in GFLOP/s for size `n`.
    public static func sgemm(n: Int, _ p: Timing) -> Double {
        var rng = SeededRandom(seed: 1)
        let a = Tensor(shape: Shape(n, n)), b = Tensor(shape: Shape(n, n)), c = Tensor(shape: Shape(n, n))
        a.fillNormal(std: 1, using: &rng); b.fillNormal(std: 1, using: &rng)
        let rate = measure(p) {
            BLAS.gemm(transA: false, transB: false, m: n, n: n, k: n, a: a.data, lda: n, b: b.data, ldb: n,
                      beta: 0, c: c.data, ldc: n)
        }
        return rate.median * 2 * Double(n * n * n) / 1e9
    }

    /// MLP 256-512-512-10, ReLU, cross-entropy, batch 128, Adam lr 1e-3: training steps/s.
    public static func mlpStep(_ p: Timing) -> Rate {
        let step = mlpTrainingStep()
        return measure(p) { _ = step() }
    }

    /// The mlp_step workload: a fresh MLP, batch and Adam optimiser; each call of the returned
    /// closure is one training step on the same batch and returns its loss.
    public static func mlpTrainingStep() -> () -> Float {
        let mlp = MLP(sizes: [256, 512, 512, 10], seed: 1)
        var rng = SeededRandom(seed: 2)
        let x = Tensor(shape: Shape(128, 256))
        x.fillNormal(std: 1, using: &rng)
        let y = IndexTensor((0..<128).map { _ in Int32(rng.int(below: 10)) })
        let trainer = Trainer(parameters: mlp.parameters, optimizer: OptimizerConfig(kind: .adam, weightDecay: 0),
                              schedule: LRSchedule(base: 1e-3, totalSteps: .max, cosine: false), clipNorm: nil)
        return { trainer.step(0) { trainer.tape.crossEntropy(mlp(x, trainer.tape), y) } }
    }

    /// The benchmark GPT (d 128, 4 heads, 2 layers, context 64, tied head), batch 32:
    /// training tokens/s with AdamW (lr 3e-4, wd 0.01) and forward-only tokens/s.
    public static func gptStep(_ p: Timing) throws -> (train: Rate, infer: Rate) {
        let model = GPT(GPTConfig(), seed: 1)
        let stream = TokenStream(documents: SyntheticText.documents(count: 400, seed: 1))
        let windows = try TokenWindows(stream: stream, context: 64)
        var rng = SeededRandom(seed: 2)
        let ids = IndexTensor(capacity: 2048), targets = IndexTensor(capacity: 2048)
        windows.sampleBatch(batchSize: 32, inputs: ids.data, targets: targets.data, using: &rng)
        let trainer = Trainer(parameters: model.parameters, optimizer: OptimizerConfig(kind: .adamw, weightDecay: 0.01),
                              schedule: LRSchedule(base: 3e-4, totalSteps: .max, cosine: false), clipNorm: nil)
        // One shard of the batch per core (data parallelism), as pretraining runs it.
        let shards = Parallel.shardCount(dividing: 32), rows = 32 / shards
        let idShards = ids.shards(shards), targetShards = targets.shards(shards)
        let train = measure(p) {
            _ = trainer.step(0, shards: shards) { tape, s in
                tape.crossEntropy(model.forward(idShards[s], batch: rows, tape).logits, targetShards[s])
            }
        }
        let tape = Tape(recording: false)
        tape.isTraining = false
        let infer = measure(p) {
            tape.reset()
            _ = model.forward(ids, batch: 32, tape)
        }
        let scale = { (r: Rate) in Rate(median: r.median * 2048, min: r.min * 2048, max: r.max * 2048) }
        return (scale(train), scale(infer))
    }

    /// Matrix-product FLOPs of one training step per token of the benchmark GPT, counted as
    /// the reference scripts count them (forward 2 per multiply-add, attention unmasked, and
    /// training three times the forward).
    public static func gptTrainingFlopsPerToken(_ c: GPTConfig = GPTConfig()) -> Double {
        let d = c.width, linear = c.layers * (d * 3 * d + d * d + 2 * d * 4 * d) + d * c.vocab
        let attention = c.layers * 2 * c.context * d
        return 3 * 2 * Double(linear + attention)
    }

    /// Matrix-product FLOPs of one mlp_step (batch 128, 256-512-512-10), counted likewise.
    public static let mlpTrainingFlopsPerStep: Double = 3 * 2 * 128 * Double(256 * 512 + 512 * 512 + 512 * 10)

    /// Peak resident memory of this process in MiB.
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
