import Foundation

/// `:export FILE` and `gdn-tui export`: the current view as a picture (`.svg`, see `ViewPicture`), as
/// text (`.txt`, the screen as characters) or as the numbers behind it (`.json`: the tokens, the memory
/// state, the update parts, alpha and beta over time, next tokens; `.csv`: the same as a tidy table,
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
        func matrix(_ m: Matrix?) -> Any {
            guard let m else { return NSNull() }
            return ["rows": m.rows, "columns": m.columns, "values": m.values.map(Double.init)]
        }
        let object: [String: Any] = [
            "model": s.modelName, "rule": s.ruleName, "layer": s.layer, "head": s.head,
            "t": s.tokens.isEmpty ? 0 : s.cursor + 1, "T": s.tokens.count,
            "tokens": s.tokens.map { Int($0.byte) },
            "generated": s.tokens.map { $0.origin == .generated },
            "state": matrix(s.state),
            "delta_update": matrix(s.update?.deltaUpdate), "delta_erase": matrix(s.update?.deltaErase),
            "new_write": matrix(s.update?.newWrite), "gate_erase": matrix(s.update?.gateErase),
            "alpha": s.alphaHistory.map { $0.map(Double.init) }, "beta": s.betaHistory.map { $0.map(Double.init) },
            "next_tokens": s.nextTokens.map { ["byte": Int($0.byte), "probability": Double($0.probability)] },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
