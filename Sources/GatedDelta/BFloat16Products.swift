/// Products with bf16 weights kept as bf16 (half the memory, and half the traffic that bounds a large
/// model's token step), accumulated in fp32. A bf16 value is the top half of an fp32 one, so widening
/// is a shift in registers: w = Float(bitPattern: UInt32(bits) << 16).
public enum BFloat16Products {
    /// y[o] = sum_i W[o, i] x[i] for W [rows, columns] in bf16 (row-major), x and y fp32.
    public static func matrixVector(_ weight: UnsafeRawPointer, rows: Int, columns n: Int,
                                    _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let whole = n & ~15
        for o in 0..<rows {
            let row = weight + o * n * 2
            var a = SIMD8<Float>(), b = SIMD8<Float>()
            var i = 0
            while i < whole {
                a.addProduct(widen(row + i * 2), UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
                b.addProduct(widen(row + i * 2 + 16), UnsafeRawPointer(x + i + 8).loadUnaligned(as: SIMD8<Float>.self))
                i += 16
            }
            var sum = (a + b).sum()
            while i < n {
                sum += Float(bitPattern: UInt32(row.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) << 16) * x[i]
                i += 1
            }
            y[o] = sum
        }
    }

    /// `count` bf16 values widened to fp32.
    public static func widen(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(target + i).storeBytes(of: widen(source + i * 2), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            target[i] = Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) << 16)
            i += 1
        }
    }

    /// Y [m, rows] = X [m, columns] W^T for W in bf16: blocks of 64 weight rows widened into `scratch`
    /// (64 x columns floats) and multiplied by OpenBLAS, so a prefill runs at sgemm speed.
    public static func matrixMatrix(_ x: UnsafePointer<Float>, m: Int, _ weight: UnsafeRawPointer, rows: Int, columns n: Int,
                                    into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        for start in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - start)
            widen(weight + start * n * 2, count: count * n, into: scratch)
            BLAS.gemm(m, count, n, x, lda: n, scratch, ldb: n, transposeB: true, y + start, ldc: rows)
        }
    }

    public static let blockRows = 64

    @inline(__always)
    private static func widen(_ p: UnsafeRawPointer) -> SIMD8<Float> {
        let bits = SIMD8<UInt32>(truncatingIfNeeded: p.loadUnaligned(as: SIMD8<UInt16>.self)) &<< 16
        return unsafeBitCast(bits, to: SIMD8<Float>.self)
    }
}
