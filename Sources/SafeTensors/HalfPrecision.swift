// Conversions between Float and the two 16-bit float formats, done on bit patterns so
// they work wherever `Float16` is unavailable (e.g. macOS on Intel) and behave the same
// everywhere. Narrowing rounds to nearest, ties to even, like IEEE 754 and PyTorch.

/// IEEE 754 binary16 ("F16").
enum HalfPrecision {
    /// Widens an F16 bit pattern to Float (exact).
    @inline(__always)
    static func float(fromHalfBits h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1f
        let mantissa = UInt32(h & 0x3ff)
        switch exponent {
        case 0x1f:  // infinity or NaN; keeps the NaN payload
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        case 0:  // zero or subnormal: mantissa * 2^-24, exact in Float
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        default:  // rebias exponent from 15 to 127
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// Narrows a Float to the nearest F16 bit pattern (ties to even); NaN stays NaN.
    static func halfBits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let floatExponent = Int((bits >> 23) & 0xff)
        let mantissa = bits & 0x7f_ffff

        if floatExponent == 0xff {
            // Infinity, or a quiet NaN that keeps the top of the payload.
            return mantissa == 0 ? sign | 0x7c00 : sign | 0x7e00 | UInt16(mantissa >> 13)
        }
        let exponent = floatExponent - 127 + 15
        if exponent >= 0x1f {
            return sign | 0x7c00  // too large: infinity
        }
        if exponent <= 0 {
            // Half subnormal (or zero): the 24-bit significand shifted into 10 bits.
            guard exponent >= -10 else { return sign }  // below 2^-25: rounds to zero
            let significand = mantissa | 0x80_0000
            let shift = UInt32(14 - exponent)
            return sign | UInt16(roundShiftingRight(significand, by: shift))
        }
        // Normal: a carry out of the mantissa correctly bumps the exponent (up to infinity).
        let truncated = (UInt32(exponent) << 10) | (mantissa >> 13)
        return sign | UInt16(roundHalfToEven(truncated, remainder: mantissa & 0x1fff, half: 0x1000))
    }

    @inline(__always)
    private static func roundShiftingRight(_ value: UInt32, by shift: UInt32) -> UInt32 {
        let remainder = value & ((1 << shift) - 1)
        return roundHalfToEven(value >> shift, remainder: remainder, half: 1 << (shift - 1))
    }

    @inline(__always)
    private static func roundHalfToEven(_ truncated: UInt32, remainder: UInt32, half: UInt32) -> UInt32 {
        if remainder > half || (remainder == half && truncated & 1 == 1) {
            return truncated + 1
        }
        return truncated
    }
}

/// bfloat16 ("BF16"): the top half of a Float's bits.
enum BrainFloat {
    /// Widens a BF16 bit pattern to Float (exact).
    @inline(__always)
    static func float(fromBits b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// Narrows a Float to the nearest BF16 bit pattern (ties to even); NaN stays NaN.
    @inline(__always)
    static func bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN {
            // Truncating could clear every payload bit and make an infinity; force quiet.
            return UInt16(bits >> 16) | 0x0040
        }
        // Adding 0x7fff plus the lowest kept bit rounds to nearest with ties to even;
        // overflow past the largest finite value correctly gives infinity.
        let rounding: UInt32 = 0x7fff + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }
}
