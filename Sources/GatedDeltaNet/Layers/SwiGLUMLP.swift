/// fla's GatedMLP: down( silu(gate x) * up x ).
public struct SwiGLUMLP: Sendable {
    public let gate: Linear
    public let up: Linear
    public let down: Linear

    init(_ store: WeightStore, prefix: String, hidden: Int, intermediate: Int) throws(ModelError) {
        gate = try Linear(store, "\(prefix).gate_proj.weight", in: hidden, out: intermediate)
        up = try Linear(store, "\(prefix).up_proj.weight", in: hidden, out: intermediate)
        down = try Linear(store, "\(prefix).down_proj.weight", in: intermediate, out: hidden)
    }

    public func callAsFunction(_ x: [Float], rows: Int) -> [Float] {
        var h = gate(x, rows: rows)
        let u = up(x, rows: rows)
        for i in h.indices { h[i] = silu(h[i]) * u[i] }
        return down(h, rows: rows)
    }

    /// One row on caller-owned memory: `gateScratch` and `upScratch` hold the intermediate width.
    func apply(_ x: UnsafePointer<Float>, gateScratch h: UnsafeMutablePointer<Float>, upScratch u: UnsafeMutablePointer<Float>,
               into y: UnsafeMutablePointer<Float>) {
        gate.apply(x, rows: 1, into: h)
        up.apply(x, rows: 1, into: u)
        for i in 0..<gate.outFeatures { h[i] = silu(h[i]) * u[i] }
        down.apply(h, rows: 1, into: y)
    }
}
