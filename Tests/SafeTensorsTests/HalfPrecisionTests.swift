import Testing
@testable import SafeTensors

/// Checks the bit-level conversions against the standard library's `Float16`,
/// where the platform has it.
@Suite struct HalfPrecisionTests {
    #if !(os(macOS) && arch(x86_64))
    @Test func widensEveryHalfLikeFloat16() {
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = HalfPrecision.float(fromHalfBits: bits)
            if expected.isNaN {
                #expect(actual.isNaN, "bits \(bits)")
            } else {
                #expect(actual.bitPattern == expected.bitPattern, "bits \(bits)")
            }
        }
    }

    @Test func narrowsLikeFloat16() {
        // A sweep across all float bit patterns (odd stride so mantissa bits vary),
        // plus every tie point between neighbouring finite halves and its neighbours.
        var patterns = Array(stride(from: UInt32(0), to: UInt32.max - 40_000, by: 40_009))
        for halfBits in UInt16(0)..<0x7bff {
            let low = HalfPrecision.float(fromHalfBits: halfBits)
            let high = HalfPrecision.float(fromHalfBits: halfBits + 1)
            let midpoint = ((low + high) / 2).bitPattern  // exact: Float has 13 more bits
            patterns += [midpoint - 1, midpoint, midpoint + 1, midpoint | 0x8000_0000]
        }
        var mismatches = 0
        for pattern in patterns {
            let value = Float(bitPattern: pattern)
            guard !value.isNaN else { continue }
            if HalfPrecision.halfBits(from: value) != Float16(value).bitPattern {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(patterns.count > 100_000)
    }
    #endif

    @Test func narrowingKeepsNaNAndSign() {
        #expect(HalfPrecision.float(fromHalfBits: HalfPrecision.halfBits(from: .nan)).isNaN)
        #expect(HalfPrecision.halfBits(from: -0.0) == 0x8000)
        #expect(HalfPrecision.halfBits(from: -.infinity) == 0xfc00)
        #expect(BrainFloat.bits(from: -.nan) & 0x7fc0 == 0x7fc0)
        #expect(BrainFloat.bits(from: -0.0) == 0x8000)
        #expect(BrainFloat.float(fromBits: 0x3f80) == 1)
    }
}
