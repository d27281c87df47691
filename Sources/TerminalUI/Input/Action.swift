import GatedDelta

/// What a key or click asks for, split by what it touches, so that each part is performed by one
/// exhaustive switch and a new action cannot compile into silence: `UIState.apply` performs the
/// `.ui` ones, `Explorer.perform` the `.explorer` ones, the controller `.quit`.
public enum Action: Hashable, Sendable {
    case ui(UIAction)
    case explorer(ExplorerAction)
    case quit
}

/// Actions on what only the screen knows: focus, the cell cursor, the scale, colours, help, the
/// command line.
public enum UIAction: Hashable, Sendable {
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
}

/// Actions on the explorer: time, selection, play state and the teaching views' settings (stepping
/// past the end of a model session generates, which is model work).
public enum ExplorerAction: Hashable, Sendable {
    case stepForward
    case stepBackward
    case togglePlay
    case faster
    case slower
    case previousLayer
    case nextLayer
    case previousHead
    case nextHead
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
}
