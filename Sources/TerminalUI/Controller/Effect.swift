/// What the controller asks the executable to do after an event: the terminal, threads and files
/// stay outside the library, so the controller can be driven by tests without them.
public enum Effect: Sendable, Equatable {
    /// Draw `AppController.frame()`.
    case redraw
    /// Repaint every cell (the terminal changed size, or something else wrote to it), then draw.
    case repaint
    case quit
    /// Run the work on a copy of `AppController.explorer` on another thread and hand the result back
    /// as `ControllerEvent.workFinished`.
    case startWork(BackgroundWork)
    /// Write the file (`ExportRequest.write`) and hand the result back as `ControllerEvent.exported`.
    case export(ExportRequest)
}

/// Everything the controller takes in.
public enum ControllerEvent: Sendable {
    case input(InputEvent)
    /// A line of the command line, as if typed and Enter pressed (`:gen 5`, or text for the model).
    case submit(String)
    /// The play clock: one step while playing (the executable keeps the time, `AppController.playInterval`).
    case tick
    /// The background work started by `Effect.startWork` is over: the explorer it worked on, or why not.
    case workFinished(Result<Explorer, any Error>)
    /// The file of `Effect.export` was written (its full path), or why not.
    case exported(Result<String, any Error>)
}
