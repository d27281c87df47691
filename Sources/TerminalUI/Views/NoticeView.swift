/// A pane that has nothing to draw on the selected layer and says why, e.g. the update pane on an
/// attention layer: "attention layer: no memory, so no update (GDN layers only); ] next GDN layer L2".
public struct NoticeView: Hashable, Sendable {
    public var title: String
    public var text: String
    public var focused: Bool
    public var options: DisplayOptions

    public init(title: String, text: String, focused: Bool = false, options: DisplayOptions) {
        self.title = title
        self.text = text
        self.focused = focused
        self.options = options
    }

    /// What `pane` says on an attention layer, ending with the key to the nearest GDN layer (`hint`).
    public static func onAttentionLayer(_ pane: Pane, hint: String) -> String {
        let what = switch pane {
        case .update: "no memory, so no update"
        case .gates: "no gates α β"
        case .rules: "the four rules replay a memory"
        case .erasure: "erasure accounts for a memory"
        case .state, .tokens, .nextTokens: "no memory"
        }
        return "attention layer: \(what) (GDN layers only); \(hint)"
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw(title, in: rect, focused: focused, options: options, into: &buffer)
        for (i, line) in NarrationView.wrap(text, width: inner.width).prefix(max(inner.height, 0)).enumerated() {
            buffer.write(line, x: inner.x, y: inner.y + i, style: options.muted, clip: inner)
        }
    }
}
