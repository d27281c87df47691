import Foundation
import GatedDeltaNet

/// `:export FILE` and `gdn-tui export`: the current view as a picture (`.svg`, see `ViewPicture`), as
/// text (`.txt`, the screen as characters) or as the numbers behind it (`.json`: the tokens, the memory
/// state, the update parts, alpha and beta over time, next tokens, the layer's kind and on an attention
/// layer its weights; `.csv`: the same as a tidy table,
/// see `ViewTable`). The format is the file's extension.
public enum ViewExport {
    public enum Format: String, CaseIterable, Sendable { case svg, txt, json, csv }

    public static func format(of path: String) throws(CommandError) -> Format {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = Format(rawValue: ext) else {
            let known = Format.allCases.map { "." + $0.rawValue }.joined(separator: ", ")
            throw CommandError("export: unknown format \(ext.isEmpty ? "(no extension)" : "." + ext); use \(known)")
        }
        return format
    }

    /// Writes the view to `path` and returns the full path written.
    public static func write(snapshot: ScreenSnapshot, screen: CellBuffer, scaleMode: ScaleMode = .auto,
                             to path: String) throws -> String {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        // An export is of the whole sequence; a frame's snapshot holds a window (`Explorer.snapshot(window:)`).
        guard snapshot.firstToken == 0, snapshot.tokens.count == snapshot.tokenCount, snapshot.historyStart == 0 else {
            throw CommandError("export: the snapshot holds steps \(snapshot.tokenRange) of \(snapshot.tokenCount); export needs all of them")
        }
        let data: Data
        switch try format(of: url.path) {
        case .svg: data = Data(ViewPicture(snapshot: snapshot, scaleMode: scaleMode).svg().utf8)
        case .txt: data = Data((screen.text + "\n").utf8)
        case .json: data = try json(snapshot)
        case .csv: data = Data(ViewTable(snapshot: snapshot).csv().utf8)
        }
        do { try data.write(to: url) } catch {
            throw CommandError("export: cannot write \(url.path): \(error.localizedDescription)")
        }
        return url.path
    }

    static func json(_ s: ScreenSnapshot) throws -> Data {
        // JSON has no NaN or Inf: those values are written as null.
        func number(_ x: Float) -> Any { x.isFinite ? Double(x) : NSNull() }
        func numbers(_ xs: [Float]) -> [Any] { xs.map(number) }
        func matrix(_ m: Matrix?) -> Any {
            guard let m else { return NSNull() }
            return ["rows": m.rows, "columns": m.columns, "values": numbers(m.values)]
        }
        var object: [String: Any] = [
            "model": s.modelName, "rule": s.ruleName, "layer": s.layer, "head": s.head,
            "t": s.tokenCount == 0 ? 0 : s.cursor + 1, "T": s.tokenCount, "view": s.view.rawValue,
            // Token ids (null for a lesson's named steps) and the text shown for each.
            "tokens": s.tokens.map { $0.id.map { $0 as Any } ?? NSNull() },
            "token_text": s.tokens.map(\.piece),
            "generated": s.tokens.map { $0.origin == .generated },
            "state": matrix(s.state),
            "delta_update": matrix(s.update?.deltaUpdate), "delta_erase": matrix(s.update?.deltaErase),
            "new_write": matrix(s.update?.newWrite), "gate_erase": matrix(s.update?.gateErase),
            "alpha": s.alphaHistory.map(numbers), "beta": s.betaHistory.map(numbers),
            "next_tokens": s.nextTokens.map { ["id": $0.id, "piece": $0.piece, "probability": number($0.probability)] },
        ]
        object["layer_kind"] = s.layerSummary.kindName
        object["layer_kinds"] = (0..<s.layerCount).map { s.layers.summary(of: $0).kindName }
        if let a = s.attention {
            object["attention"] = [
                "head": a.head, "t": a.position + 1, "window": a.window.map { $0 as Any } ?? NSNull(),
                "window_start_j": a.windowStart + 1, "first_j": a.firstKey + 1, "weights": numbers(a.weights),
                "output_norm": number(a.outputNorm),
                "ranked": a.ranked.map { ["j": $0.position + 1, "piece": $0.piece, "weight": number($0.weight)] },
            ] as [String: Any]
        }
        if let e = s.experts {
            object["experts"] = ["t": s.cursor + 1, "ids": e.experts, "weights": numbers(e.weights),
                                 "shared_gate": number(e.sharedGate)] as [String: Any]
        }
        if let title = s.title { object["title"] = title }
        if let narration = s.narration { object["narration"] = narration }
        if let rules = s.rules {
            object["rules"] = rules.panels.map { panel -> [String: Any] in
                ["rule": panel.rule.rawValue, "state": matrix(panel.state), "output": numbers(panel.output),
                 "state_drift": number(panel.stateDrift), "output_drift": number(panel.outputDrift),
                 "override": panel.overrideLabel, "own": panel.isOwnRule]
            }
        }
        if let erasure = s.erasure {
            func norms(_ n: ErasureAccounting.Norms) -> [String: Any] {
                ["gate_erase": number(n.gateErase), "delta_erase": number(n.deltaErase),
                 "new_write": number(n.newWrite), "state": number(n.state)]
            }
            object["erasure"] = ["history": erasure.history.map(norms), "heads_at_t": erasure.heads.map(norms),
                                 "most_erasing_t": erasure.mostErasing.map { $0 + 1 },
                                 "first_t": erasure.firstStep + 1]
        }
        if let recall = s.recall {
            object["recall"] = ["cosine": numbers(recall.recall.map(\.cosine)),
                                "ratio": numbers(recall.recall.map(\.ratio)),
                                "probe_j": recall.probe + 1, "details": recall.details,
                                "first_j": recall.firstStep + 1]
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
