import Foundation
import Testing
@testable import MnemoKernel

/// Compares the tape's gradients with central finite differences.
///
/// `build` makes a tensor from the inputs on a tape; the checked scalar is Σ out · r for a
/// fixed random r, so every output element matters. Returns the worst relative error.
func gradientCheck(_ inputs: [Tensor], eps: Float = 1e-2, seed: UInt64 = 9,
                   _ build: (Tape, [Tensor]) -> Tensor) -> Float {
    let tape = Tape()
    var probe: [Float] = []
    func loss() -> (Tensor, Double) {
        tape.reset()
        let out = build(tape, inputs)
        if probe.count != out.count {
            var rng = SeededRandom(seed: seed)
            probe = (0..<out.count).map { _ in Float(rng.normal()) }
        }
        let r = tape.constant(out.shape, probe)
        let l = tape.sumAll(tape.mul(out, r))
        var exact: Double = 0
        for i in 0..<out.count { exact += Double(out.data[i]) * Double(probe[i]) }
        return (l, exact)
    }
    for x in inputs { x.zeroGrad() }
    let (l, _) = loss()
    tape.backward(l)
    let analytic = inputs.map { $0.gradValues }
    var worst: Float = 0
    for (k, x) in inputs.enumerated() where x.requiresGrad {
        for i in 0..<x.count {
            let old = x.data[i]
            x.data[i] = old + eps
            let plus = loss().1
            x.data[i] = old - eps
            let minus = loss().1
            x.data[i] = old
            let numeric = Float((plus - minus) / Double(2 * eps))
            let a = analytic[k][i]
            let err = abs(a - numeric) / max(1, abs(a) + abs(numeric))
            worst = max(worst, err)
        }
    }
    return worst
}

/// A tensor of N(0, scale²) values that requires a gradient.
func randomTensor(_ shape: Shape, seed: UInt64, scale: Float = 1, grad: Bool = true) -> Tensor {
    var rng = SeededRandom(seed: seed)
    let t = Tensor(shape: shape, requiresGrad: grad)
    t.fillNormal(std: scale, using: &rng)
    return t
}
