import Foundation
import Testing
@testable import MnemoKernel

/// A GPT really learns, and the same seed gives the same numbers.
@Suite struct LearningTests {
    static let config = GPTConfig(context: 32, width: 32, heads: 2, layers: 2)

    /// Entropy (nats) of the corpus's byte frequencies: the best loss any model that ignores
    /// context can reach, so beating it proves the model uses context.
    static func unigramEntropy(_ stream: TokenStream) -> Double {
        var counts = [Double](repeating: 0, count: 256)
        for t in stream.tokens { counts[Int(t)] += 1 }
        let n = Double(stream.count)
        return counts.filter { $0 > 0 }.reduce(0) { $0 - $1 / n * Foundation.log($1 / n) }
    }

    @Test func lossFallsBelowTheUnigramEntropyOnSyntheticText() throws {
        let docs = SyntheticText.documents(count: 300, seed: 1)
        let (train, held) = try TextCorpus.split(docs, heldOut: 0.1, seed: 2)
        let stream = TokenStream(documents: train)
        let model = GPT(Self.config, seed: 3)
        let heldWindows = try TokenStream(documents: held).evaluationWindows(context: 32, maxWindows: 64)
        let before = LanguageModeling.evaluate(model, on: heldWindows).loss
        let result = try LanguageModeling.pretrain(model, on: try TokenWindows(stream: stream, context: 32),
                                                   settings: .init(steps: 250, batch: 16, lr: 3e-3, warmup: 10, seed: 4))
        let after = LanguageModeling.evaluate(model, on: heldWindows).loss
        let entropy = Self.unigramEntropy(stream)
        #expect(before > 5.4)              // ln 256 = 5.545 at initialisation
        #expect(result.losses.count == 250)
        #expect(after < entropy - 0.2, "held-out loss \(after) vs unigram entropy \(entropy)")
    }

    @Test func overfitsAShortText() throws {
        let text = "the quick brown fox jumps over the lazy dog. "
        let stream = TokenStream(documents: [String](repeating: text, count: 20), separator: 32)
        let model = GPT(GPTConfig(context: 16, width: 32, heads: 2, layers: 1), seed: 5)
        let result = try LanguageModeling.pretrain(model, on: try TokenWindows(stream: stream, context: 16),
                                                   settings: .init(steps: 200, batch: 8, lr: 1e-2, seed: 6))
        #expect(result.losses.last! < 0.1, "final loss \(result.losses.last!)")
    }

    @Test func sameSeedSameLossesDifferentSeedDifferent() throws {
        let stream = TokenStream(documents: SyntheticText.documents(count: 40, seed: 1))
        func run(_ seed: UInt64) throws -> [Float] {
            let model = GPT(GPTConfig(context: 16, width: 16, heads: 2, layers: 1, dropout: 0.1), seed: seed)
            return try LanguageModeling.pretrain(model, on: try TokenWindows(stream: stream, context: 16),
                                                 settings: .init(steps: 8, batch: 4, lr: 1e-3, seed: seed)).losses
        }
        let a = try run(1), b = try run(1), c = try run(2)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func cancellationStopsBetweenSteps() throws {
        let stream = TokenStream(documents: SyntheticText.documents(count: 20, seed: 1))
        let model = GPT(GPTConfig(context: 16, width: 16, heads: 2, layers: 1), seed: 1)
        let flag = CancellationFlag()
        var seen: [Int] = []
        let result = try LanguageModeling.pretrain(model, on: try TokenWindows(stream: stream, context: 16),
                                                   settings: .init(steps: 50, batch: 2, seed: 1), cancel: flag) { p in
            seen.append(p.step)
            if p.step == 3 { flag.cancel() }
        }
        #expect(result.cancelled)
        #expect(result.steps == 3)
        #expect(seen == [1, 2, 3])
    }

    @Test func nanLossIsAnErrorAndKeepsTheWeights() throws {
        let model = GPT(GPTConfig(context: 8, width: 8, heads: 2, layers: 1), seed: 1)
        let trainer = Trainer(parameters: model.parameters, optimizer: .init(), schedule: LRSchedule(base: 1e-3, totalSteps: 3))
        let before = model.flatParameters()
        #expect(throws: TrainError.self) {
            _ = try trainer.run(tokensPerStep: 1) { tape, _ in tape.scale(tape.sumAll(model.tokenEmbedding.weight), .nan) }
        }
        #expect(model.flatParameters() == before)
    }

    @Test func arenaIsReusedAfterTheFirstStep() throws {
        let stream = TokenStream(documents: SyntheticText.documents(count: 20, seed: 1))
        let model = GPT(GPTConfig(context: 16, width: 16, heads: 2, layers: 1), seed: 1)
        let windows = try TokenWindows(stream: stream, context: 16)
        let trainer = Trainer(parameters: model.parameters, optimizer: .init(), schedule: LRSchedule(base: 1e-3, totalSteps: 5))
        let ids = IndexTensor(capacity: 32), targets = IndexTensor(capacity: 32)
        var rng = SeededRandom(seed: 1)
        var sizes: [Int] = []
        for step in 0..<5 {
            _ = trainer.step(step) {
                windows.sampleBatch(batchSize: 2, inputs: ids.data, targets: targets.data, using: &rng)
                return trainer.tape.crossEntropy(model.forward(ids, batch: 2, trainer.tape).logits, targets)
            }
            sizes.append(trainer.tape.arenaSize)
        }
        #expect(Set(sizes.dropFirst()).count == 1 && sizes[1] == sizes[0])
    }

    @Test func generationIsDeterministicAndRespectsOptions() {
        let model = GPT(GPTConfig(context: 16, width: 16, heads: 2, layers: 1), seed: 1)
        let prompt = ByteTokenizer.encode("the ")
        let a = LanguageModeling.generate(model, prompt: prompt, maxTokens: 20, options: .init(temperature: 1, topK: 5, seed: 3))
        let b = LanguageModeling.generate(model, prompt: prompt, maxTokens: 20, options: .init(temperature: 1, topK: 5, seed: 3))
        #expect(a == b && a.count == 20)
        let greedy = LanguageModeling.generate(model, prompt: prompt, maxTokens: 5, options: .init(temperature: 0))
        let greedy2 = LanguageModeling.generate(model, prompt: prompt, maxTokens: 5, options: .init(temperature: 0, seed: 9))
        #expect(greedy == greedy2)
        var logits: [Float] = [0, 5, 4, -1]
        var rng = SeededRandom(seed: 1)
        for _ in 0..<50 {
            let k = LanguageModeling.sample(&logits, options: .init(temperature: 1, topK: 2), rng: &rng)
            #expect(k == 1 || k == 2)
        }
    }
}
