/// fla's GatedMLP: down( silu(gate x) * up x ).
public struct SwiGLUMLP: Sendable {
    public let gate: Linear
    public let up: Linear
    public let down: Linear

    /// The projections `parameter` names: a dense MLP's, an expert's or the shared expert's.
    init(_ weights: ParameterLoader, _ parameter: (MLPParameter) -> ModelParameter, hidden: Int, intermediate: Int) throws(ModelError) {
        gate = try Linear(weights, parameter(.gate), in: hidden, out: intermediate)
        up = try Linear(weights, parameter(.up), in: hidden, out: intermediate)
        down = try Linear(weights, parameter(.down), in: intermediate, out: hidden)
    }

    /// Floats of scratch per row: the gate and up projections.
    var scratchPerRow: Int { 2 * gate.outFeatures }

    /// x [rows, hidden] -> y [rows, hidden] on caller-owned memory (`scratch` holds `scratchPerRow` a row).
    func apply(_ x: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let (h, u) = (scratch, scratch + rows * gate.outFeatures)
        gate.apply(x, rows: rows, into: h)
        up.apply(x, rows: rows, into: u)
        for i in 0..<rows * gate.outFeatures { h[i] = silu(h[i]) * u[i] }
        down.apply(h, rows: rows, into: y)
    }
}
