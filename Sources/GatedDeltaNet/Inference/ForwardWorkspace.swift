/// The working memory of a forward pass over up to `capacity` rows, as llama2.c's `RunState`: the
/// residual stream, the blocks' buffers, each layer's retained rows (a GDN layer's gates, a mixture
/// of experts' routing) and the
/// logits. A session keeps one, so a one-token step allocates nothing; copies share storage until
/// one runs (copy on write), so sessions stay values.
public struct ForwardWorkspace: Sendable {
    public private(set) var capacity: Int
    /// Rows of the last forward.
    public private(set) var rows = 0
    var storage: [Float]
    /// Logits of the last forward: [rows, vocab], or [vocab] for its last row only.
    public internal(set) var logits: [Float] = []
    private let hidden, scratchPerRow: Int
    private let kinds: [LayerKind]
    /// Per layer: floats the mixer and the MLP retain per row, and the offset of the layer's region
    /// (per row of capacity; the mixer's part first).
    private let retainedPerRow: [Int]
    private let mlpRetainedPerRow: [Int]
    private let retainedOffset: [Int]
    private let floatsPerRow: Int

    public init(model: GatedDeltaNetModel, rows: Int = 1) {
        hidden = model.config.hiddenSize
        scratchPerRow = model.blocks.map { $0.scratchPerRow }.max() ?? 0
        kinds = model.blocks.map { $0.kind }
        retainedPerRow = model.blocks.map { $0.mixer.retainedPerRow }
        mlpRetainedPerRow = model.blocks.map { $0.mlp.retainedPerRow }
        retainedOffset = zip(retainedPerRow, mlpRetainedPerRow).reduce(into: [0]) { $0.append($0.last! + $1.0 + $1.1) }
        capacity = max(1, rows)
        floatsPerRow = 3 * hidden + scratchPerRow + retainedOffset.last!
        storage = [Float](repeating: 0, count: capacity * floatsPerRow)
    }

    mutating func reserve(rows newRows: Int) {
        guard newRows > capacity else { return }
        capacity = newRows
        storage = [Float](repeating: 0, count: capacity * floatsPerRow)
    }

    mutating func setRows(_ count: Int) { rows = count }

    /// Pointers into `storage` for a run over `capacity` rows.
    struct Buffers {
        let x: UnsafeMutablePointer<Float>
        let block: BlockBuffers
        let retained: [UnsafeMutablePointer<Float>]
        let mlpRetained: [UnsafeMutablePointer<Float>]
    }

    func buffers(_ base: UnsafeMutablePointer<Float>) -> Buffers {
        let x = base, normed = x + capacity * hidden, sublayer = normed + capacity * hidden
        let scratch = sublayer + capacity * hidden, retained = scratch + capacity * scratchPerRow
        let mixer = retainedOffset.dropLast().map { retained + capacity * $0 }
        return Buffers(x: x, block: BlockBuffers(normed: normed, sublayer: sublayer, scratch: scratch),
                       retained: mixer, mlpRetained: mixer.indices.map { mixer[$0] + capacity * retainedPerRow[$0] })
    }

    /// The last forward's log decay g of a Gated DeltaNet layer, [rows, HV]; nil for other kinds.
    public func logDecay(layer: Int) -> ArraySlice<Float>? { gates(layer: layer, part: 0) }

    /// The last forward's beta of a Gated DeltaNet layer, [rows, HV]; nil for other kinds.
    public func beta(layer: Int) -> ArraySlice<Float>? { gates(layer: layer, part: 1) }

    /// Where row `row` of the last forward went in layer `layer`'s mixture of experts; nil for a dense MLP.
    public func routing(layer: Int, row: Int) -> ExpertRouting? {
        let count = mlpRetainedPerRow[layer]
        guard count > 0, (0..<rows).contains(row) else { return nil }
        let k = (count - 1) / 2
        let start = capacity * (3 * hidden + scratchPerRow + retainedOffset[layer] + retainedPerRow[layer]) + row * count
        let values = storage[start..<start + count]
        return ExpertRouting(experts: values.prefix(k).map { Int($0) }, weights: Array(values.dropFirst(k).prefix(k)),
                             sharedGate: values.last!)
    }

    private func gates(layer: Int, part: Int) -> ArraySlice<Float>? {
        guard kinds[layer] == .gatedDeltaNet else { return nil }
        let count = rows * retainedPerRow[layer] / 2
        let start = capacity * (3 * hidden + scratchPerRow + retainedOffset[layer]) + part * count
        return storage[start..<start + count]
    }
}
