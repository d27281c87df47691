/// One line: "-0.83 <ramp from blue through neutral to red> +0.83 auto", the key to a heatmap.
public struct ColorBar: Hashable, Sendable {
    public var scale: Float
    public var modeLabel: String
    public var options: DisplayOptions

    public init(scale: Float, modeLabel: String, options: DisplayOptions) {
        self.scale = scale
        self.modeLabel = modeLabel
        self.options = options
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height >= 1, rect.width >= 1 else { return }
        let low = ValueFormat.signed(-scale), high = ValueFormat.signed(scale)
        let suffix = modeLabel.isEmpty ? "" : " " + modeLabel
        let line = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        let rampWidth = min(24, rect.width - low.count - high.count - suffix.count - 2)
        guard rampWidth >= 3 else {
            // Too narrow for a ramp: the limits alone still tell the scale.
            buffer.write("±" + ValueFormat.short(scale) + suffix, x: rect.x, y: rect.y, clip: line)
            return
        }
        var x = buffer.write(low + " ", x: rect.x, y: rect.y, clip: line)
        let map = DivergingColorMap(mode: options.colorMode)
        for i in 0..<rampWidth {
            let value = scale * (-1 + 2 * (Float(i) + 0.5) / Float(rampWidth))
            buffer.put(HeatmapView.cell(upper: value, lower: value, scale: scale, map: map,
                                        options: options),
                       x: x, y: rect.y, clip: line)
            x += 1
        }
        buffer.write(" " + high + suffix, x: x, y: rect.y, clip: line)
    }
}
