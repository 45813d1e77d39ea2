import Foundation

/// Causal multi-head self-attention as one op (as in llm.c): the per-head products are
/// strided sgemms reading straight out of the fused q|k|v projection, so no reshapes or
/// transposes are materialised. The products say which triangle matters (`BLAS.Structure`),
/// so the masked half of each is skipped where mnemo's own sgemm runs them.
extension Tape {
    /// Attention over `qkv` of shape [B, T, 3C] (queries, keys, values side by side, heads
    /// contiguous within each) giving [B, T, C]; position t attends to positions <= t.
    public func causalSelfAttention(_ qkv: Tensor, heads: Int) -> Tensor {
        let batch = qkv.shape[0], t = qkv.shape[1], c3 = qkv.shape[2], c = c3 / 3
        precondition(c3 % 3 == 0 && c % heads == 0, "attention: width \(c) not divisible into \(heads) heads")
        let hs = c / heads
        let out = make(Shape(batch, t, c), qkv)
        let probs = make(Shape(batch, heads, t, t), requiresGrad: false)
        let scale = 1 / Float(hs).squareRoot()
        let pq = qkv.data, pp = probs.data, po = out.data
        Parallel.forEach(batch * heads, grain: 1) { pairs in
            for bh in pairs {
                let b = bh / heads, h = bh % heads
                let q = pq + b * t * c3 + h * hs, k = q + c, v = q + 2 * c
                let p = pp + bh * t * t
                BLAS.gemm(transA: false, transB: true, m: t, n: t, k: hs, alpha: scale, a: q, lda: c3,
                          b: k, ldb: c3, beta: 0, c: p, ldc: t, structure: .lowerTriangleOfC)
                for i in 0..<t {
                    let row = p + i * t
                    Tape.softmaxRow(row, row, i + 1, log: false)
                    for j in (i + 1)..<max(i + 1, t) { row[j] = 0 }
                }
                BLAS.gemm(transA: false, transB: false, m: t, n: hs, k: t, a: p, lda: t, b: v, ldb: c3,
                          beta: 0, c: po + b * t * c + h * hs, ldc: c, structure: .lowerTriangularA)
            }
        }
        record(.attention(qkv: qkv, out: out, probs: probs, heads: heads), out)
        return out
    }

    func attentionBackward(_ qkv: Tensor, _ out: Tensor, _ probs: Tensor, _ heads: Int) {
        guard let (dqkv, fresh) = gradForOverwrite(qkv) else { return }
        // Each head's block of dq, dk and dv is written by exactly one product below.
        let first: Float = fresh ? 0 : 1
        let batch = qkv.shape[0], t = qkv.shape[1], c3 = qkv.shape[2], c = c3 / 3, hs = c / heads
        let scale = 1 / Float(hs).squareRoot()
        let dout = grad(out)!
        let scratch = make(Shape(batch * heads, t, t), requiresGrad: false)
        let pq = qkv.data, pp = probs.data, ps = scratch.data
        Parallel.forEach(batch * heads, grain: 1) { pairs in
            for bh in pairs {
                let b = bh / heads, h = bh % heads
                let q = pq + b * t * c3 + h * hs, k = q + c, v = q + 2 * c
                let dq = dqkv + b * t * c3 + h * hs, dk = dq + c, dv = dq + 2 * c
                let p = pp + bh * t * t, dp = ps + bh * t * t
                let dO = dout + b * t * c + h * hs
                BLAS.gemm(transA: false, transB: true, m: t, n: t, k: hs, a: dO, lda: c, b: v, ldb: c3,
                          beta: 0, c: dp, ldc: t, structure: .lowerTriangleOfC)
                BLAS.gemm(transA: true, transB: false, m: t, n: hs, k: t, a: p, lda: t, b: dO, ldb: c,
                          beta: first, c: dv, ldc: c3, structure: .upperTriangularA)
                for i in 0..<t {
                    let pr = p + i * t, dr = dp + i * t
                    let s = Vectors.dot(pr, dr, i + 1)
                    for j in 0...i { dr[j] = pr[j] * (dr[j] - s) * scale }
                    for j in (i + 1)..<max(i + 1, t) { dr[j] = 0 }
                }
                BLAS.gemm(transA: false, transB: false, m: t, n: hs, k: t, a: dp, lda: t, b: k, ldb: c3,
                          beta: first, c: dq, ldc: c3, structure: .lowerTriangularA)
                BLAS.gemm(transA: true, transB: false, m: t, n: hs, k: t, a: dp, lda: t, b: q, ldb: c3,
                          beta: first, c: dk, ldc: c3, structure: .upperTriangularA)
            }
        }
    }
}
