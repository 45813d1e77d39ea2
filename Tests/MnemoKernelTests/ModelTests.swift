import Foundation
import Testing
@testable import MnemoKernel

/// Whole-model gradients, known values, learning, determinism and LoRA.
@Suite struct ModelTests {
    static let tiny = GPTConfig(vocab: 11, context: 6, width: 8, heads: 2, layers: 2)

    /// A wrong gradient must make the check fail, or the gradient tests prove nothing.
    @Test func gradientCheckCatchesAWrongGradient() {
        final class WrongSquare: CustomOp {
            func backward(inputs: [Tensor], out: Tensor, tape: Tape) {
                let g = tape.gradient(of: out)!, dx = tape.gradient(of: inputs[0])!
                for i in 0..<out.count { dx[i] += g[i] * inputs[0].data[i] }  // should be 2x
            }
        }
        let x = randomTensor(Shape(5), seed: 1)
        let err = gradientCheck([x]) { t, v in
            let out = t.output(v[0].shape)
            for i in 0..<out.count { out.data[i] = v[0].data[i] * v[0].data[i] }
            t.recordCustom(WrongSquare(), inputs: [v[0]], out: out)
            return out
        }
        #expect(err > 0.1)
    }

    @Test func gptGradients() {
        let model = GPT(Self.tiny, seed: 3)
        // Larger weights than the 0.02 init make every path contribute measurably.
        var rng = SeededRandom(seed: 4)
        for p in model.parameters where p.shape.rank == 2 { p.fillNormal(std: 0.4, using: &rng) }
        let ids = IndexTensor([1, 4, 2, 9, 0, 3, 5, 5, 7, 1, 2, 10])
        let err = gradientCheck(model.parameters, eps: 1e-2) { t, _ in model.forward(ids, batch: 2, t).logits }
        #expect(err < 3e-2)
    }

    @Test func untiedGPTGradients() {
        var config = Self.tiny
        config.tiedHead = false
        config.layers = 1
        let model = GPT(config, seed: 5)
        var rng = SeededRandom(seed: 6)
        for p in model.parameters where p.shape.rank == 2 { p.fillNormal(std: 0.4, using: &rng) }
        let ids = IndexTensor([1, 4, 2, 9, 0, 3])
        let targets = IndexTensor([4, 2, 9, 0, 3, 8])
        let err = gradientCheck(model.parameters) { t, _ in t.crossEntropy(model.forward(ids, batch: 1, t).logits, targets) }
        #expect(err < 3e-2)
    }

    @Test func mlpGradients() {
        // tanh: ReLU's kink would make finite differences cross non-differentiable points
        // (ReLU's own gradient is checked in OpGradientTests).
        let mlp = MLP(sizes: [4, 6, 3], activation: .tanh, seed: 7)
        let x = randomTensor(Shape(5, 4), seed: 8, grad: false)
        #expect(gradientCheck(mlp.parameters) { t, _ in mlp(x, t) } < 2e-2)
    }

    @Test func loraGradientsReachOnlyTheAdapters() {
        let model = GPT(GPTConfig(vocab: 11, context: 6, width: 8, heads: 2, layers: 1), seed: 9)
        let attached = model.attachLoRA(rank: 2, alpha: 4, targets: ["c_attn", "mlp.c_fc"], seed: 1)
        #expect(attached == 2)
        var rng = SeededRandom(seed: 2)
        for (_, l) in model.linears { if let lora = l.lora { lora.b.fillNormal(std: 0.5, using: &rng) } }
        #expect(model.trainableParameters.count == 4)
        let ids = IndexTensor([1, 4, 2, 9, 0, 3])
        let err = gradientCheck(model.trainableParameters) { t, _ in model.forward(ids, batch: 1, t).logits }
        #expect(err < 3e-2)
    }

    @Test func loraMergeKeepsOutputsAndUnmergeRestoresWeights() {
        let model = GPT(GPTConfig(vocab: 11, context: 6, width: 8, heads: 2, layers: 1), seed: 9)
        let before = model.linears[0].layer.weight.values
        model.attachLoRA(rank: 2, alpha: 4, targets: ["c_attn", "c_proj", "c_fc"], seed: 1)
        var rng = SeededRandom(seed: 2)
        for (_, l) in model.linears { if let lora = l.lora { lora.b.fillNormal(std: 0.5, using: &rng) } }
        let ids = IndexTensor([1, 4, 2, 9, 0, 3])
        let tape = Tape(recording: false)
        let adapted = model.forward(ids, batch: 1, tape).logits.values
        model.mergeLoRA()
        tape.reset()
        let merged = model.forward(ids, batch: 1, tape).logits.values
        for (a, b) in zip(adapted, merged) { #expect(abs(a - b) < 1e-4) }
        model.unmergeLoRA()
        for (a, b) in zip(before, model.linears[0].layer.weight.values) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func knownValues() {
        let tape = Tape(recording: false)
        let x = Tensor(shape: Shape(1, 3), values: [1, 2, 3])
        let sm = tape.softmax(x).values
        // e^1, e^2, e^3 normalised: 0.09003057, 0.24472847, 0.66524096
        for (a, b) in zip(sm, [0.090_030_57, 0.244_728_47, 0.665_240_96] as [Float]) { #expect(abs(a - b) < 1e-6) }
        let lsm = tape.logSoftmax(x).values
        for (a, b) in zip(lsm, [-2.407_605_96, -1.407_605_96, -0.407_605_96] as [Float]) { #expect(abs(a - b) < 1e-5) }
        let ln = tape.layerNorm(x, Tensor(shape: Shape(3), values: [1, 1, 1]), Tensor(shape: Shape(3), values: [0, 0, 0])).values
        // mean 2, var 2/3: (x - 2) / sqrt(2/3 + 1e-5)
        for (a, b) in zip(ln, [-1.224_735, 0, 1.224_735] as [Float]) { #expect(abs(a - b) < 1e-4) }
        let g = tape.gelu(Tensor(shape: Shape(4), values: [-1, 0, 0.5, 2])).values
        // x Φ(x): -0.15865525, 0, 0.34573123, 1.95449974
        for (a, b) in zip(g, [-0.158_655_25, 0, 0.345_731_23, 1.954_499_7] as [Float]) { #expect(abs(a - b) < 1e-5) }
        #expect(abs(FastMath.exp(1) - 2.718_281_8) < 1e-6)
        #expect(abs(FastMath.erf(0.5) - 0.520_499_88) < 2e-7)
    }

    @Test func gptExposesHiddenStates() {
        let model = GPT(Self.tiny, seed: 1)
        let out = model.forward(IndexTensor([1, 2, 3, 4]), batch: 2, Tape(recording: false))
        #expect(out.logits.shape == Shape(2, 2, 11))
        #expect(out.hidden.shape == Shape(2, 2, 8))
        #expect(out.blockOutputs.count == 2)
        // The final hidden state is LayerNorm'd: each row has mean 0 (gain 1, bias 0 at init).
        let row = Array(out.hidden.values.prefix(8))
        #expect(abs(row.reduce(0, +) / 8) < 1e-5)
        #expect(model.parameterCount == 11 * 8 + 6 * 8 + 2 * (12 * 8 * 8 + 13 * 8) + 2 * 8)
    }

    @Test func benchmarkModelHasTheReferenceParameterCount() {
        #expect(GPT(GPTConfig(), seed: 0).parameterCount == 437_760)
    }
}
