/// Where each pane goes for a terminal size. Sizes:
/// - below 60x16 (`minimumSize`): no panes, only a message asking for a bigger terminal;
/// - compact (under 100 wide or 30 high, e.g. 80x24): tokens, memory, update, next token (no gates);
/// - comfortable (e.g. 100x30): adds the gates under the update, next token beside them;
/// - roomy (from 160x45, e.g. 200x60): memory and update side by side, gates and next token below.
/// The last two rows are always the status line and the command line.
/// Teaching views: `rules` puts the rule comparison where memory and update were; `erasure` puts
/// the accounting where the update was; the recall strip (or an attention layer's weights) adds two
/// rows to the token pane.
public struct Layout: Hashable, Sendable {
    public static let minimumSize = TerminalSize(width: 60, height: 16)

    public let size: TerminalSize
    public private(set) var panes: [Pane: Rect] = [:]
    public let statusLine: Rect
    public let commandLine: Rect

    public var isTooSmall: Bool {
        size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
    }

    /// Panes shown at this size, in Tab order.
    public var visiblePanes: [Pane] { Pane.allCases.filter { panes[$0] != nil } }

    public subscript(pane: Pane) -> Rect? { panes[pane] }

    /// The layout a snapshot asks for: its view, and the strip's two extra rows when it has a recall
    /// strip or an attention layer's weights to show there.
    public init(size: TerminalSize, for snapshot: ScreenSnapshot) {
        self.init(size: size, view: snapshot.view, showsRecall: snapshot.recall != nil || snapshot.attention != nil)
    }

    public init(size: TerminalSize, view: TeachingView = .memory, showsRecall: Bool = false) {
        self.size = size
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let (rest, bottom) = screen.splitBottom(2)
        statusLine = Rect(x: 0, y: bottom.y, width: size.width, height: 1)
        commandLine = Rect(x: 0, y: bottom.y + 1, width: size.width, height: 1)
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else { return }

        let (tokens, main) = rest.splitTop(showsRecall ? 5 : 3)
        panes[.tokens] = tokens
        defer { arrange(view) }
        if size.width >= 160 && size.height >= 45 {
            let (upper, lower) = main.splitTop(main.height * 2 / 3)
            let (state, update) = upper.splitLeft(upper.width / 2)
            let (gates, next) = lower.splitRight(min(40, lower.width / 3))
            panes[.state] = state
            panes[.update] = update
            panes[.gates] = gates
            panes[.nextTokens] = next
        } else if size.width >= 100 && size.height >= 30 {
            let (state, right) = main.splitLeft(main.width * 9 / 20)
            let (update, lower) = right.splitTop(right.height * 11 / 20)
            let (gates, next) = lower.splitRight(min(26, lower.width * 2 / 5))
            panes[.state] = state
            panes[.update] = update
            panes[.gates] = gates
            panes[.nextTokens] = next
        } else {
            let (state, right) = main.splitLeft(main.width * 11 / 20)
            let (update, next) = right.splitTop(right.height * 3 / 5)
            panes[.state] = state
            panes[.update] = update
            panes[.nextTokens] = next
        }
    }

    /// Puts the teaching view's pane in place of the panes it replaces.
    private mutating func arrange(_ view: TeachingView) {
        switch view {
        case .memory:
            break
        case .rules:
            guard let state = panes[.state], let update = panes[.update] else { return }
            panes[.state] = nil
            panes[.update] = nil
            // The band across memory and update down to the update's bottom; below it the leftmost
            // pane widens to the left edge, taking what memory left.
            panes[.rules] = Rect(x: state.x, y: state.y, width: update.maxX - state.x, height: update.maxY - state.y)
            let below = [Pane.gates, .nextTokens].compactMap { pane in panes[pane].map { (pane, $0) } }
            if let (pane, rect) = below.min(by: { $0.1.x < $1.1.x }) {
                panes[pane] = Rect(x: state.x, y: update.maxY, width: rect.maxX - state.x, height: rect.maxY - update.maxY)
            }
        case .erasure:
            panes[.erasure] = panes[.update]
            panes[.update] = nil
        }
    }
}
