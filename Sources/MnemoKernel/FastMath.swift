import CVectorMath

/// Vectorisable float approximations of exp and erf. libm's scalar calls would dominate a
/// training step (softmax, GELU and attention evaluate millions of them), and these inline
/// polynomials let the compiler use SIMD across a loop.
public enum FastMath {
    /// e^x with about 2 ulp of error on [-87, 88]; 0 below, +inf above.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88.7)
        // x = n ln2 + r, |r| <= ln2/2. Adding 1.5·2²³ rounds to the nearest integer and leaves
        // that integer in the low mantissa bits, so no float-to-int conversion (which Swift
        // range-checks, blocking SIMD) is needed: the loop vectorises on baseline x86-64.
        // Multiply-adds are fused (one rounding, one instruction): half the arithmetic.
        let shifted = Float(12_582_912).addingProduct(clamped, 1.442_695_04)
        let n = shifted - 12_582_912
        let ni = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let r = clamped.addingProduct(-n, 0.693_145_75).addingProduct(-n, 1.428_606_8e-6)
        // exp(r) by a degree-6 polynomial (Cephes coefficients).
        var p: Float = 1.987_569_1e-4
        p = Float(1.398_199_9e-3).addingProduct(p, r)
        p = Float(8.333_452e-3).addingProduct(p, r)
        p = Float(4.166_579_6e-2).addingProduct(p, r)
        p = Float(0.166_666_66).addingProduct(p, r)
        p = Float(0.5).addingProduct(p, r)
        p = r.addingProduct(p * r, r) + 1
        let scale = Float(bitPattern: UInt32(bitPattern: (ni &+ 127) &<< 23))
        return x < -87.3 ? 0 : p * scale
    }

    /// erf(x) by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
    @inline(__always)
    public static func erf(_ x: Float) -> Float {
        let a = Swift.abs(x)
        let t = 1 / Float(1).addingProduct(a, 0.327_591_1)
        var y: Float = 1.061_405_429
        y = Float(-1.453_152_027).addingProduct(y, t)
        y = Float(1.421_413_741).addingProduct(y, t)
        y = Float(-0.284_496_736).addingProduct(y, t)
        y = Float(0.254_829_592).addingProduct(y, t)
        y = 1 - y * t * exp(-a * a)
        return x < 0 ? -y : y
    }

    /// tanh(x) through exp, accurate to a few ulp.
    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let a = Swift.min(Swift.abs(x), 9)
        let e = exp(2 * a)
        let y = (e - 1) / (e + 1)
        return x < 0 ? -y : y
    }
}

/// The same approximations sixteen lanes at a time, operation for operation, so a lane gives
/// exactly the scalar function's result. Used where the compiler cannot vectorise the scalar
/// form itself (loops that read and write one buffer, or that return two results).
extension FastMath {
    typealias Lanes = SIMD16<Float>

    /// e^x per lane (see the scalar ``exp(_:)``).
    // Transparent, not just inline(__always): a call that is not inlined splits the sixteen
    // lanes into four SSE registers at the boundary and runs 4x slower.
    @_transparent
    static func exp(_ x: Lanes) -> Lanes {
        // Comparisons and blends, not pointwiseMin/Max: those go lane by lane (NaN rules).
        let low = x.replacing(with: -87.3, where: x .< -87.3)
        let clamped = low.replacing(with: 88.7, where: low .> 88.7)
        let shifted = mnemo_fma16(clamped, Lanes(repeating: 1.442_695_04), Lanes(repeating: 12_582_912))
        let n = shifted - 12_582_912
        let ni = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let r = mnemo_fma16(-n, Lanes(repeating: 1.428_606_8e-6), mnemo_fma16(-n, Lanes(repeating: 0.693_145_75), clamped))
        var p = Lanes(repeating: 1.987_569_1e-4)
        p = mnemo_fma16(p, r, Lanes(repeating: 1.398_199_9e-3))
        p = mnemo_fma16(p, r, Lanes(repeating: 8.333_452e-3))
        p = mnemo_fma16(p, r, Lanes(repeating: 4.166_579_6e-2))
        p = mnemo_fma16(p, r, Lanes(repeating: 0.166_666_66))
        p = mnemo_fma16(p, r, Lanes(repeating: 0.5))
        p = mnemo_fma16(p * r, r, r) + 1
        let scale = unsafeBitCast((ni &+ 127) &<< 23, to: Lanes.self)
        return (p * scale).replacing(with: 0, where: x .< -87.3)
    }

    /// GELU x·Φ(x) and its derivative Φ(x) + x·φ(x) per lane, sharing one exponential:
    /// erf's e^(−a²) with a = |x|/√2 is e^(−x²/2), which φ needs as well.
    @_transparent
    static func gelu(_ x: Lanes) -> (value: Lanes, slope: Lanes) {
        let a = x.replacing(with: -x, where: x .< 0) * 0.707_106_78
        let t = 1 / mnemo_fma16(a, Lanes(repeating: 0.327_591_1), Lanes(repeating: 1))
        var y = Lanes(repeating: 1.061_405_429)
        y = mnemo_fma16(y, t, Lanes(repeating: -1.453_152_027))
        y = mnemo_fma16(y, t, Lanes(repeating: 1.421_413_741))
        y = mnemo_fma16(y, t, Lanes(repeating: -0.284_496_736))
        y = mnemo_fma16(y, t, Lanes(repeating: 0.254_829_592))
        let e = exp(-a * a)
        y = 1 - y * t * e
        let erf = y.replacing(with: -y, where: x .< 0)
        let cdf = 0.5 * (1 + erf)
        return (x * cdf, cdf + x * (e * 0.398_942_28))
    }
}
