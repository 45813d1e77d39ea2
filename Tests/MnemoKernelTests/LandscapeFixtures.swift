import Foundation
@testable import MnemoKernel

/// A toy "model" whose loss is ½ wᵀAw for a fixed symmetric A, computed through the tape, so
/// its landscape, gradient (Aw), Hessian (A), eigenvalues and trace are known exactly.
final class LandscapeQuadratic: Module {
    let weights: Tensor
    let matrix: Tensor
    let size: Int

    /// A = Q diag(eigenvalues) Qᵀ with a seeded random orthogonal Q (Gram-Schmidt), or
    /// diag(eigenvalues) itself when `rotated` is false.
    init(eigenvalues: [Double], rotated: Bool, seed: UInt64) {
        size = eigenvalues.count
        weights = Tensor(shape: Shape(size, 1), requiresGrad: true)
        var rng = SeededRandom(seed: seed)
        weights.fillNormal(std: 1, using: &rng)
        let q = rotated ? LandscapeFixtures.orthogonal(size, seed: seed + 1) : LandscapeFixtures.identity(size)
        var a = [Float](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<size {
                var sum: Double = 0
                for k in 0..<size { sum += q[i][k] * eigenvalues[k] * q[j][k] }
                a[i * size + j] = Float(sum)
            }
        }
        matrix = Tensor(shape: Shape(size, size), values: a)
    }

    func namedParameters() -> [(name: String, tensor: Tensor)] { [("w", weights)] }

    /// ½ wᵀ(Aw) on the tape.
    func loss(_ tape: Tape) -> Tensor {
        let aw = tape.matmul(matrix, weights)
        return tape.scale(tape.matmul(weights, aw, transposeA: true), 0.5)
    }

    /// The loss at `w` through the tape (no gradient).
    func evaluate(_ w: [Float]) -> Double {
        loadFlatParameters(w)
        let tape = Tape(recording: false)
        return Double(loss(tape).scalar)
    }

    /// The gradient at `w` through the tape's backward pass.
    func gradient(_ w: [Float]) -> [Float] {
        loadFlatParameters(w)
        zeroGrad()
        let tape = Tape()
        tape.backward(loss(tape))
        return weights.gradValues
    }

    /// ½ wᵀAw computed directly in Double, for comparison.
    func exact(_ w: [Float]) -> Double {
        var sum: Double = 0
        for i in 0..<size {
            for j in 0..<size { sum += Double(w[i]) * Double(matrix.data[i * size + j]) * Double(w[j]) }
        }
        return sum / 2
    }

    /// A v in Double.
    func apply(_ v: [Float]) -> [Double] {
        (0..<size).map { i in (0..<size).reduce(0) { $0 + Double(matrix.data[i * size + $1]) * Double(v[$1]) } }
    }
}

/// Shared helpers of the landscape tests.
enum LandscapeFixtures {
    /// A small GPT and a few evaluation windows of synthetic text: fast enough for debug tests.
    static let tinyConfig = GPTConfig(context: 16, width: 16, heads: 2, layers: 1)

    static func tinyWindows(count: Int = 6) throws -> EvaluationWindows {
        let stream = TokenStream(documents: SyntheticText.documents(count: 40, seed: 3))
        return try stream.evaluationWindows(context: 16, maxWindows: count)
    }

    static func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }

    /// `columns` orthonormal vectors of length n (all n by default) by Gram-Schmidt, returned
    /// as q[i][k] = component i of vector k.
    static func orthogonal(_ n: Int, columns wanted: Int? = nil, seed: UInt64) -> [[Double]] {
        var rng = SeededRandom(seed: seed)
        var columns: [[Double]] = []
        while columns.count < (wanted ?? n) {
            var v = (0..<n).map { _ in rng.normal() }
            for c in columns {
                let d = zip(v, c).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { v[i] -= d * c[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-6 { columns.append(v.map { $0 / norm }) }
        }
        return (0..<n).map { i in columns.indices.map { columns[$0][i] } }
    }

    /// A flat random vector.
    static func randomVector(_ n: Int, seed: UInt64, std: Double = 1) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in Float(rng.normal() * std) }
    }

    /// Whether two numbers agree within a relative tolerance (absolute near zero).
    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }
}
