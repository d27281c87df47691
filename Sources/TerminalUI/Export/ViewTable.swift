import Foundation
import GatedDeltaNet

/// The numbers behind the view as one tidy CSV table, one value per line, ready for pandas or R:
///
///     quantity,layer,head,t,row,column,value
///
/// `t` is 1-based as on screen. Quantities: `token` (value = the token id; model sessions only) and
/// `token_piece` (value = its text, quoted), `S` (the state after step t),
/// `delta_update`, `delta_erase`, `new_write`, `gate_erase` (the parts of step t), `alpha` and `beta`
/// (every head, every step), `next_token` (column = the token id, value = its probability after step t)
/// and `next_token_piece` (column = the id, value = its text, quoted).
/// With the teaching views on: `S_<rule>` and `o_<rule>` (row 0) and `drift_S_<rule>`, `drift_o_<rule>`
/// for the four rules replayed to t; `gate_erase_norm`, `delta_erase_norm`, `new_write_norm`, `S_norm`
/// (Frobenius norms: the selected head at every step, the other heads at t); `recall_cos` and
/// `recall_ratio` (column = token j, 1-based). Every export has `layer_kind` (value: "gated_deltanet" or
/// "attention", quoted); on an attention layer `attention` (column = key j, 1-based; value = the
/// selected head's softmax weight at t) and `attention_output_norm` (|o_h|); on a mixture-of-experts
/// layer `expert` (column = the expert id; value = its routing weight at t, heaviest first) and
/// `shared_expert_gate` (sigmoid of the shared expert's gate).
/// Floats are written with 9 significant digits, enough to read back the exact Float.
public struct ViewTable: Sendable {
    public var snapshot: ScreenSnapshot

    public init(snapshot: ScreenSnapshot) { self.snapshot = snapshot }

    public static let header = "quantity,layer,head,t,row,column,value"

    public func csv() -> String {
        let s = snapshot
        let t = s.tokenCount == 0 ? 0 : s.cursor + 1
        var lines = [Self.header]
        func add(_ quantity: String, head: Int? = nil, t: Int? = nil, row: Int? = nil, column: Int? = nil,
                 value: String) {
            func field(_ n: Int?) -> String { n.map { String($0) } ?? "" }
            let fields: [String] = [quantity, String(s.layer), field(head), field(t), field(row), field(column), value]
            lines.append(fields.joined(separator: ","))
        }
        // Tokens of a model session: the id and the piece shown; a lesson's or trace's steps are named,
        // not tokens (their names are in the JSON's token_text), so they have no token rows.
        for (index, token) in s.tokens.enumerated() {
            guard let id = token.id else { continue }
            add("token", t: index + 1, value: String(id))
            add("token_piece", t: index + 1, value: Self.quoted(token.piece))
        }
        add("layer_kind", value: Self.quoted(s.layerSummary.kindName))
        if let attention = s.attention {
            for (i, weight) in attention.weights.enumerated() {
                add("attention", head: attention.head, t: t, column: attention.firstKey + i + 1, value: Self.number(weight))
            }
            add("attention_output_norm", head: attention.head, t: t, value: Self.number(attention.outputNorm))
        }
        if let experts = s.experts {
            for (id, weight) in zip(experts.experts, experts.weights) {
                add("expert", t: t, column: id, value: Self.number(weight))
            }
            add("shared_expert_gate", t: t, value: Self.number(experts.sharedGate))
        }
        var matrices: [(String, Matrix)] = []
        if let state = s.state { matrices.append(("S", state)) }
        if let update = s.update {
            matrices += update.namedParts.map { ($0.name.replacingOccurrences(of: " ", with: "_"), $0.matrix) }
        }
        for (name, matrix) in matrices {
            for r in 0..<matrix.rows {
                for c in 0..<matrix.columns {
                    add(name, head: s.head, t: t, row: r, column: c, value: Self.number(matrix[r, c]))
                }
            }
        }
        for (name, history) in [("alpha", s.alphaHistory), ("beta", s.betaHistory)] {
            for (head, values) in history.enumerated() {
                for (step, value) in values.enumerated() {
                    add(name, head: head, t: step + 1, value: Self.number(value))
                }
            }
        }
        if let rules = s.rules {
            for panel in rules.panels {
                let name = panel.rule.rawValue
                for r in 0..<panel.state.rows {
                    for c in 0..<panel.state.columns {
                        add("S_" + name, head: s.head, t: t, row: r, column: c, value: Self.number(panel.state[r, c]))
                    }
                }
                for (c, value) in panel.output.enumerated() {
                    add("o_" + name, head: s.head, t: t, row: 0, column: c, value: Self.number(value))
                }
                add("drift_S_" + name, head: s.head, t: t, value: Self.number(panel.stateDrift))
                add("drift_o_" + name, head: s.head, t: t, value: Self.number(panel.outputDrift))
            }
        }
        if let erasure = s.erasure {
            func addNorms(_ norms: ErasureAccounting.Norms, head: Int, t: Int) {
                add("gate_erase_norm", head: head, t: t, value: Self.number(norms.gateErase))
                add("delta_erase_norm", head: head, t: t, value: Self.number(norms.deltaErase))
                add("new_write_norm", head: head, t: t, value: Self.number(norms.newWrite))
                add("S_norm", head: head, t: t, value: Self.number(norms.state))
            }
            for (step, norms) in erasure.history.enumerated() {
                addNorms(norms, head: s.head, t: erasure.firstStep + step + 1)
            }
            for (head, norms) in erasure.heads.enumerated() where head != s.head { addNorms(norms, head: head, t: t) }
        }
        if let recall = s.recall {
            for (i, r) in recall.recall.enumerated() {
                let j = recall.firstStep + i + 1
                add("recall_cos", head: s.head, t: t, column: j, value: Self.number(r.cosine))
                add("recall_ratio", head: s.head, t: t, column: j, value: Self.number(r.ratio))
            }
        }
        for candidate in s.nextTokens {
            add("next_token", t: t, column: candidate.id, value: Self.number(candidate.probability))
            add("next_token_piece", t: t, column: candidate.id, value: Self.quoted(candidate.piece))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A text field as CSV quotes it (RFC 4180: in double quotes, a quote doubled).
    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func number(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.9g", Double(value))
    }
}
