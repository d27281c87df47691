/// Sizes of one gated delta rule call, in fla's layout:
/// q, k [B, T, H, K]; v [B, T, HV, V]; g, beta [B, T, HV]; state [B, HV, K, V].
public struct GatedDeltaShape: Sendable, Hashable, CustomStringConvertible {
    public var batch: Int
    public var length: Int
    public var keyHeads: Int
    public var valueHeads: Int
    public var keyDim: Int
    public var valueDim: Int

    public init(batch: Int = 1, length: Int, keyHeads: Int, valueHeads: Int? = nil, keyDim: Int, valueDim: Int) {
        self.batch = batch
        self.length = length
        self.keyHeads = keyHeads
        self.valueHeads = valueHeads ?? keyHeads
        self.keyDim = keyDim
        self.valueDim = valueDim
    }

    /// Value heads that share one query/key head (grouped values).
    public var groupSize: Int { valueHeads / keyHeads }
    public var queryCount: Int { batch * length * keyHeads * keyDim }
    public var valueCount: Int { batch * length * valueHeads * valueDim }
    public var gateCount: Int { batch * length * valueHeads }
    public var stateCount: Int { batch * valueHeads * keyDim * valueDim }

    public var description: String {
        "B=\(batch) T=\(length) H=\(keyHeads) HV=\(valueHeads) K=\(keyDim) V=\(valueDim)"
    }

    /// Checks what the kernels assume, so bad input is an error instead of a trap.
    public func validate() throws(KernelError) {
        guard batch >= 1, length >= 0, keyHeads >= 1, valueHeads >= 1, keyDim >= 1, valueDim >= 1 else {
            throw KernelError("sizes must be positive: \(self)")
        }
        guard valueHeads % keyHeads == 0 else {
            throw KernelError("value heads (\(valueHeads)) must be a multiple of key heads (\(keyHeads))")
        }
        // In Double first: the Int products above trap on overflow, and a file with an empty tensor
        // can declare any dimensions. Inputs are backed by a file's bytes; the state is allocated from
        // the shape alone, so it gets a tighter bound (1 GB of floats; real models need a few MB).
        func product(_ factors: Int...) -> Double { factors.reduce(1) { $0 * Double($1) } }
        guard product(batch, length, keyHeads, keyDim) <= 0x1p40,
              product(batch, length, valueHeads, valueDim) <= 0x1p40 else {
            throw KernelError("sizes too large: \(self)")
        }
        guard product(batch, valueHeads, keyDim, valueDim) <= 0x1p28 else {
            throw KernelError("the state would need \(product(batch, valueHeads, keyDim, valueDim) * 4 / 1e9) GB: \(self)")
        }
    }
}

/// An error in what was handed to a kernel, in one line.
public struct KernelError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How to run the rule: which rule, the query scale, and whether q and k are L2-normalised in the kernel.
public struct GatedDeltaOptions: Sendable, Hashable {
    public var rule: UpdateRule
    /// Multiplies q; nil means 1/sqrt(K).
    public var scale: Float?
    /// Normalise q and k per head to unit length, x / sqrt(sum x^2 + 1e-6), as fla's `use_qk_l2norm_in_kernel`.
    public var normalizesQueryKey: Bool
    /// Heads run in parallel on this many threads (each head is independent).
    public var threads: Int

    public init(rule: UpdateRule = .gatedDelta, scale: Float? = nil, normalizesQueryKey: Bool = false, threads: Int = 1) {
        self.rule = rule
        self.scale = scale
        self.normalizesQueryKey = normalizesQueryKey
        self.threads = threads
    }

    public func scale(keyDim: Int) -> Float { scale ?? 1 / Float(keyDim).squareRoot() }
}

/// The inputs of one call: flat row-major arrays in fla's layout (see `GatedDeltaShape`).
public struct GatedDeltaInputs: Sendable {
    public var shape: GatedDeltaShape
    public var q: [Float]
    public var k: [Float]
    public var v: [Float]
    /// Log decay per token and value head: the state is multiplied by exp(g) before the write.
    public var g: [Float]
    public var beta: [Float]
    /// [B, HV, K, V]; nil means zeros.
    public var initialState: [Float]?

    public init(shape: GatedDeltaShape, q: [Float], k: [Float], v: [Float], g: [Float], beta: [Float],
                initialState: [Float]? = nil) throws(KernelError) {
        try shape.validate()
        func check(_ name: String, _ array: [Float], _ count: Int) throws(KernelError) {
            guard array.count == count else {
                throw KernelError("\(name) has \(array.count) values, shape \(shape) needs \(count)")
            }
        }
        try check("q", q, shape.queryCount)
        try check("k", k, shape.queryCount)
        try check("v", v, shape.valueCount)
        try check("g", g, shape.gateCount)
        try check("beta", beta, shape.gateCount)
        if let initialState { try check("initial state", initialState, shape.stateCount) }
        self.shape = shape
        self.q = q
        self.k = k
        self.v = v
        self.g = g
        self.beta = beta
        self.initialState = initialState
    }
}

/// What a call returns: o [B, T, HV, V] and the final state [B, HV, K, V].
public struct GatedDeltaResult: Sendable {
    public var output: [Float]
    public var finalState: [Float]

    public init(output: [Float], finalState: [Float]) {
        self.output = output
        self.finalState = finalState
    }
}
