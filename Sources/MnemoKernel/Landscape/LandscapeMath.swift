/// Small dense-vector helpers over flat parameter arrays. Sums run in Double because
/// directions have hundreds of thousands of entries and Float sums would lose digits.
enum LandscapeMath {
    /// ⟨a, b⟩ accumulated in Double.
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "dot of \(a.count) and \(b.count) values")
        var sum: Double = 0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count { sum += Double(pa[i]) * Double(pb[i]) }
            }
        }
        return sum
    }

    /// The Euclidean norm.
    static func norm(_ a: [Float]) -> Double { dot(a, a).squareRoot() }

    /// `a` multiplied by `factor`.
    static func scaled(_ a: [Float], _ factor: Double) -> [Float] {
        let f = Float(factor)
        return a.map { $0 * f }
    }

    /// b − a, elementwise.
    static func difference(_ a: [Float], _ b: [Float]) -> [Float] {
        precondition(a.count == b.count, "difference of \(a.count) and \(b.count) values")
        var out = [Float](repeating: 0, count: a.count)
        for i in 0..<a.count { out[i] = b[i] - a[i] }
        return out
    }

    /// centre + Σₖ coefficientₖ·directionₖ, written into `out` (resized as needed).
    static func combine(centre: [Float], directions: [[Float]], coefficients: [Double], into out: inout [Float]) {
        if out.count != centre.count { out = [Float](repeating: 0, count: centre.count) }
        centre.withUnsafeBufferPointer { c in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<c.count { o[i] = c[i] }
                for (d, coefficient) in zip(directions, coefficients) where coefficient != 0 {
                    let a = Float(coefficient)
                    d.withUnsafeBufferPointer { dp in
                        for i in 0..<o.count { o[i] += a * dp[i] }
                    }
                }
            }
        }
    }
}
