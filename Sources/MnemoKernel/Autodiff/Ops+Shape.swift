/// Ops that move values without arithmetic: reshape, transpose, slice, concat, and the
/// embedding lookup. Each copies (tensors never alias), so gradients stay simple.
extension Tape {
    /// The same values with another shape of equal element count.
    public func reshape(_ x: Tensor, _ shape: Shape) -> Tensor {
        precondition(shape.count == x.count, "reshape of \(x.shape) to \(shape) changes the element count")
        let out = make(shape, x)
        out.data.update(from: x.data, count: x.count)
        record(.reshape(x: x, out: out), out)
        return out
    }

    func reshapeBackward(_ x: Tensor, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        for i in 0..<x.count { dx[i] += g[i] }
    }

    /// Strides of `s` padded on the left to rank 4 (missing dimensions have stride 0).
    private static func strides4(_ s: Shape) -> (dims: [Int], strides: [Int]) {
        var dims = [1, 1, 1, 1], strides = [0, 0, 0, 0]
        var acc = 1
        for i in stride(from: s.rank - 1, through: 0, by: -1) {
            let p = 4 - (s.rank - i)
            dims[p] = s[i]; strides[p] = acc
            acc *= s[i]
        }
        return (dims, strides)
    }

    /// Visits the elements of `x` in the order of `x` with axes `a0` and `a1` swapped,
    /// calling `body(outIndex, inIndex)`.
    private static func forEachTransposed(_ shape: Shape, _ a0: Int, _ a1: Int, _ body: (Int, Int) -> Void) {
        let (dims, strides) = strides4(shape)
        let off = 4 - shape.rank
        var d = dims, s = strides
        d.swapAt(a0 + off, a1 + off); s.swapAt(a0 + off, a1 + off)
        var o = 0
        for i0 in 0..<d[0] { for i1 in 0..<d[1] { for i2 in 0..<d[2] { for i3 in 0..<d[3] {
            body(o, i0 * s[0] + i1 * s[1] + i2 * s[2] + i3 * s[3])
            o += 1
        } } } }
    }

    /// Swaps two axes (negative axes count from the end).
    public func transpose(_ x: Tensor, _ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
        let a0 = axis0 < 0 ? x.shape.rank + axis0 : axis0, a1 = axis1 < 0 ? x.shape.rank + axis1 : axis1
        var shape = x.shape
        shape[a0] = x.shape[a1]; shape[a1] = x.shape[a0]
        let out = make(shape, x)
        Tape.forEachTransposed(x.shape, a0, a1) { o, i in out.data[o] = x.data[i] }
        record(.transpose(x: x, axis0: a0, axis1: a1, out: out), out)
        return out
    }

    func transposeBackward(_ x: Tensor, _ a0: Int, _ a1: Int, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        Tape.forEachTransposed(x.shape, a0, a1) { o, i in dx[i] += g[o] }
    }

    /// Splits a shape around `axis` into (outer, size, inner) element counts.
    static func around(_ s: Shape, _ axis: Int) -> (outer: Int, size: Int, inner: Int) {
        var outer = 1, inner = 1
        for i in 0..<axis { outer *= s[i] }
        for i in (axis + 1)..<max(axis + 1, s.rank) { inner *= s[i] }
        return (outer, s[axis], inner)
    }

    /// Elements `range` along `axis`.
    public func slice(_ x: Tensor, axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = axis < 0 ? x.shape.rank + axis : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= x.shape[ax], "slice \(range) out of \(x.shape) on axis \(ax)")
        let (outer, size, inner) = Tape.around(x.shape, ax)
        let out = make(x.shape.replacing(axis: ax, with: range.count), x)
        let n = range.count * inner
        for o in 0..<outer {
            (out.data + o * n).update(from: x.data + (o * size + range.lowerBound) * inner, count: n)
        }
        record(.slice(x: x, axis: ax, start: range.lowerBound, out: out), out)
        return out
    }

    func sliceBackward(_ x: Tensor, _ axis: Int, _ start: Int, _ out: Tensor) {
        guard let dx = grad(x) else { return }
        let g = grad(out)!
        let (outer, size, inner) = Tape.around(x.shape, axis)
        let n = out.shape[axis] * inner
        for o in 0..<outer {
            let dst = dx + (o * size + start) * inner, src = g + o * n
            for j in 0..<n { dst[j] += src[j] }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public func concat(_ xs: [Tensor], axis: Int) -> Tensor {
        precondition(!xs.isEmpty, "concat of nothing")
        let ax = axis < 0 ? xs[0].shape.rank + axis : axis
        let total = xs.reduce(0) { $0 + $1.shape[ax] }
        for x in xs { precondition(x.shape.replacing(axis: ax, with: total) == xs[0].shape.replacing(axis: ax, with: total),
                                   "concat: \(x.shape) does not match \(xs[0].shape) off axis \(ax)") }
        let out = make(xs[0].shape.replacing(axis: ax, with: total), requiresGrad: isRecording && xs.contains { $0.requiresGrad })
        let (outer, _, inner) = Tape.around(out.shape, ax)
        var offset = 0
        for x in xs {
            let n = x.shape[ax] * inner
            for o in 0..<outer { (out.data + o * total * inner + offset).update(from: x.data + o * n, count: n) }
            offset += n
        }
        record(.concat(xs: xs, axis: ax, out: out), out)
        return out
    }

    func concatBackward(_ xs: [Tensor], _ axis: Int, _ out: Tensor) {
        let g = grad(out)!
        let (outer, total, inner) = Tape.around(out.shape, axis)
        var offset = 0
        for x in xs {
            let n = x.shape[axis] * inner
            if let dx = grad(x) {
                for o in 0..<outer {
                    let src = g + o * total * inner + offset, dst = dx + o * n
                    for j in 0..<n { dst[j] += src[j] }
                }
            }
            offset += n
        }
    }

    /// Rows of `table` [vocab, d] picked by `ids`, shaped `shape` + [d] (default [ids.count, d]).
    public func embedding(_ table: Tensor, _ ids: IndexTensor, shape: Shape? = nil) -> Tensor {
        let d = table.shape[1], vocab = table.shape[0]
        let idShape = shape ?? Shape(ids.count)
        precondition(idShape.count == ids.count, "embedding: \(ids.count) ids for shape \(idShape)")
        let outShape = idShape.appending(d)
        let out = make(outShape, table)
        for i in 0..<ids.count {
            let id = Int(ids.data[i])
            precondition(id >= 0 && id < vocab, "token id \(id) outside the vocabulary of \(vocab)")
            (out.data + i * d).update(from: table.data + id * d, count: d)
        }
        record(.embedding(table: table, ids: ids, out: out), out)
        return out
    }

    func embeddingBackward(_ table: Tensor, _ ids: IndexTensor, _ out: Tensor) {
        guard let dt = grad(table) else { return }
        let g = grad(out)!, d = table.shape[1]
        for i in 0..<ids.count {
            let row = dt + Int(ids.data[i]) * d, src = g + i * d
            for j in 0..<d { row[j] += src[j] }
        }
    }
}
