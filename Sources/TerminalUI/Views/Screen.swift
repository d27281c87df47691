/// The pure function from state to cells, and the inverse for mouse clicks.
public enum Screen {
    public static func render(snapshot: ScreenSnapshot, ui: UIState, size: TerminalSize) -> CellBuffer {
        var buffer = CellBuffer(size: size)
        let layout = Layout(size: size, for: snapshot)
        let options = ui.display
        if layout.isTooSmall {
            drawSizeMessage(size: size, hint: ui.keyMap.tooSmallHint, into: &buffer)
            return buffer
        }
        let onAttention = snapshot.layerSummary.isAttention
        let gdnHint = ui.keyMap.gatedDeltaNetHint(layers: snapshot.layers, from: snapshot.layer)
        // On a mixture-of-experts layer the update pane says where the token went.
        let updateTitle = snapshot.experts.map { "update at t · \($0.summary)" } ?? "update at t"
        for pane in layout.visiblePanes {
            guard let rect = layout[pane] else { continue }
            let focused = ui.focus == pane
            switch pane {
            case .tokens:
                TokenStripView(tokens: snapshot.tokens, firstIndex: snapshot.firstToken, count: snapshot.tokenCount,
                               cursor: snapshot.cursor, focused: focused,
                               options: options, marks: Set(snapshot.erasure?.mostErasing ?? []),
                               recall: snapshot.recall, attention: snapshot.attention, windowEdge: snapshot.windowEdge,
                               attentionNote: onAttention && snapshot.showsRecall ? "recall: GDN layers only, \(gdnHint)" : nil,
                               emptyHint: ui.keyMap.emptyTokensHint)
                    .draw(into: &buffer, in: rect)
            case .state where onAttention:
                AttentionView(frame: snapshot.attention, layer: snapshot.layer, summary: snapshot.layerSummary,
                              focused: focused, options: options).draw(into: &buffer, in: rect)
            case .update where onAttention, .gates where onAttention, .rules where onAttention,
                 .erasure where onAttention:
                NoticeView(title: pane == .update ? updateTitle : pane.title, text: NoticeView.onAttentionLayer(pane, hint: gdnHint), focused: focused,
                           options: options).draw(into: &buffer, in: rect)
            case .state:
                heatmapView(snapshot: snapshot, ui: ui).draw(into: &buffer, in: rect)
            case .update:
                UpdateView(update: snapshot.update, focused: focused, options: options, title: updateTitle)
                    .draw(into: &buffer, in: rect)
            case .gates:
                GatesView(alphaHistory: snapshot.alphaHistory, betaHistory: snapshot.betaHistory,
                          historyStart: snapshot.historyStart, stepCount: snapshot.tokenCount, cursor: snapshot.cursor, selectedHead: snapshot.head, focused: focused,
                          options: options).draw(into: &buffer, in: rect)
            case .nextTokens where snapshot.hasModel:
                NextTokenView(candidates: snapshot.nextTokens, focused: focused, options: options)
                    .draw(into: &buffer, in: rect)
            case .nextTokens:
                NarrationView(title: snapshot.title, narration: snapshot.narration, focused: focused,
                              options: options).draw(into: &buffer, in: rect)
            case .rules:
                RuleComparisonView(frame: snapshot.rules, layer: snapshot.layer, head: snapshot.head,
                                   focused: focused, options: options,
                                   keyHint: ui.keyMap.rulesHint(asciiOnly: options.asciiOnly))
                    .draw(into: &buffer, in: rect)
            case .erasure:
                ErasureView(frame: snapshot.erasure, cursor: snapshot.cursor, selectedHead: snapshot.head,
                            focused: focused, options: options).draw(into: &buffer, in: rect)
            }
        }
        StatusLine(snapshot: snapshot, options: options, scaleMode: ui.scaleMode, hint: ui.keyMap.statusHint)
            .draw(into: &buffer, in: layout.statusLine)
        CommandLineView(editor: ui.commandLine, isEditing: ui.isEditingCommand,
                        message: snapshot.message, options: options, hint: ui.keyMap.commandLineHint)
            .draw(into: &buffer, in: layout.commandLine)
        if ui.showsHelp {
            HelpOverlay(keyMap: ui.keyMap, options: options).draw(into: &buffer, in: buffer.bounds)
        }
        return buffer
    }

    /// The memory pane's view for this state (shared by rendering and hit-testing).
    public static func heatmapView(snapshot: ScreenSnapshot, ui: UIState) -> HeatmapView {
        HeatmapView(
            title: "memory S  L\(snapshot.layer) h\(snapshot.head)", matrix: snapshot.state,
            symbol: "S", scaleMode: ui.scaleMode, cursor: ui.cellCursor,
            showsReadout: ui.showsReadout, focused: ui.focus == .state, options: ui.display)
    }

    /// What a click at (x, y) means: selecting a memory cell, or focusing the pane under it.
    public static func action(forClickAt x: Int, y: Int, snapshot: ScreenSnapshot, ui: UIState,
                              size: TerminalSize) -> UIAction? {
        let layout = Layout(size: size, for: snapshot)
        guard !layout.isTooSmall, !ui.showsHelp else { return nil }
        if let rect = layout[.state],
           let geometry = heatmapView(snapshot: snapshot, ui: ui).geometry(in: rect),
           let entry = geometry.matrixPosition(x: x, y: y)
        {
            return .selectCell(row: entry.row, column: entry.column)
        }
        return nil
    }

    static func drawSizeMessage(size: TerminalSize, hint: String, into buffer: inout CellBuffer) {
        let lines = [
            "gdn-tui needs at least \(Layout.minimumSize.width)x\(Layout.minimumSize.height)",
            "this terminal is \(size.width)x\(size.height)",
            hint,
        ]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (size.width - line.count) / 2)
            buffer.write(line, x: x, y: top + i, style: i == 0 ? .bold : .plain)
        }
    }
}
