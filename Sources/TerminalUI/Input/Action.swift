import GatedDelta

/// What a key or click asks for. The app performs the model-side ones (stepping, layer, ...);
/// `UIState.apply` performs the UI-only ones.
public enum Action: Hashable, Sendable {
    case stepForward
    case stepBackward
    case togglePlay
    case faster
    case slower
    case previousLayer
    case nextLayer
    case previousHead
    case nextHead
    case focusNext
    case focusPrevious
    case toggleReadout
    /// Moves the heatmap cell cursor by screen direction (rows down, columns right).
    case moveCellCursor(rows: Int, columns: Int)
    /// Puts the heatmap cell cursor on a matrix entry (a mouse click).
    case selectCell(row: Int, column: Int)
    case toggleScaleLock
    case cycleColorMode
    case toggleHelp
    case openCommandLine
    case openTextInput
    /// Teaching views: next main view (memory, rules, erasure); recall strip on/off.
    case cycleView
    case toggleRecall
    /// The rule the override keys act on in the comparison view.
    case selectRule(UpdateRule)
    /// Force alpha = 1 for the selected rule's replay (or stop forcing it).
    case toggleForceAlpha
    /// Cycle the selected rule's beta: as is, 0, 1.
    case cycleForceBeta
    /// Move the recall probe's token j by this many steps.
    case moveProbe(Int)
    case quit
}
