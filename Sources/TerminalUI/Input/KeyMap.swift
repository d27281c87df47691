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
            KeyBinding(.right, .stepForward, "step forward", .otherFocused),
            KeyBinding(.character("l"), .stepForward, "step forward"),
            KeyBinding(.left, .stepBackward, "step back", .otherFocused),
            KeyBinding(.character("h"), .stepBackward, "step back"),
            KeyBinding(.character(" "), .togglePlay, "play / pause"),
            KeyBinding(.character("+"), .faster, "faster"),
            KeyBinding(.character("="), .faster, "faster"),
            KeyBinding(.character("-"), .slower, "slower"),
            KeyBinding(.character("["), .previousLayer, "previous layer"),
            KeyBinding(.character("]"), .nextLayer, "next layer"),
            KeyBinding(.character("{"), .previousHead, "previous head"),
            KeyBinding(.character("k"), .previousHead, "previous head"),
            KeyBinding(.up, .previousHead, "previous head", .otherFocused),
            KeyBinding(.character("}"), .nextHead, "next head"),
            KeyBinding(.character("j"), .nextHead, "next head"),
            KeyBinding(.down, .nextHead, "next head", .otherFocused),
            KeyBinding(.up, .moveCellCursor(rows: -1, columns: 0), "move cell cursor", .heatmapFocused),
            KeyBinding(.down, .moveCellCursor(rows: 1, columns: 0), "move cell cursor", .heatmapFocused),
            KeyBinding(.left, .moveCellCursor(rows: 0, columns: -1), "move cell cursor", .heatmapFocused),
            KeyBinding(.right, .moveCellCursor(rows: 0, columns: 1), "move cell cursor", .heatmapFocused),
            KeyBinding(.enter, .toggleReadout, "show / hide cell value"),
            KeyBinding(.tab, .focusNext, "next pane"),
            KeyBinding(.backTab, .focusPrevious, "previous pane"),
            KeyBinding(.character("s"), .toggleScaleLock, "lock / unlock heatmap scale"),
            KeyBinding(.character("c"), .cycleColorMode, "cycle colour mode"),
            KeyBinding(.character("?"), .toggleHelp, "help"),
            KeyBinding(.function(1), .toggleHelp, "help"),
            KeyBinding(.character(":"), .openCommandLine, "command line"),
            KeyBinding(.character("i"), .openTextInput, "type text for the model"),
            KeyBinding(.character("v"), .cycleView, "view: memory, rules, erasure"),
            KeyBinding(.character("r"), .toggleRecall, "recall strip"),
            KeyBinding(.character(","), .moveProbe(-1), "recall probe: token j -/+"),
            KeyBinding(.character("."), .moveProbe(1), "recall probe: token j -/+"),
            KeyBinding(.character("1"), .selectRule(.linear), "pick a rule (rules view)"),
            KeyBinding(.character("2"), .selectRule(.gated), "pick a rule (rules view)"),
            KeyBinding(.character("3"), .selectRule(.delta), "pick a rule (rules view)"),
            KeyBinding(.character("4"), .selectRule(.gatedDelta), "pick a rule (rules view)"),
            KeyBinding(.character("a"), .toggleForceAlpha, "rule: force α = 1 / not"),
            KeyBinding(.character("b"), .cycleForceBeta, "rule: β as is / 0 / 1"),
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
