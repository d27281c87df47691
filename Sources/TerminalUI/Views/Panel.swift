/// The frame every pane shares: border, title, and a brighter border when the pane has focus.
public enum Panel {
    /// Draws the frame and returns the rectangle inside it.
    @discardableResult
    public static func draw(
        _ title: String, in rect: Rect, focused: Bool, options: DisplayOptions,
        into buffer: inout CellBuffer
    ) -> Rect {
        buffer.fill(rect)
        let style = focused ? options.focusedFrame : options.frame
        let titleStyle = focused ? options.focusedFrame.adding(.reverse) : CellStyle.bold
        buffer.drawFrame(rect, title: title, style: style, titleStyle: titleStyle,
                         asciiOnly: options.asciiOnly)
        return rect.inset(by: 1)
    }
}
