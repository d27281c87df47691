import Testing
@testable import GatedDelta

/// bf16 weights widened in registers: the matrix-vector product (one token) and the blocked
/// matrix product (a prefill) against a Float64 product of the same widened weights. Tolerance 1e-6
/// relative RMS: fp32 sums over 77 terms.
@Suite struct BFloat16ProductsTests {
    @Test func productsMatchTheWidenedWeights() {
        let (rows, columns, m) = (131, 77, 5)   // 131 = 2 x 64 + 3 rows: a partial block; 77 = 4 x 16 + 13
        var rng = SplitMix64(seed: 21)
        let weights = [Float].random(rows * columns, in: -1...1, using: &rng)
        let bits = weights.map { UInt16(truncatingIfNeeded: $0.bitPattern >> 16) }
        let widened = bits.map { Float(bitPattern: UInt32($0) << 16) }
        let x = [Float].random(m * columns, in: -1...1, using: &rng)
        func reference(_ r: Int) -> [Float] {
            (0..<rows).map { o in Float((0..<columns).reduce(0.0) { $0 + Double(widened[o * columns + $1]) * Double(x[r * columns + $1]) }) }
        }
        var y = [Float](repeating: 0, count: m * rows)
        var scratch = [Float](repeating: 0, count: BFloat16Products.blockRows * columns)
        bits.withUnsafeBytes { w in x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in scratch.withUnsafeMutableBufferPointer { s in
                BFloat16Products.matrixMatrix(x.baseAddress!, m: m, w.baseAddress!, rows: rows, columns: columns,
                                              into: y.baseAddress!, scratch: s.baseAddress!)
            }}
        }}
        #expect(relativeRMS(y, (0..<m).flatMap(reference)) < 1e-6)
        var v = [Float](repeating: 0, count: rows)
        bits.withUnsafeBytes { w in x.withUnsafeBufferPointer { x in v.withUnsafeMutableBufferPointer { v in
            BFloat16Products.matrixVector(w.baseAddress!, rows: rows, columns: columns, x.baseAddress! + 2 * columns, into: v.baseAddress!)
        }}}
        #expect(relativeRMS(v, reference(2)) < 1e-6)
        var row = [Float](repeating: 0, count: columns)
        bits.withUnsafeBytes { w in row.withUnsafeMutableBufferPointer {
            BFloat16Products.widen(w.baseAddress! + 7 * columns * 2, count: columns, into: $0.baseAddress!)
        }}
        #expect(row == Array(widened[7 * columns..<8 * columns]))
    }
}
