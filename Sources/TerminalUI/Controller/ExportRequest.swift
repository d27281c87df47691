/// A `:export` to carry out: the whole sequence's snapshot, the screen as drawn and the scale, and
/// the file (its extension picks the format, `ViewExport`).
public struct ExportRequest: Sendable, Equatable {
    public var path: String
    public var snapshot: ScreenSnapshot
    public var screen: CellBuffer
    public var scaleMode: ScaleMode

    /// Writes the file; returns the full path written.
    public func write() throws -> String {
        try ViewExport.write(snapshot: snapshot, screen: screen, scaleMode: scaleMode, to: path)
    }
}
