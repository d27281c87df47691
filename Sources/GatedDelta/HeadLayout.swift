import Foundation

/// Offsets into fla's row-major layouts, so each kernel addresses one (batch, value head) at a time.
extension GatedDeltaShape {
    /// q, k [B, T, H, K]
    @inline(__always) func queryOffset(batch b: Int, time t: Int, keyHead h: Int) -> Int {
        ((b * length + t) * keyHeads + h) * keyDim
    }
    /// v, o [B, T, HV, V]
    @inline(__always) func valueOffset(batch b: Int, time t: Int, valueHead hv: Int) -> Int {
        ((b * length + t) * valueHeads + hv) * valueDim
    }
    /// g, beta [B, T, HV]
    @inline(__always) func gateOffset(batch b: Int, time t: Int, valueHead hv: Int) -> Int {
        (b * length + t) * valueHeads + hv
    }
    /// state [B, HV, K, V]
    @inline(__always) func stateOffset(batch b: Int, valueHead hv: Int) -> Int {
        (b * valueHeads + hv) * keyDim * valueDim
    }
    /// The query/key head a value head reads (grouped values).
    @inline(__always) func keyHead(forValueHead hv: Int) -> Int { hv / groupSize }
}

/// A raw pointer that may cross into the worker threads of `forEachHead`: each head writes only its
/// own disjoint slice of the output and the state, which is what makes the sharing sound.
/// An empty buffer (a zero-length sequence) has no base address: a dangling one is never dereferenced.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }
}

struct SharedReadPointer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    init(_ buffer: UnsafeBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }
}

/// The per-token inputs of a call, readable from every worker thread.
struct HeadSources: Sendable {
    let q, k, v, g, beta: SharedReadPointer<Float>

    init(q: UnsafeBufferPointer<Float>, k: UnsafeBufferPointer<Float>, v: UnsafeBufferPointer<Float>,
         g: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>) {
        (self.q, self.k, self.v, self.g, self.beta) = (.init(q), .init(k), .init(v), .init(g), .init(beta))
    }
}

/// Runs `body(heads)` for every (batch, value head), numbered b * HV + hv, split into one contiguous block
/// per thread: each thread touches one run of the state and output (no cache line shared with another
/// thread except at the block edges) and can set up its scratch once for the whole block.
///
/// The calling thread always takes block 0 and the helpers the others. Repeated calls (a decode loop)
/// then give each thread the same heads, and since the scheduler keeps threads on their last core, each
/// block of the state stays in that core's L2: at 32 heads the 2 MB state does not fit one core's L2
/// but half of it fits each of two.
func forEachHeadBlock(_ shape: GatedDeltaShape, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let heads = shape.batch * shape.valueHeads
    let workers = max(1, min(threads, heads))
    if workers == 1 {
        body(0..<heads)
        return
    }
    let caller = pthread_self()
    withUnsafeTemporaryAllocation(of: Bool.self, capacity: workers) { taken in
        taken.initialize(repeating: false)
        let claims = BlockClaims(taken: SharedPointer(taken), count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let w = claims.claim(forCaller: pthread_equal(pthread_self(), caller) != 0)
            body(heads * w / workers..<heads * (w + 1) / workers)
        }
    }
}

/// Which blocks of `forEachHeadBlock` are taken: block 0 goes to the calling thread when it takes part,
/// the others in order (whichever thread asks first); a lock, held for a few instructions twice per call.
private struct BlockClaims: Sendable {
    static let lock = NSLock()
    let taken: SharedPointer<Bool>
    let count: Int

    func claim(forCaller: Bool) -> Int {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        var w = forCaller ? 0 : 1   // the first free block from here on, wrapping around
        while taken.base[w % count] { w += 1 }
        taken.base[w % count] = true
        return w % count
    }
}

/// Runs `body(b, hv)` for every (batch, value head), spread over `threads` threads in contiguous blocks.
func forEachHead(_ shape: GatedDeltaShape, threads: Int, _ body: @Sendable (Int, Int) -> Void) {
    forEachHeadBlock(shape, threads: threads) { heads in
        for i in heads { body(i / shape.valueHeads, i % shape.valueHeads) }
    }
}

/// Copies `count` values, L2-normalised x / sqrt(sum x^2 + 1e-6) when asked, then multiplied by `scale`.
@inline(__always)
func prepareVector(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int,
                   normalize: Bool, scale: Float) {
    var factor = scale
    if normalize {
        factor = scale / (dotProduct(source, source, count: count) + 1e-6).squareRoot()
    }
    for i in 0..<count { target[i] = source[i] * factor }
}

/// x / sqrt(sum x^2 + 1e-6): the normalisation the kernels apply to q and k, for code that shows them.
public func l2Normalized(_ x: [Float]) -> [Float] {
    var y = x
    x.withUnsafeBufferPointer { xb in y.withUnsafeMutableBufferPointer { yb in
        prepareVector(xb.baseAddress!, into: yb.baseAddress!, count: x.count, normalize: true, scale: 1)
    }}
    return y
}

/// Zero-safe copy of an optional initial state into a fresh state array.
func initialStateArray(_ inputs: GatedDeltaInputs) -> [Float] {
    inputs.initialState ?? [Float](repeating: 0, count: inputs.shape.stateCount)
}
