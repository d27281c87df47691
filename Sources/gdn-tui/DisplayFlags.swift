import ArgumentParser

/// The terminal display flags every interactive command takes.
struct DisplayFlags: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Glyph shading only, no colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII only, for terminals without Unicode block characters.")
    var ascii = false
}
