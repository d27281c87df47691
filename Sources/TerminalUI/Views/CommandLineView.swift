/// The REPL row at the very bottom: the line being edited with its cursor, or else the message of
/// the last command, or a hint.
public struct CommandLineView: Hashable, Sendable {
    public var editor: CommandLineEditor
    public var isEditing: Bool
    public var message: ScreenSnapshot.Message?
    public var options: DisplayOptions
    /// Shown while there is neither a line nor a message (`KeyMap.commandLineHint`).
    public var hint: String

    public init(
        editor: CommandLineEditor, isEditing: Bool, message: ScreenSnapshot.Message?,
        options: DisplayOptions, hint: String = KeyMap.standard.commandLineHint
    ) {
        self.editor = editor
        self.isEditing = isEditing
        self.message = message
        self.options = options
        self.hint = hint
    }

    public static let prompt = "> "

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        buffer.fill(rect)
        guard isEditing else {
            if let message {
                let style = message.kind == .error ? options.error : CellStyle.plain
                buffer.write(message.text, x: rect.x, y: rect.y, style: style, clip: rect)
            } else {
                buffer.write(hint, x: rect.x, y: rect.y,
                             style: options.muted, clip: rect)
            }
            return
        }
        // Scroll the line so the cursor stays inside the row.
        let room = max(1, rect.width - Self.prompt.count - 1)
        let offset = max(0, editor.cursor - room)
        var x = buffer.write(Self.prompt, x: rect.x, y: rect.y, style: .bold, clip: rect)
        let visible = editor.characters.dropFirst(offset).prefix(room + 1)
        // Written, not put: a wide character takes two cells, a control character its escape.
        for (i, character) in visible.enumerated() {
            let style: CellStyle = offset + i == editor.cursor ? .reverse : .plain
            x = buffer.write(String(character), x: x, y: rect.y, style: style, clip: rect)
        }
        if editor.cursor == editor.characters.count {
            buffer.put(Cell(" ", style: .reverse), x: x, y: rect.y, clip: rect)
            x += 1
        }
        if !editor.candidates.isEmpty {
            buffer.write("  " + editor.candidates.joined(separator: " "), x: x, y: rect.y,
                         style: options.muted, clip: rect)
        }
    }
}
