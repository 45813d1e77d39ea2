import Testing
@testable import MnemoKernel

/// The data-parallel step: shards of a batch on their own tapes give the full batch's update.
@Suite struct ShardedStepTests {
    /// A small GPT, a batch of 8 windows and its halves as shards.
    struct Setup {
        let ids: IndexTensor, targets: IndexTensor
        init() {
            var rng = SeededRandom(seed: 5)
            ids = IndexTensor((0..<(8 * 16)).map { _ in Int32(rng.int(below: 256)) })
            targets = IndexTensor((0..<(8 * 16)).map { _ in Int32(rng.int(below: 256)) })
        }
        func model() -> GPT { GPT(GPTConfig(context: 16, width: 32, heads: 2, layers: 2), seed: 3) }
        func trainer(_ model: GPT) -> Trainer {
            Trainer(parameters: model.parameters, optimizer: OptimizerConfig(kind: .sgd, weightDecay: 0, momentum: 0),
                    schedule: LRSchedule(base: 0.5, totalSteps: 10, cosine: false), clipNorm: nil)
        }
        /// Losses of `steps` steps on `shards` shards (1: the plain step on the whole batch).
        func train(shards: Int, steps: Int = 3) -> (losses: [Float], weights: [Float]) {
            let m = model(), tr = trainer(m)
            let idShards = ids.shards(shards), targetShards = targets.shards(shards)
            let losses = (0..<steps).map { step in
                shards == 1
                    ? tr.step(step) { tr.tape.crossEntropy(m.forward(ids, batch: 8, tr.tape).logits, targets) }
                    : tr.step(step, shards: shards) { tape, s in
                        tape.crossEntropy(m.forward(idShards[s], batch: 8 / shards, tape).logits, targetShards[s])
                    }
            }
            return (losses, m.parameters.flatMap(\.values))
        }
    }

    @Test(arguments: [2, 4])
    func shardsGiveTheWholeBatchsLossAndUpdate(shards: Int) {
        let setup = Setup()
        let whole = setup.train(shards: 1), sharded = setup.train(shards: shards)
        for (a, b) in zip(whole.losses, sharded.losses) { #expect(abs(a - b) < 1e-4, "loss \(a) vs \(b)") }
        var worst: Float = 0
        for (a, b) in zip(whole.weights, sharded.weights) { worst = max(worst, abs(a - b)) }
        #expect(worst < 1e-4, "largest weight difference \(worst)")
        #expect(whole.losses.last! < whole.losses.first!, "the steps trained")
    }

    @Test func shardedStepsAreDeterministic() {
        let setup = Setup()
        let a = setup.train(shards: 2), b = setup.train(shards: 2)
        #expect(a.losses == b.losses)
        #expect(a.weights == b.weights)
    }

    @Test func aNonFiniteShardLossLeavesTheWeights() {
        let setup = Setup()
        let m = setup.model(), tr = setup.trainer(m)
        let before = m.parameters.flatMap(\.values)
        let idShards = setup.ids.shards(2), targetShards = setup.targets.shards(2)
        let loss = tr.step(0, shards: 2) { tape, s in
            let l = tape.crossEntropy(m.forward(idShards[s], batch: 4, tape).logits, targetShards[s])
            if s == 1 { l.data[0] = .nan }
            return l
        }
        #expect(loss.isNaN)
        #expect(m.parameters.flatMap(\.values) == before)
    }
}
