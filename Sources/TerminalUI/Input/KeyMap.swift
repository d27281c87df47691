/// When a binding applies. Arrow keys are shared: while the memory heatmap has focus they move its
/// cell cursor; in every other pane ←/→ step through time and ↑/↓ pick the head. `h`/`l` always
/// step, so time stays one key away while inspecting cells.
public enum KeyContext: Hashable, Sendable {
    case always
    case heatmapFocused
    case otherFocused

    func applies(focus: Pane) -> Bool {
        switch self {
        case .always: true
        case .heatmapFocused: focus == .state
        case .otherFocused: focus != .state
        }
    }

    var note: String {
        switch self {
        case .always: ""
        case .heatmapFocused: " (heatmap focus)"
        case .otherFocused: ""
        }
    }
}

public struct KeyBinding: Hashable, Sendable {
    public var key: Key
    public var action: Action
    public var description: String
    public var context: KeyContext

    public init(_ key: Key, _ action: Action, _ description: String, _ context: KeyContext = .always) {
        self.key = key
        self.action = action
        self.description = description
        self.context = context
    }
}

/// Keys of the normal (not command line) mode. Help is generated from `bindings`, so what help
/// says is what the keys do.
public struct KeyMap: Hashable, Sendable {
    public var bindings: [KeyBinding]
    /// What a primary-button click does, for help.
    public var mouseDescription: String

    public init(bindings: [KeyBinding], mouseDescription: String) {
        self.bindings = bindings
        self.mouseDescription = mouseDescription
    }

    public static let standard = KeyMap(
        bindings: [
            KeyBinding(.right, .explorer(.stepForward), "step forward", .otherFocused),
            KeyBinding(.character("l"), .explorer(.stepForward), "step forward"),
            KeyBinding(.left, .explorer(.stepBackward), "step back", .otherFocused),
            KeyBinding(.character("h"), .explorer(.stepBackward), "step back"),
            KeyBinding(.character(" "), .explorer(.togglePlay), "play / pause"),
            KeyBinding(.character("+"), .explorer(.faster), "faster"),
            KeyBinding(.character("="), .explorer(.faster), "faster"),
            KeyBinding(.character("-"), .explorer(.slower), "slower"),
            KeyBinding(.character("["), .explorer(.previousLayer), "previous layer"),
            KeyBinding(.character("]"), .explorer(.nextLayer), "next layer"),
            KeyBinding(.character("{"), .explorer(.previousHead), "previous head"),
            KeyBinding(.character("k"), .explorer(.previousHead), "previous head"),
            KeyBinding(.up, .explorer(.previousHead), "previous head", .otherFocused),
            KeyBinding(.character("}"), .explorer(.nextHead), "next head"),
            KeyBinding(.character("j"), .explorer(.nextHead), "next head"),
            KeyBinding(.down, .explorer(.nextHead), "next head", .otherFocused),
            KeyBinding(.up, .ui(.moveCellCursor(rows: -1, columns: 0)), "move cell cursor", .heatmapFocused),
            KeyBinding(.down, .ui(.moveCellCursor(rows: 1, columns: 0)), "move cell cursor", .heatmapFocused),
            KeyBinding(.left, .ui(.moveCellCursor(rows: 0, columns: -1)), "move cell cursor", .heatmapFocused),
            KeyBinding(.right, .ui(.moveCellCursor(rows: 0, columns: 1)), "move cell cursor", .heatmapFocused),
            KeyBinding(.enter, .ui(.toggleReadout), "show / hide cell value"),
            KeyBinding(.tab, .ui(.focusNext), "next pane"),
            KeyBinding(.backTab, .ui(.focusPrevious), "previous pane"),
            KeyBinding(.character("s"), .ui(.toggleScaleLock), "lock / unlock heatmap scale"),
            KeyBinding(.character("c"), .ui(.cycleColorMode), "cycle colour mode"),
            KeyBinding(.character("?"), .ui(.toggleHelp), "help"),
            KeyBinding(.function(1), .ui(.toggleHelp), "help"),
            KeyBinding(.character(":"), .ui(.openCommandLine), "command line"),
            KeyBinding(.character("i"), .ui(.openTextInput), "type text for the model"),
            KeyBinding(.character("v"), .explorer(.cycleView), "view: memory, rules, erasure"),
            KeyBinding(.character("r"), .explorer(.toggleRecall), "recall strip"),
            KeyBinding(.character(","), .explorer(.moveProbe(-1)), "recall probe: token j -/+"),
            KeyBinding(.character("."), .explorer(.moveProbe(1)), "recall probe: token j -/+"),
            KeyBinding(.character("1"), .explorer(.selectRule(.linear)), "pick a rule (rules view)"),
            KeyBinding(.character("2"), .explorer(.selectRule(.gated)), "pick a rule (rules view)"),
            KeyBinding(.character("3"), .explorer(.selectRule(.delta)), "pick a rule (rules view)"),
            KeyBinding(.character("4"), .explorer(.selectRule(.gatedDelta)), "pick a rule (rules view)"),
            KeyBinding(.character("a"), .explorer(.toggleForceAlpha), "rule: force α = 1 / not"),
            KeyBinding(.character("b"), .explorer(.cycleForceBeta), "rule: β as is / 0 / 1"),
            KeyBinding(.character("q"), .quit, "quit"),
        ],
        mouseDescription: "click on the heatmap: select that cell")

    /// The action for `key` with `focus`; the first matching binding wins.
    public func action(for key: Key, focus: Pane) -> Action? {
        bindings.first { $0.key == key && $0.context.applies(focus: focus) }?.action
    }

    /// Bindings merged for display: one entry per description, with all its keys. A key bound
    /// only outside the heatmap is marked with `*` (see `sharedKeyNote`).
    public var helpEntries: [(keys: [String], description: String)] {
        var entries: [(keys: [String], description: String)] = []
        var index: [String: Int] = [:]
        for binding in bindings {
            let text = binding.description + binding.context.note
            let key = binding.context == .otherFocused ? "\(binding.key.displayName)*" : binding.key.displayName
            if let i = index[text] {
                entries[i].keys.append(key)
            } else {
                index[text] = entries.count
                entries.append(([key], text))
            }
        }
        return entries
    }

    public static let sharedKeyNote = "* arrows step time / pick the head, except in the heatmap"
}
