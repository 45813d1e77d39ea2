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

    /// Softmax (or log-softmax) of one row of `n` values.
    @inline(__always)
    static func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
                           log: Bool, scale: Float = 1) {
        var m = -Float.infinity
        for j in 0..<n { m = max(m, x[j] * scale) }
        var s: Float = 0
        for j in 0..<n { let e = FastMath.exp(x[j] * scale - m); y[j] = e; s += e }
        if log {
            let lse = m + Foundation.log(s)
            for j in 0..<n { y[j] = x[j] * scale - lse }
        } else {
            let inv = 1 / s
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
                    var s: Float = 0
                    for j in 0..<n { s += gy[j] }
                    for j in 0..<n { d[j] += gy[j] - FastMath.exp(y[j]) * s }
                } else {
                    var s: Float = 0
                    for j in 0..<n { s += gy[j] * y[j] }
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
                var m: Float = 0
                for j in 0..<c { m += xr[j] }
                m /= Float(c)
                var v: Float = 0
                for j in 0..<c { let d = xr[j] - m; v += d * d }
                v /= Float(c)
                let s = 1 / (v + eps).squareRoot()
                for j in 0..<c { yr[j] = (xr[j] - m) * s * pw[j] + pb[j] }
                pm[r] = m; pr[r] = s
            }
        }
        record(.layerNorm(x: x, w: w, b: b, out: out, mean: mean, rstd: rstd), out)
        return out
    }

    func layerNormBackward(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ out: Tensor, _ mean: Tensor, _ rstd: Tensor) {
        let c = x.shape.last, rows = x.shape.rows
        let g = grad(out)!, px = x.data, pw = w.data, pm = mean.data, pr = rstd.data
        if let dx = grad(x) {
            Parallel.forEach(rows, grain: 256) { range in
                for r in range {
                    let xr = px + r * c, gr = g + r * c, dr = dx + r * c
                    let m = pm[r], s = pr[r]
                    var meanD: Float = 0, meanDN: Float = 0
                    for j in 0..<c {
                        let dn = gr[j] * pw[j]
                        meanD += dn
                        meanDN += dn * (xr[j] - m) * s
                    }
                    meanD /= Float(c); meanDN /= Float(c)
                    for j in 0..<c {
                        let norm = (xr[j] - m) * s
                        dr[j] += (gr[j] * pw[j] - meanD - norm * meanDN) * s
                    }
                }
            }
        }
        let dw = grad(w), db = grad(b)
        if dw != nil || db != nil {
            for r in 0..<rows {
                let xr = px + r * c, gr = g + r * c, m = pm[r], s = pr[r]
                if let dw { for j in 0..<c { dw[j] += gr[j] * (xr[j] - m) * s } }
                if let db { for j in 0..<c { db[j] += gr[j] } }
            }
        }
    }
}
