/// Matrix products: the fully connected layer, plain 2-D products and batched products.
/// All go through `BLAS.gemm` (mnemo's kernel, or OpenBLAS); gradients are products too
/// (accumulating with beta = 1).
extension Tape {
    /// y = x Wᵀ + b for x of shape [..., in], W [out, in] (PyTorch's layout), b [out]; with
    /// `residual` (shaped like y), y = residual + x Wᵀ + b in one op, the addition done as the
    /// product is stored (a transformer's residual connection; the same numbers as `add`).
    public func linear(_ x: Tensor, _ w: Tensor, _ b: Tensor? = nil, adding residual: Tensor? = nil) -> Tensor {
        let inF = w.shape[1], outF = w.shape[0]
        let out = make(linearShape(x, w, residual), x, w, b, residual)
        BLAS.gemm(transA: false, transB: true, m: x.shape.rows, n: outF, k: inF, a: x.data, lda: inF,
                  b: w.data, ldb: inF, beta: 0, c: out.data, ldc: outF, bias: b.map { UnsafePointer($0.data) },
                  adding: residual.map { UnsafePointer($0.data) })
        record(.linear(x: x, w: w, b: b, residual: residual, out: out), out)
        return out
    }

    /// The shape of x Wᵀ, checked against the input and the residual.
    private func linearShape(_ x: Tensor, _ w: Tensor, _ residual: Tensor?) -> Shape {
        precondition(x.shape.last == w.shape[1], "linear: input \(x.shape) does not match weight \(w.shape)")
        let shape = x.shape.withLast(w.shape[0])
        precondition(residual == nil || residual!.shape == shape, "linear: residual \(residual!.shape) is not \(shape)")
        return shape
    }

    func linearBackward(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ residual: Tensor?, _ out: Tensor) {
        let inF = w.shape[1], outF = w.shape[0], rows = x.shape.rows
        let dy = grad(out)!
        passGradient(dy, to: residual)
        if let (dx, fresh) = gradForOverwrite(x) {
            BLAS.gemm(transA: false, transB: false, m: rows, n: inF, k: outF, a: dy, lda: outF,
                      b: w.data, ldb: inF, beta: fresh ? 0 : 1, c: dx, ldc: inF)
        }
        linearParameterBackward(x, w, b, dy)
    }

    /// y = GELU(x) Wᵀ + b as one op (a network's MLP output layer): the same numbers as
    /// `linear(gelu(x), w, b)`, but the backward multiplies by GELU's derivative inside the
    /// product that forms x's gradient, so GELU's own backward pass (a read of the product,
    /// a write of the gradient) disappears.
    public func linearAfterGELU(_ x: Tensor, _ w: Tensor, _ b: Tensor? = nil, adding residual: Tensor? = nil) -> Tensor {
        let inF = w.shape[1], outF = w.shape[0], shape = linearShape(x, w, residual)
        let hidden = make(x.shape, requiresGrad: false)
        let slope = x.requiresGrad && isRecording ? make(x.shape, requiresGrad: false) : nil
        let px = x.data, ph = hidden.data, ps = slope?.data
        Parallel.forEach(x.count, grain: 16_384) { r in Tape.gelu(px, ph, slope: ps, r) }
        let out = make(shape, x, w, b, residual)
        BLAS.gemm(transA: false, transB: true, m: x.shape.rows, n: outF, k: inF, a: ph, lda: inF,
                  b: w.data, ldb: inF, beta: 0, c: out.data, ldc: outF, bias: b.map { UnsafePointer($0.data) },
                  adding: residual.map { UnsafePointer($0.data) })
        record(.linearAfterGELU(x: x, hidden: hidden, slope: slope, w: w, b: b, residual: residual, out: out), out)
        return out
    }

    func linearAfterGELUBackward(_ x: Tensor, _ hidden: Tensor, _ slope: Tensor?, _ w: Tensor, _ b: Tensor?,
                                 _ residual: Tensor?, _ out: Tensor) {
        let inF = w.shape[1], outF = w.shape[0], rows = x.shape.rows
        let dy = grad(out)!
        passGradient(dy, to: residual)
        if let (dx, fresh) = gradForOverwrite(x), let slope {
            BLAS.gemm(transA: false, transB: false, m: rows, n: inF, k: outF, a: dy, lda: outF,
                      b: w.data, ldb: inF, beta: fresh ? 0 : 1, c: dx, ldc: inF, scale: UnsafePointer(slope.data))
        }
        linearParameterBackward(hidden, w, b, dy)
    }

    /// The gradients of W and b of y = x Wᵀ + b, given y's gradient.
    private func linearParameterBackward(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ dy: UnsafeMutablePointer<Float>) {
        let inF = w.shape[1], outF = w.shape[0], rows = x.shape.rows
        if let dw = grad(w) {
            BLAS.gemm(transA: true, transB: false, m: outF, n: inF, k: rows, a: dy, lda: outF,
                      b: x.data, ldb: inF, beta: 1, c: dw, ldc: inF)
        }
        if let b, let db = grad(b) {
            // Split by columns, so each sum runs over the rows in order whatever the split.
            Parallel.forEach(outF, grain: max(16, 32_768 / max(rows, 1))) { cols in
                Vectors.addRows(dy, rows: rows, stride: outF, columns: cols, into: db)
            }
        }
    }

    /// C = op(A) op(B) for 2-D tensors, where op transposes when asked.
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.shape.rank == 2 && b.shape.rank == 2, "matmul needs 2-D tensors, got \(a.shape) and \(b.shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2, "matmul: inner dimensions differ: \(a.shape) and \(b.shape)")
        let out = make(Shape(m, n), a, b)
        BLAS.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, a: a.data, lda: a.shape[1],
                  b: b.data, ldb: b.shape[1], beta: 0, c: out.data, ldc: n)
        record(.matmul(a: a, b: b, out: out, transA: transposeA, transB: transposeB), out)
        return out
    }

    func matmulBackward(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ ta: Bool, _ tb: Bool) {
        let m = out.shape[0], n = out.shape[1]
        let k = ta ? a.shape[0] : a.shape[1]
        gemmBackward(a.data, grad(a), b.data, grad(b), grad(out)!, m: m, n: n, k: k,
                     lda: a.shape[1], ldb: b.shape[1], ta: ta, tb: tb)
    }

    /// Batched product over the leading dimension: [B, m, k] x [B, k, n] -> [B, m, n]
    /// (with optional transposes of each matrix), one strided sgemm per batch entry.
    public func batchedMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.shape.rank == 3 && b.shape.rank == 3 && a.shape[0] == b.shape[0],
                     "batchedMatmul needs [B, m, k] and [B, k, n], got \(a.shape) and \(b.shape)")
        let batch = a.shape[0]
        let (m, k) = transposeA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let (k2, n) = transposeB ? (b.shape[2], b.shape[1]) : (b.shape[1], b.shape[2])
        precondition(k == k2, "batchedMatmul: inner dimensions differ: \(a.shape) and \(b.shape)")
        let out = make(Shape(batch, m, n), a, b)
        let sa = a.shape[1] * a.shape[2], sb = b.shape[1] * b.shape[2]
        for i in 0..<batch {
            BLAS.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, a: a.data + i * sa,
                      lda: a.shape[2], b: b.data + i * sb, ldb: b.shape[2], beta: 0,
                      c: out.data + i * m * n, ldc: n)
        }
        record(.batchedMatmul(a: a, b: b, out: out, transA: transposeA, transB: transposeB), out)
        return out
    }

    func batchedMatmulBackward(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ ta: Bool, _ tb: Bool) {
        let batch = a.shape[0], m = out.shape[1], n = out.shape[2]
        let k = ta ? a.shape[1] : a.shape[2]
        let sa = a.shape[1] * a.shape[2], sb = b.shape[1] * b.shape[2]
        let da = grad(a), db = grad(b), dc = grad(out)!
        for i in 0..<batch {
            gemmBackward(a.data + i * sa, da.map { $0 + i * sa }, b.data + i * sb, db.map { $0 + i * sb },
                         dc + i * m * n, m: m, n: n, k: k, lda: a.shape[2], ldb: b.shape[2], ta: ta, tb: tb)
        }
    }

    /// Gradients of C = op(A) op(B): dA += dC op(B)ᵀ (transposed back if A was), and likewise dB.
    private func gemmBackward(_ a: UnsafeMutablePointer<Float>, _ da: UnsafeMutablePointer<Float>?,
                              _ b: UnsafeMutablePointer<Float>, _ db: UnsafeMutablePointer<Float>?,
                              _ dc: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
                              lda: Int, ldb: Int, ta: Bool, tb: Bool) {
        if let da {
            if ta {  // A stored [k, m]: dA = op(B) dCᵀ
                BLAS.gemm(transA: tb, transB: true, m: k, n: m, k: n, a: b, lda: ldb, b: dc, ldb: n,
                          beta: 1, c: da, ldc: lda)
            } else { // A stored [m, k]: dA = dC op(B)ᵀ
                BLAS.gemm(transA: false, transB: !tb, m: m, n: k, k: n, a: dc, lda: n, b: b, ldb: ldb,
                          beta: 1, c: da, ldc: lda)
            }
        }
        if let db {
            if tb {  // B stored [n, k]: dB = dCᵀ op(A)
                BLAS.gemm(transA: true, transB: ta, m: n, n: k, k: m, a: dc, lda: n, b: a, ldb: lda,
                          beta: 1, c: db, ldc: ldb)
            } else { // B stored [k, n]: dB = op(A)ᵀ dC
                BLAS.gemm(transA: !ta, transB: false, m: k, n: n, k: m, a: a, lda: lda, b: dc, ldb: n,
                          beta: 1, c: db, ldc: ldb)
            }
        }
    }
}
