/// What the controller asks the executable to do after an event: the terminal, threads and files
/// stay outside the library, so the controller can be driven by tests without them.
public enum Effect: Sendable, Equatable {
    /// Draw `AppController.frame()`.
    case redraw
    /// Repaint every cell (the terminal changed size, or something else wrote to it), then draw.
    case repaint
    case quit
    /// Run the work on a copy of `AppController.explorer` on another thread and hand the result back
    /// as `ControllerEvent.workFinished` (two may run at once: model work and the teaching analysis).
    case startWork(BackgroundWork)
    /// Write the file (`ExportRequest.write`) and hand the result back as `ControllerEvent.exported`.
    case export(ExportRequest)
}
