import CMatrixKernel
import Foundation

/// Causal multi-head self-attention as one op (as in llm.c), reading straight out of the fused
/// q|k|v projection, so no reshapes or transposes are materialised. Where mnemo's own sgemm
/// runs, each head is one call to its attention kernel (CMatrixKernel's `attention_kernel.c`:
/// scores, softmax and products in one pass over the head, summed only over the causal
/// triangle). Otherwise the per-head products are strided sgemms that say which triangle
/// matters (`BLAS.Structure`), with the softmax between them.
extension Tape {
    /// Attention over `qkv` of shape [B, T, 3C] (queries, keys, values side by side, heads
    /// contiguous within each) giving [B, T, C]; position t attends to positions <= t.
    public func causalSelfAttention(_ qkv: Tensor, heads: Int) -> Tensor {
        causalSelfAttention(qkv, heads: heads, wholeHeads: Tape.attentionKernelUsable)
    }

    /// The op, with whole heads done by mnemo's attention kernel when `wholeHeads` (and the
    /// kernel takes them), else by separate products (tests compare the two).
    func causalSelfAttention(_ qkv: Tensor, heads: Int, wholeHeads: Bool) -> Tensor {
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
                if wholeHeads, mnemo_attention_forward(t, hs, scale, q, k, v, c3, p, po + b * t * c + h * hs, c) == 0 { continue }
                BLAS.gemm(transA: false, transB: true, m: t, n: t, k: hs, alpha: scale, a: q, lda: c3,
                          b: k, ldb: c3, beta: 0, c: p, ldc: t, structure: .lowerTriangleOfC)
                for i in 0..<t {
                    let row = p + i * t
                    Tape.softmaxRow(row, row, i + 1, log: false)
                    (row + i + 1).update(repeating: 0, count: t - i - 1)
                }
                BLAS.gemm(transA: false, transB: false, m: t, n: hs, k: t, a: p, lda: t, b: v, ldb: c3,
                          beta: 0, c: po + b * t * c + h * hs, ldc: c, structure: .lowerTriangularA)
            }
        }
        record(.attention(qkv: qkv, out: out, probs: probs, heads: heads, wholeHeads: wholeHeads), out)
        return out
    }

    func attentionBackward(_ qkv: Tensor, _ out: Tensor, _ probs: Tensor, _ heads: Int, _ wholeHeads: Bool) {
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
                if wholeHeads, mnemo_attention_backward(t, hs, scale, q, k, v, c3, p, dO, c, dq, dk, dv, fresh ? 0 : 1) == 0 {
                    continue
                }
                BLAS.gemm(transA: false, transB: true, m: t, n: t, k: hs, a: dO, lda: c, b: v, ldb: c3,
                          beta: 0, c: dp, ldc: t, structure: .lowerTriangleOfC)
                BLAS.gemm(transA: true, transB: false, m: t, n: hs, k: t, a: p, lda: t, b: dO, ldb: c,
                          beta: first, c: dv, ldc: c3, structure: .upperTriangularA)
                for i in 0..<t {
                    let pr = p + i * t, dr = dp + i * t
                    let s = Vectors.dot(pr, dr, i + 1)
                    Vectors.blocks(0..<(i + 1)) { j, k in
                        Vectors.store(Vectors.load(pr, j, k) * (Vectors.load(dr, j, k) - s) * scale, dr, j, k)
                    }
                    (dr + i + 1).update(repeating: 0, count: t - i - 1)
                }
                BLAS.gemm(transA: false, transB: false, m: t, n: hs, k: t, a: dp, lda: t, b: k, ldb: c3,
                          beta: first, c: dq, ldc: c3, structure: .lowerTriangularA)
                BLAS.gemm(transA: true, transB: false, m: t, n: hs, k: t, a: dp, lda: t, b: q, ldb: c3,
                          beta: first, c: dk, ldc: c3, structure: .upperTriangularA)
            }
        }
    }
}

extension Tape {
    /// Whether whole heads go to mnemo's AVX-512 attention kernel: where mnemo's own matrix
    /// product runs (with `MNEMO_GEMM=openblas` attention keeps to products, to compare).
    static var attentionKernelUsable: Bool { BLAS.backend == .mnemo }
}
