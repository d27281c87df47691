/// One token's update of one head, split so erasure can be attributed (PRODUCT.md):
///
///     gate erase    (1 - alpha) S_prev          what the gate wiped
///     prediction    p = (alpha S_prev)^T k      what memory returned for k before the write
///     delta erase   -beta k p^T                 the old association for k, removed
///     new write     +beta k v^T                 the new association, added
///     S_new = S_prev - gateErase + deltaErase + newWrite
///
/// For rules without the delta correction the delta erase is zero and the write is k v^T.
/// Matrices are K x V row-major, vectors have V entries.
public struct StepParts: Sendable, Equatable {
    public var keyDim: Int
    public var valueDim: Int
    public var alpha: Float
    /// The write strength the rule applied (1 for plain writes).
    public var beta: Float
    public var gateErase: [Float]
    public var prediction: [Float]
    public var deltaErase: [Float]
    public var newWrite: [Float]

    /// The parts of the step from `previousState` with an already normalised key.
    public init(previousState: [Float], key k: [Float], value v: [Float], logDecay g: Float, beta rawBeta: Float,
                rule: UpdateRule) {
        let (K, V) = (k.count, v.count)
        precondition(previousState.count == K * V, "StepParts: state is not K x V")
        keyDim = K
        valueDim = V
        let alpha = rule.alpha(logDecay: g)
        let beta = rule.writeStrength(beta: rawBeta)
        self.alpha = alpha
        self.beta = beta
        gateErase = previousState.map { (1 - alpha) * $0 }
        var p = [Float](repeating: 0, count: V)
        for i in 0..<K {
            for j in 0..<V { p[j] += previousState[i * V + j] * k[i] }
        }
        for j in 0..<V { p[j] *= alpha }
        prediction = p
        deltaErase = [Float](repeating: 0, count: K * V)
        newWrite = [Float](repeating: 0, count: K * V)
        for i in 0..<K {
            for j in 0..<V {
                if rule.correctsWithDelta { deltaErase[i * V + j] = -beta * k[i] * p[j] }
                newWrite[i * V + j] = beta * k[i] * v[j]
            }
        }
    }

    /// The whole update S_new - S_prev = -gateErase + deltaErase + newWrite.
    public var totalChange: [Float] {
        (0..<gateErase.count).map { -gateErase[$0] + deltaErase[$0] + newWrite[$0] }
    }

    /// The delta update beta k (v - p)^T: the write net of what it replaced.
    public var deltaUpdate: [Float] {
        (0..<newWrite.count).map { deltaErase[$0] + newWrite[$0] }
    }
}
