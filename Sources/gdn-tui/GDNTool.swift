import ArgumentParser
import GatedDelta

@main
struct GDNTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gdn-tui",
        abstract: "Step a Gated DeltaNet language model token by token and watch its memory.",
        subcommands: [TUICommand.self, RunCommand.self, VerifyCommand.self, EvalCommand.self, BenchCommand.self,
                      ExportCommand.self, LessonCommand.self, OpenCommand.self, TokenizeCommand.self],
        defaultSubcommand: TUICommand.self)

    static func main() {
        // The kernels spread heads over threads themselves; OpenBLAS's own pool would oversubscribe.
        BLAS.setThreads(1)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            FailureReport.exit(with: error)
        }
    }
}
