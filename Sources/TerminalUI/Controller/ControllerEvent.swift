/// Everything the controller takes in.
public enum ControllerEvent: Sendable {
    case input(InputEvent)
    /// A line of the command line, as if typed and Enter pressed (`:gen 5`, or text for the model).
    case submit(String)
    /// The play clock: one step while playing (the executable keeps the time, `AppController.playInterval`).
    case tick
    /// The background work started by `Effect.startWork` is over: the explorer it worked on, or why not.
    case workFinished(BackgroundWork, Result<Explorer, any Error>)
    /// The file of `Effect.export` was written (its full path), or why not.
    case exported(Result<String, any Error>)
}
