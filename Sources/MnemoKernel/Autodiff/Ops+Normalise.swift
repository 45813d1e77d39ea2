import Foundation

/// Softmax, log-softmax and LayerNorm, all over the last axis.
extension Tape {
    /// Softmax over the last axis.
    public func softmax(_ x: Tensor) -> Tensor { softmaxOp(x, log: false) }

    /// Log-softmax over the last axis (numerically stable).
    public func logSoftmax(_ x: Tensor) -> Tensor { softmaxOp(x, log: true) }

    private func softmaxOp(_ x: Tensor, log: Bool) -> Tensor {
        let out = make(x.shape, x)
        let n = x.shape.last, px = x.data, po = out.data
        Parallel.forEach(x.shape.rows, grain: max(1, 16_384 / max(n, 1))) { rows in
            for r in rows { Tape.softmaxRow(px + r * n, po + r * n, n, log: log) }
        }
        record(.softmax(x: x, out: out, log: log), out)
        return out
    }

    /// Softmax (or log-softmax) of one row of `n` values of `x · scale`; `y` may be `x`.
    @inline(__always)
    static func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
                           log: Bool, scale: Float = 1) {
        let m = Vectors.max(x, n, scale: scale)
        if log {
            var sum = Vectors.Lanes()
            Vectors.blocks(0..<n) { i, c in
                let e = FastMath.exp(Vectors.load(x, i, c) * scale - m)
                sum += Vectors.keepFirst(e, c, padding: 0)
            }
            let lse = m + Foundation.log(sum.sum())
            for j in 0..<n { y[j] = x[j] * scale - lse }
        } else {
            Vectors.blocks(0..<n) { i, c in
                Vectors.store(FastMath.exp(Vectors.load(x, i, c) * scale - m), y, i, c)
            }
            let inv = 1 / Vectors.sum(y, n)
            for j in 0..<n { y[j] *= inv }
        }
    }

    func softmaxBackward(_ x: Tensor, _ out: Tensor, _ log: Bool) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!, n = x.shape.last, po = out.data
        Parallel.forEach(x.shape.rows, grain: max(1, 16_384 / max(n, 1))) { rows in
            for r in rows {
                let y = po + r * n, gy = g + r * n, d = dx + r * n
                if log {
                    let s = Vectors.sum(gy, n)
                    Vectors.blocks(0..<n) { i, c in
                        let update = Vectors.load(d, i, c) + (Vectors.load(gy, i, c) - FastMath.exp(Vectors.load(y, i, c)) * s)
                        Vectors.store(update, d, i, c)
                    }
                } else {
                    let s = Vectors.dot(gy, y, n)
                    for j in 0..<n { d[j] += y[j] * (gy[j] - s) }
                }
            }
        }
    }

    /// LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * w + b.
    public func layerNorm(_ x: Tensor, _ w: Tensor, _ b: Tensor, eps: Float = 1e-5) -> Tensor {
        let c = x.shape.last, rows = x.shape.rows
        precondition(w.count == c && b.count == c, "layerNorm: weight \(w.shape) for input \(x.shape)")
        let out = make(x.shape, x, w, b)
        let mean = make(Shape(rows), requiresGrad: false), rstd = make(Shape(rows), requiresGrad: false)
        let px = x.data, po = out.data, pw = w.data, pb = b.data, pm = mean.data, pr = rstd.data
        Parallel.forEach(rows, grain: 256) { range in
            for r in range {
                let xr = px + r * c, yr = po + r * c
                let m = Vectors.sum(xr, c) / Float(c)
                let v = Vectors.squaredDeviations(xr, c, from: m) / Float(c)
                let s = 1 / (v + eps).squareRoot()
                Vectors.blocks(0..<c) { j, k in
                    let y = (Vectors.load(xr, j, k) - m) * s * Vectors.load(pw, j, k) + Vectors.load(pb, j, k)
                    Vectors.store(y, yr, j, k)
                }
                pm[r] = m; pr[r] = s
            }
        }
        record(.layerNorm(x: x, w: w, b: b, out: out, mean: mean, rstd: rstd), out)
        return out
    }

    func layerNormBackward(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ out: Tensor, _ mean: Tensor, _ rstd: Tensor) {
        let c = x.shape.last, rows = x.shape.rows
        let g = grad(out)!, px = x.data, pw = w.data, pm = mean.data, pr = rstd.data
        let dw = grad(w), db = grad(b)
        let rowGrain = 256
        // When the rows run in one part anyway (inside a data-parallel shard), w's and b's
        // gradients are summed in the same pass over the rows, in the same order and with the
        // same arithmetic as the separate pass below, so the numbers do not change.
        let onePart = Parallel.isBusy || Parallel.workers == 1 || rows < 2 * rowGrain
        if let (dx, fresh) = gradForOverwrite(x) {
            Parallel.forEach(rows, grain: onePart ? rows + 1 : rowGrain) { range in
                for r in range {
                    let xr = px + r * c, gr = g + r * c, dr = dx + r * c
                    let m = pm[r], s = pr[r]
                    // meanD = mean(g·w), meanDN = mean(g·w·x̂) with x̂ = (x − m)·s.
                    var sumD = Vectors.Lanes(), sumDN = Vectors.Lanes()
                    Vectors.blocks(0..<c) { j, k in
                        let dn = Vectors.load(gr, j, k) * Vectors.load(pw, j, k)
                        sumD += dn
                        sumDN += dn * ((Vectors.load(xr, j, k) - m) * s)
                    }
                    let meanD = sumD.sum() / Float(c), meanDN = sumDN.sum() / Float(c)
                    Vectors.blocks(0..<c) { j, k in
                        let gv = Vectors.load(gr, j, k), centred = Vectors.load(xr, j, k) - m
                        let d = (gv * Vectors.load(pw, j, k) - meanD - centred * s * meanDN) * s
                        Vectors.store((fresh ? Vectors.Lanes() : Vectors.load(dr, j, k)) + d, dr, j, k)
                        guard onePart else { return }
                        if let dw { Vectors.store(Vectors.load(dw, j, k) + gv * centred * s, dw, j, k) }
                        if let db { Vectors.store(Vectors.load(db, j, k) + gv, db, j, k) }
                    }
                }
            }
            if onePart { return }
        }
        if dw != nil || db != nil {
            // Split by columns, so each sum runs over the rows in order whatever the split.
            Parallel.forEach(c, grain: max(16, 32_768 / max(rows, 1))) { cols in
                for r in 0..<rows {
                    let xr = px + r * c, gr = g + r * c, m = pm[r], s = pr[r]
                    if let dw { for j in cols { dw[j] += gr[j] * (xr[j] - m) * s } }
                    if let db { for j in cols { db[j] += gr[j] } }
                }
            }
        }
    }
}
