/// The most the kernels' SIMD8 code can do on one core: 12 independent chains of SIMD8 fused
/// multiply-adds held in registers (enough to cover 4 cycles of latency on 2 FMA ports), nothing loaded
/// or stored. Built with the kernels' own code generation, so it is their roofline, not the chip's
/// widest (OpenBLAS may use AVX-512 where the CPU has it).
public enum FusedMultiplyAddPeak {
    /// Floating-point operations per iteration of `run`: 12 chains x 8 lanes x (multiply + add).
    public static let flopsPerIteration = 12 * 8 * 2

    /// Runs the chains `iterations` times; the result only keeps the work from being optimised away.
    @inline(never)
    public static func run(iterations: Int) -> Float {
        var (a, b, c) = (FloatLanes32(splat: 0.1), FloatLanes32(splat: 0.2), FloatLanes32(splat: 0.3))
        let (x, y) = (FloatLanes32(splat: 0.999), FloatLanes32(splat: 0.001))
        for _ in 0..<iterations {
            a = y.addingProduct(a, x)
            b = y.addingProduct(b, x)
            c = y.addingProduct(c, x)
        }
        let sum = a + b + c
        return (sum.a + sum.b + sum.c + sum.d).sum()
    }
}
