import Foundation

/// A minimal SVG writer: elements appended in drawing order, attribute values escaped, numbers
/// written with at most two decimals so files stay small and diff well.
public struct SVGDocument: Sendable {
    public let width: Double
    /// Settable so a picture can grow as it is drawn, top to bottom.
    public var height: Double
    private var body: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGB,
                              className: String? = nil) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(width)),
                          ("height", Self.number(height)), ("fill", fill.hex)]
        if let className { attributes.append(("class", className)) }
        body.append(Self.element("rect", attributes))
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 12,
                              fill: RGB = .text, anchor: Anchor = .start, bold: Bool = false) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                          ("fill", fill.hex)]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(("font-weight", "bold")) }
        body.append(Self.element("text", attributes, content: Self.escaped(string)))
    }

    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: RGB, width: Double = 1) {
        guard !points.isEmpty else { return }
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        body.append(Self.element("polyline", [("points", list), ("fill", "none"), ("stroke", stroke.hex),
                                              ("stroke-width", Self.number(width))]))
    }

    public mutating func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double),
                              stroke: RGB, width: Double = 1) {
        body.append(Self.element("line", [("x1", Self.number(a.x)), ("y1", Self.number(a.y)),
                                          ("x2", Self.number(b.x)), ("y2", Self.number(b.y)),
                                          ("stroke", stroke.hex), ("stroke-width", Self.number(width))]))
    }

    /// The document as text, with a dark background like the terminal the colours were chosen for.
    public func rendered(background: RGB) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.number(width))" height="\#(Self.number(height))" "#
                + #"viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" font-family="DejaVu Sans Mono, Menlo, monospace" "#
                + #"xml:space="preserve">"#,
            Self.element("rect", [("width", "100%"), ("height", "100%"), ("fill", background.hex)]),
        ]
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) -> String {
        let list = attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
        guard let content else { return "<\(name)\(list)/>" }
        return "<\(name)\(list)>\(content)</\(name)>"
    }

    /// XML text: the five markup characters escaped; control characters (not allowed in XML 1.0)
    /// replaced by U+FFFD, though token text arrives already escaped as `\x1b`.
    static func escaped(_ string: String) -> String {
        var out = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7f ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// A 24-bit colour.
public struct RGB: Hashable, Sendable {
    public var red: Int
    public var green: Int
    public var blue: Int

    public init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public var hex: String {
        "#" + [red, green, blue].map { String(format: "%02x", min(max($0, 0), 255)) }.joined()
    }

    /// The straight line from self to other at t in [0, 1].
    func mixed(with other: RGB, _ t: Double) -> RGB {
        func lerp(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(lerp(red, other.red), lerp(green, other.green), lerp(blue, other.blue))
    }

    public static let text = RGB(220, 220, 220)
    public static let muted = RGB(140, 140, 140)
    public static let background = RGB(18, 18, 18)
    /// Not a number: magenta, a colour the diverging map never uses.
    public static let notANumber = RGB(255, 0, 255)
}
