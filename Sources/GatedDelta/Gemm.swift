import CBLAS

/// The OpenBLAS calls the kernels and the model's layers are built on.
public enum BLAS {
    /// OpenBLAS's own thread pool: held at one thread where work is spread over heads by the caller.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// Row-major single-precision matrix product: C[m x n] = alpha op(A) op(B) + beta C, op(X) = X or X^T.
    @inline(__always)
    public static func gemm(_ m: Int, _ n: Int, _ k: Int,
                            _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
                            _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
                            _ c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float = 0) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C untouched when k = 0 only for beta = 1; make the meaning explicit.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
