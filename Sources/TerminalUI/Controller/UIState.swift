/// UI-only state: everything on screen that the model does not know about.
public struct UIState: Hashable, Sendable {
    public var focus: Pane = .state
    public var scaleMode: ScaleMode = .auto
    /// The memory-heatmap cell cursor, in matrix coordinates (k, v).
    public var cellCursor = MatrixPosition(row: 0, column: 0)
    /// Whether the cursor and the exact value under it are shown.
    public var showsReadout = false
    public var showsHelp = false
    public var commandLine = CommandLineEditor()
    public var isEditingCommand = false
    public var display = DisplayOptions()
    public var keyMap = KeyMap.standard

    public init(display: DisplayOptions = DisplayOptions()) {
        self.display = display
    }

    /// Performs a UI-only action. The snapshot and size give the matrix shape and the layout that
    /// cursor moves and Tab need.
    public mutating func apply(_ action: UIAction, snapshot: ScreenSnapshot, size: TerminalSize) {
        switch action {
        case .focusNext, .focusPrevious:
            let visible = Layout(size: size, for: snapshot).visiblePanes
            guard !visible.isEmpty else { return }
            let current = visible.firstIndex(of: focus) ?? 0
            let step = action == .focusNext ? 1 : visible.count - 1
            focus = visible[(current + step) % visible.count]
        case .toggleReadout:
            showsReadout.toggle()
        case .moveCellCursor(let rows, let columns):
            guard let state = snapshot.state else { return }
            // Move by screen direction: through the pooled block size, and along the matrix axis
            // that the screen shows in that direction.
            let view = Screen.heatmapView(snapshot: snapshot, ui: self)
            let geometry = Layout(size: size, for: snapshot)[.state].flatMap { view.geometry(in: $0) }
            let rowStep = rows * (geometry?.rowFactor ?? 1), columnStep = columns * (geometry?.columnFactor ?? 1)
            let (dr, dc) = geometry?.isTransposed == true ? (columnStep, rowStep) : (rowStep, columnStep)
            cellCursor = MatrixPosition(row: cellCursor.row + dr, column: cellCursor.column + dc)
                .clamped(rows: state.rows, columns: state.columns)
            showsReadout = true
        case .selectCell(let row, let column):
            cellCursor = MatrixPosition(row: row, column: column)
            showsReadout = true
            focus = .state
        case .toggleScaleLock:
            if case .auto = scaleMode {
                scaleMode = .locked(snapshot.state?.maxAbs ?? 1)
            } else {
                scaleMode = .auto
            }
        case .cycleColorMode:
            let modes = ColorMode.allCases
            display.colorMode = modes[((modes.firstIndex(of: display.colorMode) ?? 0) + 1) % modes.count]
        case .toggleHelp:
            showsHelp.toggle()
        case .openCommandLine:
            isEditingCommand = true
            commandLine.clear()
            commandLine.insert(":")
        case .openTextInput:
            isEditingCommand = true
            commandLine.clear()
        }
    }

    /// Sets the scale from a `:scale` command; `.locked` freezes the current automatic scale.
    public mutating func apply(_ setting: ScaleSetting, snapshot: ScreenSnapshot) {
        switch setting {
        case .auto: scaleMode = .auto
        case .locked: scaleMode = .locked(snapshot.state?.maxAbs ?? 1)
        case .value(let value): scaleMode = .fixed(value)
        }
    }
}
