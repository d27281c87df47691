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
    case quit

    /// Whether `UIState.apply` handles it without the model.
    public var isUIOnly: Bool {
        switch self {
        case .focusNext, .focusPrevious, .toggleReadout, .moveCellCursor, .selectCell,
             .toggleScaleLock, .cycleColorMode, .toggleHelp, .openCommandLine, .openTextInput:
            true
        default:
            false
        }
    }
}
