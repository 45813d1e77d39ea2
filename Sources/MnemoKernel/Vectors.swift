import CVectorMath

/// Reductions and block loops over float buffers, sixteen lanes at a time.
///
/// Swift keeps float additions in source order, so a plain `for` loop that sums into one
/// variable runs one element per step (11x slower than these on AVX-512). These keep sixteen
/// partial sums in a fixed order, the same on every CPU, and add the lanes at the end: the
/// results are deterministic, though not bit-identical to a left-to-right sum.
enum Vectors {
    typealias Lanes = SIMD16<Float>
    static let width = 16

    /// Sixteen floats from `p + i` (no alignment needed).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Lanes {
        UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self)
    }

    /// Writes sixteen floats at `p + i`.
    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Lanes.self)
    }

    /// Calls `body(start, count)` for consecutive blocks of `range`: full blocks of 16, then
    /// one shorter block for the rest. Bodies use the `count` forms of load and store, so one
    /// body serves both.
    @inline(__always)
    static func blocks(_ range: Range<Int>, _ body: (Int, Int) -> Void) {
        var i = range.lowerBound
        while i + width <= range.upperBound { body(i, width); i += width }
        if i < range.upperBound { body(i, range.upperBound - i) }
    }

    /// `count` (16 or fewer) floats from `p + i`, the lanes past them `padding`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int, padding: Float = 0) -> Lanes {
        count == width ? load(p, i) : mnemo_load_first(p + i, count, padding)
    }

    /// Writes the first `count` (16 or fewer) lanes of `v` at `p + i`.
    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ count: Int) {
        if count == width { store(v, p, i) } else { mnemo_store_first(p + i, v, count) }
    }

    /// `v` with the lanes from `count` on set to `padding`.
    @inline(__always)
    static func keepFirst(_ v: Lanes, _ count: Int, padding: Float) -> Lanes {
        count == width ? v : mnemo_keep_first(v, count, padding)
    }

    /// Σ p[i] for i < n.
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = Lanes()
        blocks(0..<n) { i, c in acc += load(p, i, c) }
        return acc.sum()
    }

    /// Σ a[i]·b[i] for i < n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = Lanes()
        blocks(0..<n) { i, c in acc.addProduct(load(a, i, c), load(b, i, c)) }
        return acc.sum()
    }

    /// Σ (p[i] − mean)² for i < n.
    @inline(__always)
    static func squaredDeviations(_ p: UnsafePointer<Float>, _ n: Int, from mean: Float) -> Float {
        var acc = Lanes()
        let m = Lanes(repeating: mean)
        blocks(0..<n) { i, c in
            // Padding lanes hold the mean, so they add nothing.
            let d = load(p, i, c, padding: mean) - m
            acc += d * d
        }
        return acc.sum()
    }

    /// max p[i]·scale for i < n (−∞ when n is 0).
    @inline(__always)
    static func max(_ p: UnsafePointer<Float>, _ n: Int, scale: Float = 1) -> Float {
        var acc = Lanes(repeating: -.infinity)
        let s = Lanes(repeating: scale)
        blocks(0..<n) { i, c in
            let w = keepFirst(load(p, i, c) * s, c, padding: -.infinity)
            // A blend, not pointwiseMax, which goes lane by lane.
            acc = acc.replacing(with: w, where: w .> acc)
        }
        return acc.max()
    }

    /// sums[j] += Σ_r m[r · stride + j] for j in `columns`, adding the rows in order (so each
    /// sum is what a loop over the rows gives), 64 columns at a time held in registers: a
    /// load-add-store of the sums per row waits on the store before it.
    @inline(__always)
    static func addRows(_ m: UnsafePointer<Float>, rows: Int, stride: Int, columns: Range<Int>,
                        into sums: UnsafeMutablePointer<Float>) {
        var j = columns.lowerBound
        while j < columns.upperBound {
            let count = { (i: Int) in Swift.max(0, Swift.min(16, columns.upperBound - j - 16 * i)) }
            let c0 = count(0), c1 = count(1), c2 = count(2), c3 = count(3)
            var s0 = load(sums, j, c0), s1 = load(sums, j + 16, c1)
            var s2 = load(sums, j + 32, c2), s3 = load(sums, j + 48, c3)
            for r in 0..<rows {
                let row = m + r * stride + j
                s0 += load(row, 0, c0); s1 += load(row, 16, c1)
                s2 += load(row, 32, c2); s3 += load(row, 48, c3)
            }
            store(s0, sums, j, c0); store(s1, sums, j + 16, c1)
            store(s2, sums, j + 32, c2); store(s3, sums, j + 48, c3)
            j += 64
        }
    }

    /// d[i] += g[i] for i in `range`: the same additions as the plain loop, sixteen lanes at a time
    /// (the plain loop stays scalar: the compiler cannot tell the two buffers apart).
    @inline(__always)
    static func add(_ g: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        addRows(g, rows: 1, stride: 0, columns: range, into: d)
    }
}

