/// Solves (I + L) X = B in place for X, L strictly lower triangular (n x n, its diagonal taken as one),
/// B n x columns, by forward substitution one row at a time:
///
///     X_i = B_i - sum_{j < i} L_ij X_j
///
/// At the chunk sizes of the chunked kernel (n <= 64, columns = K + V) OpenBLAS's strsm spends most of
/// its time in setup and small-block code; this loop keeps the rows X_j in L1 and runs at FMA speed.
func solveUnitLowerTriangular(_ n: Int, columns: Int, _ l: UnsafePointer<Float>, ldl: Int,
                              _ b: UnsafeMutablePointer<Float>, ldb: Int) {
    guard n > 1 else { return }
    for i in 1..<n {
        RowSubstitution(l: l + i * ldl, rows: i, b: b, ldb: ldb, target: b + i * ldb).process(count: columns)
    }
}

/// One row of the forward substitution: target -= sum_{r < rows} l[r] b[r, :], one block of columns at a time.
private struct RowSubstitution: LaneBlocks {
    let l: UnsafePointer<Float>
    let rows: Int
    let b: UnsafeMutablePointer<Float>
    let ldb: Int
    let target: UnsafeMutablePointer<Float>

    @inline(__always)
    func process<Lanes: FloatLanes>(_: Lanes.Type, at j: Int) {
        var x = Lanes(loadingFrom: target + j)
        for r in 0..<rows { x = x.addingProduct(Lanes(splat: -l[r]), Lanes(loadingFrom: b + r * ldb + j)) }
        x.store(to: target + j)
    }
}
