/// The parts of one token step of one head, each K x V (README, "What you see"):
///     S_new = S_prev - gateErase + deltaErase + newWrite,   deltaUpdate = deltaErase + newWrite.
public struct StepUpdate: Hashable, Sendable {
    /// beta k (v - p)^T: the whole delta-rule write.
    public var deltaUpdate: Matrix
    /// -beta k p^T: the old association for k, removed.
    public var deltaErase: Matrix
    /// +beta k v^T: the new association, added.
    public var newWrite: Matrix
    /// (1 - alpha) S_prev: what the gate wiped.
    public var gateErase: Matrix

    public init(deltaUpdate: Matrix, deltaErase: Matrix, newWrite: Matrix, gateErase: Matrix) {
        self.deltaUpdate = deltaUpdate
        self.deltaErase = deltaErase
        self.newWrite = newWrite
        self.gateErase = gateErase
    }

    /// The parts in display order, with the names the update pane uses.
    public var namedParts: [(name: String, matrix: Matrix)] {
        [("delta update", deltaUpdate), ("delta erase", deltaErase),
         ("new write", newWrite), ("gate erase", gateErase)]
    }
}
