@testable import TerminalUI

/// A deterministic snapshot: a K x V state with a known pattern, an update, gates for 4 heads.
func sampleSnapshot(k: Int = 16, v: Int = 24, tokens: Int = 40) -> ScreenSnapshot {
    func matrix(_ rows: Int, _ columns: Int, _ f: (Int, Int) -> Float) -> Matrix {
        Matrix(rows: rows, columns: columns,
               values: (0..<rows * columns).map { f($0 / columns, $0 % columns) })
    }
    let state = matrix(k, v) { r, c in Float(r - c) / Float(max(k, v)) }
    let erase = matrix(k, v) { r, c in -0.1 * Float((r + c) % 3) }
    let write = matrix(k, v) { r, c in 0.2 * Float((r * c) % 2) }
    let sum = Matrix(rows: k, columns: v, values: zip(erase.values, write.values).map(+))
    let gate = matrix(k, v) { r, c in 0.01 * Float(r - c) }
    let bytes = Array("The cat sat.\nIt".utf8) + [0x1b, 0x07, 0xe2]
    let seq = (0..<tokens).map { i in
        Token(byte: bytes[i % bytes.count], origin: i < tokens / 2 ? .user : .generated)
    }
    return ScreenSnapshot(
        modelName: "tiny-gdn", ruleName: "gated delta", layer: 1, layerCount: 2, head: 2, headCount: 4,
        tokens: seq, cursor: tokens - 5, state: state,
        update: StepUpdate(deltaUpdate: sum, deltaErase: erase, newWrite: write, gateErase: gate),
        alphaHistory: (0..<4).map { h in (0..<tokens).map { Float(0.5 + 0.1 * Double(h)) + Float($0 % 3) * 0.01 } },
        betaHistory: (0..<4).map { _ in (0..<tokens).map { Float($0 % 10) / 10 } },
        nextTokens: [TokenCandidate(id: 0x20, piece: " ", probability: 0.5),
                     TokenCandidate(id: 0x0a, piece: "\\n", probability: 0.25)],
        playState: .paused, speed: 4, busy: nil, message: nil)
}

let testSizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40),
                 TerminalSize(width: 200, height: 60)]
let testModes: [ColorMode] = [.xterm256, .monochrome]

extension CellBuffer {
    /// Cells outside `rect` that are not blank.
    func marks(outside rect: Rect) -> Int {
        var count = 0
        for y in 0..<height {
            for x in 0..<width where !rect.contains(x: x, y: y) && self[x, y] != .blank { count += 1 }
        }
        return count
    }
}

/// Draws one pane alone into an empty buffer of `size`.
func renderPane(_ pane: Pane, snapshot: ScreenSnapshot, ui: UIState, size: TerminalSize) -> (CellBuffer, Rect)? {
    guard let rect = Layout(size: size, for: snapshot)[pane] else { return nil }
    var buffer = CellBuffer(size: size)
    let o = ui.display
    switch pane {
    case .tokens:
        TokenStripView(tokens: snapshot.tokens, cursor: snapshot.cursor, options: o).draw(into: &buffer, in: rect)
    case .state:
        Screen.heatmapView(snapshot: snapshot, ui: ui).draw(into: &buffer, in: rect)
    case .update:
        UpdateView(update: snapshot.update, options: o).draw(into: &buffer, in: rect)
    case .gates:
        GatesView(alphaHistory: snapshot.alphaHistory, betaHistory: snapshot.betaHistory,
                  cursor: snapshot.cursor, selectedHead: snapshot.head, options: o).draw(into: &buffer, in: rect)
    case .nextTokens:
        NextTokenView(candidates: snapshot.nextTokens, options: o).draw(into: &buffer, in: rect)
    case .rules:
        RuleComparisonView(frame: snapshot.rules, layer: snapshot.layer, head: snapshot.head, options: o)
            .draw(into: &buffer, in: rect)
    case .erasure:
        ErasureView(frame: snapshot.erasure, cursor: snapshot.cursor, selectedHead: snapshot.head, options: o)
            .draw(into: &buffer, in: rect)
    }
    return (buffer, rect)
}
