import GatedDelta

/// The key hints drawn on screen, spelled from the key map so that they name the keys that work.
extension KeyMap {
    /// How hints name the key for `action`: its first binding that works in every pane (so `l`, not
    /// the arrow the heatmap takes over), else its first binding; nil when nothing is bound to it.
    public func keyName(for action: Action) -> String? {
        let bound = bindings.filter { $0.action == action }
        return (bound.first { $0.context == .always } ?? bound.first)?.key.displayName
    }

    /// One name for the keys of several actions: `1-4` for a run of three or more, else `a/b`.
    public func keyNames(for actions: [Action]) -> String? {
        let names = actions.compactMap(keyName(for:))
        guard let first = names.first, let last = names.last else { return nil }
        return names.count > 2 ? "\(first)-\(last)" : names.joined(separator: "/")
    }

    /// "KEY what" for each item whose key is bound, joined by `separator`.
    public func hint(_ items: [(keys: String?, what: String)], separator: String) -> String {
        items.compactMap { item in item.keys.map { "\($0) \(item.what)" } }.joined(separator: separator)
    }

    /// The bottom line while nothing is typed.
    public var commandLineHint: String {
        hint([(keyName(for: .ui(.openCommandLine)), "command"), (keyName(for: .ui(.openTextInput)), "type text"),
              (keyName(for: .ui(.focusNext)), "next pane"), (keyName(for: .ui(.toggleHelp)), "help")],
             separator: "   ")
    }

    /// The end of the status line.
    public var statusHint: String {
        hint([(keyName(for: .ui(.toggleHelp)), "help"), (keyName(for: .ui(.openCommandLine)), "cmd"),
              (keyName(for: .quit), "quit")], separator: "  ")
    }

    /// The message when a lesson starts.
    public var lessonHint: String {
        hint([(keyName(for: .explorer(.stepForward)), "steps"), (keyName(for: .explorer(.cycleView)), "views"),
              (keyName(for: .explorer(.toggleRecall)), "recall")], separator: ", ")
    }

    /// The token strip while there are no tokens.
    public var emptyTokensHint: String {
        let type = keyName(for: .ui(.openTextInput)).map { "type \($0) then text, or " } ?? ""
        return "no tokens: " + type + ":prompt TEXT"
    }

    /// The last line of the too-small screen.
    public var tooSmallHint: String {
        "enlarge it" + (keyName(for: .quit).map { ", or press \($0) to quit" } ?? "")
    }

    /// The rules view's key line: pick a rule, force alpha, cycle beta.
    public func rulesHint(asciiOnly: Bool) -> String {
        let rules = UpdateRule.allCases.map { Action.explorer(.selectRule($0)) }
        return hint([(keyNames(for: rules), "pick"),
                     (keyName(for: .explorer(.toggleForceAlpha)), asciiOnly ? "a=1" : "α=1"),
                     (keyName(for: .explorer(.cycleForceBeta)), asciiOnly ? "b 0/1" : "β 0/1")], separator: "  ")
    }

    /// Where the nearest Gated DeltaNet layer is from `layer` and how to get there: "] next GDN layer
    /// L2", "[ previous GDN layer L0" when it is one key away, else ":layer 5 for GDN layer L5" (or
    /// "no GDN layer in this model").
    public func gatedDeltaNetHint(layers: [LayerSummary], from layer: Int) -> String {
        guard let target = layers.nearestGatedDeltaNet(from: layer) else { return "no GDN layer in this model" }
        let key = keyName(for: .explorer(target.isAfter ? .nextLayer : .previousLayer))
        if abs(target.layer - layer) == 1, let key {
            return "\(key) \(target.isAfter ? "next" : "previous") GDN layer L\(target.layer)"
        }
        return ":layer \(target.layer) for GDN layer L\(target.layer)"
    }
}
