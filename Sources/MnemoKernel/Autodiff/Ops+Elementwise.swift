import Foundation

/// The four arithmetic operations with NumPy-style broadcasting.
public enum BinaryOp: Sendable { case add, sub, mul, div }

/// Activations and other one-input elementwise functions.
public enum UnaryOp: Sendable { case relu, gelu, tanh, sigmoid }

/// Index arithmetic for broadcasting two shapes of rank up to 4 against each other
/// (held in SIMD4 values, not arrays, so an op allocates nothing).
struct Broadcast {
    var dims = SIMD4<Int>(repeating: 1)
    var strideA = SIMD4<Int>(repeating: 0)
    var strideB = SIMD4<Int>(repeating: 0)
    let shape: Shape

    init(_ a: Shape, _ b: Shape) {
        let rank = max(a.rank, b.rank)
        var out = a.rank >= b.rank ? a : b
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b[i - (rank - b.rank)]
            precondition(da == db || da == 1 || db == 1, "cannot broadcast \(a) with \(b)")
            out[i] = max(da, db)
        }
        shape = out
        func strides(_ s: Shape) -> SIMD4<Int> {
            var st = SIMD4<Int>(repeating: 0)
            var acc = 1
            for i in stride(from: s.rank - 1, through: 0, by: -1) {
                let pos = 4 - (s.rank - i)
                st[pos] = s[i] == 1 ? 0 : acc
                acc *= s[i]
            }
            return st
        }
        for i in 0..<rank { dims[4 - rank + i] = out[i] }
        strideA = strides(a)
        strideB = strides(b)
    }

    /// Calls `body(outOffset, aOffset, bOffset)` at the start of every innermost row;
    /// the row has `dims[3]` elements and strides `strideA[3]`, `strideB[3]`.
    func forEachRow(_ body: (Int, Int, Int) -> Void) {
        var o = 0
        for i0 in 0..<dims[0] {
            for i1 in 0..<dims[1] {
                for i2 in 0..<dims[2] {
                    let a = i0 * strideA[0] + i1 * strideA[1] + i2 * strideA[2]
                    let b = i0 * strideB[0] + i1 * strideB[1] + i2 * strideB[2]
                    body(o, a, b)
                    o += dims[3]
                }
            }
        }
    }
}

extension Tape {
    /// a + b with broadcasting.
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.add, a, b) }
    /// a - b with broadcasting.
    public func sub(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.sub, a, b) }
    /// a * b (elementwise) with broadcasting.
    public func mul(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.mul, a, b) }
    /// a / b (elementwise) with broadcasting.
    public func div(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.div, a, b) }

    @inline(__always)
    private static func apply(_ op: BinaryOp, _ x: Float, _ y: Float) -> Float {
        switch op { case .add: x + y; case .sub: x - y; case .mul: x * y; case .div: x / y }
    }

    /// Elementwise `op` with broadcasting; same-shape operands take a fast contiguous path.
    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        if a.shape == b.shape {
            let out = make(a.shape, a, b)
            let pa = a.data, pb = b.data, po = out.data
            Parallel.forEach(a.count) { r in
                switch op {
                case .add: for i in r { po[i] = pa[i] + pb[i] }
                case .sub: for i in r { po[i] = pa[i] - pb[i] }
                case .mul: for i in r { po[i] = pa[i] * pb[i] }
                case .div: for i in r { po[i] = pa[i] / pb[i] }
                }
            }
            record(.binary(op, a: a, b: b, out: out), out)
            return out
        }
        let bc = Broadcast(a.shape, b.shape)
        let out = make(bc.shape, a, b)
        let n = bc.dims[3], sa = bc.strideA[3], sb = bc.strideB[3]
        let pa = a.data, pb = b.data, po = out.data
        bc.forEachRow { o, ia, ib in
            if sa == 1 && sb == 1 {
                // Rows contiguous in both (positions added to every sequence, a bias to every row).
                let x = pa + ia, y = pb + ib, z = po + o
                Vectors.blocks(0..<n) { j, c in
                    let u = Vectors.load(x, j, c), v = Vectors.load(y, j, c, padding: 1)
                    let w: Vectors.Lanes
                    switch op { case .add: w = u + v; case .sub: w = u - v; case .mul: w = u * v; case .div: w = u / v }
                    Vectors.store(w, z, j, c)
                }
                return
            }
            for j in 0..<n { po[o + j] = Tape.apply(op, pa[ia + j * sa], pb[ib + j * sb]) }
        }
        record(.binary(op, a: a, b: b, out: out), out)
        return out
    }

    func binaryBackward(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let g = grad(out)!
        let pa = a.data, pb = b.data
        if a.shape == b.shape, op == .add {
            // The residual additions of a transformer: a copy when nothing was there yet.
            passGradient(g, to: a)
            passGradient(g, to: b)
            return
        }
        let da = grad(a), db = grad(b)
        if a.shape == b.shape {
            Parallel.forEach(a.count) { r in
                if let da {
                    switch op {
                    case .add, .sub: for i in r { da[i] += g[i] }
                    case .mul: for i in r { da[i] += g[i] * pb[i] }
                    case .div: for i in r { da[i] += g[i] / pb[i] }
                    }
                }
                if let db {
                    switch op {
                    case .add: for i in r { db[i] += g[i] }
                    case .sub: for i in r { db[i] -= g[i] }
                    case .mul: for i in r { db[i] += g[i] * pa[i] }
                    case .div: for i in r { db[i] -= g[i] * pa[i] / (pb[i] * pb[i]) }
                    }
                }
            }
            return
        }
        let bc = Broadcast(a.shape, b.shape)
        let n = bc.dims[3], sa = bc.strideA[3], sb = bc.strideB[3]
        bc.forEachRow { o, ia, ib in
            if sa == 1 && sb == 1 && op == .add {
                // Contiguous rows of a sum: the same additions, in the same order, vectorised.
                if let da { Vectors.add(g + o, into: da + ia, 0..<n) }
                if let db { Vectors.add(g + o, into: db + ib, 0..<n) }
                return
            }
            for j in 0..<n {
                let gi = g[o + j], x = pa[ia + j * sa], y = pb[ib + j * sb]
                switch op {
                case .add: da?[ia + j * sa] += gi; db?[ib + j * sb] += gi
                case .sub: da?[ia + j * sa] += gi; db?[ib + j * sb] -= gi
                case .mul: da?[ia + j * sa] += gi * y; db?[ib + j * sb] += gi * x
                case .div: da?[ia + j * sa] += gi / y; db?[ib + j * sb] -= gi * x / (y * y)
                }
            }
        }
    }

    /// x * factor for a constant factor.
    public func scale(_ x: Tensor, _ factor: Float) -> Tensor {
        let out = make(x.shape, x)
        let px = x.data, po = out.data
        Parallel.forEach(x.count) { r in for i in r { po[i] = px[i] * factor } }
        record(.scale(x: x, factor: factor, out: out), out)
        return out
    }

    func scaleBackward(_ x: Tensor, _ factor: Float, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        Parallel.forEach(x.count) { r in for i in r { dx[i] += g[i] * factor } }
    }

    /// max(x, 0).
    public func relu(_ x: Tensor) -> Tensor { unary(.relu, x) }
    /// GELU with the exact (erf) form: x Φ(x).
    public func gelu(_ x: Tensor) -> Tensor { unary(.gelu, x) }
    /// Hyperbolic tangent.
    public func tanh(_ x: Tensor) -> Tensor { unary(.tanh, x) }
    /// Logistic sigmoid.
    public func sigmoid(_ x: Tensor) -> Tensor { unary(.sigmoid, x) }

    /// An elementwise activation. GELU also keeps its derivative when a gradient will be
    /// needed: it shares the forward's exponential, and the backward becomes one multiply.
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let out = make(x.shape, x)
        let px = x.data, po = out.data
        let slope = op == .gelu && out.requiresGrad ? make(x.shape, requiresGrad: false) : nil
        let ps = slope?.data
        Parallel.forEach(x.count, grain: 16_384) { r in
            switch op {
            case .relu: for i in r { po[i] = max(px[i], 0) }
            case .gelu: Tape.gelu(px, po, slope: ps, r)
            case .tanh: for i in r { po[i] = FastMath.tanh(px[i]) }
            case .sigmoid: for i in r { po[i] = 1 / (1 + FastMath.exp(-px[i])) }
            }
        }
        record(.unary(op, x: x, out: out, slope: slope), out)
        return out
    }

    /// y = GELU(x) over `range`, and GELU's derivative into `slope` when given.
    @inline(__always)
    static func gelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, slope: UnsafeMutablePointer<Float>?,
                     _ range: Range<Int>) {
        Vectors.blocks(range) { i, c in
            let (value, derivative) = FastMath.gelu(Vectors.load(x, i, c))
            Vectors.store(value, y, i, c)
            if let slope { Vectors.store(derivative, slope, i, c) }
        }
    }

    func unaryBackward(_ op: UnaryOp, _ x: Tensor, _ out: Tensor, _ slope: Tensor?) {
        guard let (dx, fresh) = gradForOverwrite(x) else { return }
        let g = grad(out)!, px = x.data, po = out.data
        if fresh, op != .gelu && op != .relu { dx.update(repeating: 0, count: x.count) }
        Parallel.forEach(x.count, grain: 16_384) { r in
            switch op {
            case .relu:
                if fresh { for i in r { dx[i] = px[i] > 0 ? g[i] : 0 } } else { for i in r { dx[i] += px[i] > 0 ? g[i] : 0 } }
            case .gelu:
                let ps = slope!.data
                if fresh { for i in r { dx[i] = g[i] * ps[i] } } else { for i in r { dx[i] += g[i] * ps[i] } }
            case .tanh: for i in r { dx[i] += g[i] * (1 - po[i] * po[i]) }
            case .sigmoid: for i in r { dx[i] += g[i] * po[i] * (1 - po[i]) }
            }
        }
    }

    /// Inverted dropout: zeroes each element with probability `p` and scales the rest by
    /// 1/(1-p) while training; the identity when not training or `p` is 0.
    public func dropout(_ x: Tensor, p: Float) -> Tensor {
        guard isTraining && p > 0 else { return x }
        let mask = make(x.shape, requiresGrad: false)
        let keep = 1 / (1 - p)
        for i in 0..<x.count { mask.data[i] = rng.uniform() < Double(p) ? 0 : keep }
        let out = make(x.shape, x)
        for i in 0..<x.count { out.data[i] = x.data[i] * mask.data[i] }
        record(.dropout(x: x, mask: mask, out: out), out)
        return out
    }

    func dropoutBackward(_ x: Tensor, _ mask: Tensor, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        for i in 0..<x.count { dx[i] += g[i] * mask.data[i] }
    }
}
