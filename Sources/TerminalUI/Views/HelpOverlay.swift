import Foundation

/// Help in a box over the screen, generated from the live `KeyMap` and `CommandSpec.all`, so it
/// cannot drift from what the keys and commands do.
public struct HelpOverlay: Hashable, Sendable {
    public var keyMap: KeyMap
    public var options: DisplayOptions

    public init(keyMap: KeyMap, options: DisplayOptions) {
        self.keyMap = keyMap
        self.options = options
    }

    public var keyLines: [String] {
        let entries = keyMap.helpEntries.map { entry in
            (entry.keys.map(asciiSafe).joined(separator: " "), entry.description)
        }
        let width = entries.map(\.0.count).max() ?? 0
        return entries.map { $0.0.padding(width) + "  " + $0.1 }
    }

    /// Lines that span the whole box, under both columns.
    public var footerLines: [String] {
        ["mouse: " + keyMap.mouseDescription, KeyMap.sharedKeyNote, Self.hybridNote, "Ctrl-C quits at any time"]
    }

    /// What the layer keys and the recall strip do on a hybrid model.
    public static let hybridNote = "hybrids: layers are GDN or attn; recall underlines tokens past the attention window"

    private func asciiSafe(_ name: String) -> String {
        guard options.asciiOnly else { return name }
        return name.replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
            .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    }

    public var commandLines: [String] {
        let width = CommandSpec.all.map(\.usage.count).max() ?? 0
        return CommandSpec.all.map { $0.usage.padding(width) + "  " + $0.summary }
            + ["text without ':' is fed to the model"]
    }

    public func draw(into buffer: inout CellBuffer, in screen: Rect) {
        let keys = keyLines, commands = commandLines
        let keyWidth = keys.map(\.count).max() ?? 0
        let commandWidth = commands.map(\.count).max() ?? 0
        // Side by side when both columns fit, else keys above commands.
        let sideBySide = keyWidth + commandWidth + 7 <= screen.width
        var lines: [String]
        if sideBySide {
            lines = (0..<max(keys.count, commands.count)).map { i in
                (keys[safe: i] ?? "").padding(keyWidth) + "   " + (commands[safe: i] ?? "")
            }
        } else {
            lines = keys + [""] + commands
        }
        lines += [""] + footerLines
        let width = min(screen.width, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.height, lines.count + 2)
        let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2,
                       width: width, height: height)
        let inner = Panel.draw("help: ? or Esc closes", in: box, focused: true, options: options,
                               into: &buffer)
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        for (i, line) in lines.prefix(body.height).enumerated() {
            buffer.write(line, x: body.x, y: body.y + i, clip: body)
        }
        if lines.count > body.height {
            buffer.write("(enlarge the terminal for more)", x: body.x, y: body.maxY - 1,
                         style: options.muted, clip: body)
        }
    }
}
