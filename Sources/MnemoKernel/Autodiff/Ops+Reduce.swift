/// Sums and means, over one axis or over everything.
extension Tape {
    /// Sum over `axis`; the axis is kept with size 1 when `keepDims`.
    public func sum(_ x: Tensor, axis: Int, keepDims: Bool = false) -> Tensor {
        reduce(x, axis: axis, keepDims: keepDims, mean: false)
    }

    /// Mean over `axis`; the axis is kept with size 1 when `keepDims`.
    public func mean(_ x: Tensor, axis: Int, keepDims: Bool = false) -> Tensor {
        reduce(x, axis: axis, keepDims: keepDims, mean: true)
    }

    private func reduce(_ x: Tensor, axis: Int, keepDims: Bool, mean: Bool) -> Tensor {
        let ax = axis < 0 ? x.shape.rank + axis : axis
        let (outer, size, inner) = Tape.around(x.shape, ax)
        var dims = x.shape.dims
        if keepDims { dims[ax] = 1 } else { dims.remove(at: ax) }
        let out = make(Shape(dims), x)
        let f: Float = mean ? 1 / Float(size) : 1
        for o in 0..<outer {
            let dst = out.data + o * inner
            dst.update(repeating: 0, count: inner)
            for s in 0..<size {
                let src = x.data + (o * size + s) * inner
                for j in 0..<inner { dst[j] += src[j] }
            }
            for j in 0..<inner { dst[j] *= f }
        }
        record(.sum(x: x, axis: ax, mean: mean, out: out), out)
        return out
    }

    func sumBackward(_ x: Tensor, _ axis: Int, _ mean: Bool, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        let (outer, size, inner) = Tape.around(x.shape, axis)
        let f: Float = mean ? 1 / Float(size) : 1
        for o in 0..<outer {
            for s in 0..<size {
                let dst = dx + (o * size + s) * inner, src = g + o * inner
                for j in 0..<inner { dst[j] += src[j] * f }
            }
        }
    }

    /// Sum of all elements, as a scalar tensor.
    public func sumAll(_ x: Tensor) -> Tensor { reduceAll(x, mean: false) }

    /// Mean of all elements, as a scalar tensor.
    public func meanAll(_ x: Tensor) -> Tensor { reduceAll(x, mean: true) }

    private func reduceAll(_ x: Tensor, mean: Bool) -> Tensor {
        let out = make(Shape(), x)
        var acc: Double = 0
        for i in 0..<x.count { acc += Double(x.data[i]) }
        out.data[0] = Float(mean ? acc / Double(max(x.count, 1)) : acc)
        record(.sumAll(x: x, mean: mean, out: out), out)
        return out
    }

    func sumAllBackward(_ x: Tensor, _ mean: Bool, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)![0] * (mean ? 1 / Float(max(x.count, 1)) : 1)
        for i in 0..<x.count { dx[i] += g }
    }
}
