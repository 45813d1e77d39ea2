/// Bit-level conversions between Float32 and the 16-bit float formats, written out so they
/// behave the same on every platform (Swift's Float16 is missing on some).
enum HalfPrecision {
    /// IEEE binary16 bits of `value`, rounded to nearest even; overflow becomes infinity.
    static func halfBits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 | UInt16(truncatingIfNeeded: mantissa >> 13) : 0)
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // Below the normal range: a subnormal half, rounded, or zero.
            if halfExponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - halfExponent)
            let kept = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            let rounded = remainder > halfway || (remainder == halfway && kept & 1 == 1) ? kept + 1 : kept
            return sign | UInt16(truncatingIfNeeded: rounded)
        }
        var result = UInt32(halfExponent) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        if remainder > 0x1000 || (remainder == 0x1000 && result & 1 == 1) { result += 1 }
        return sign | UInt16(truncatingIfNeeded: result)
    }

    /// The Float32 value of IEEE binary16 `bits` (exact).
    static func float(halfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
    }

    /// bfloat16 bits of `value`, rounded to nearest even; NaN stays NaN.
    static func bfloatBits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x40 }
        let rounding = 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The Float32 value of bfloat16 `bits` (exact).
    static func float(bfloatBits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
