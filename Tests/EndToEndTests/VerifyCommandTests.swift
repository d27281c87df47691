import Foundation
import Testing

/// `gdn-tui verify` as the README shows it: on the whole Tests folder, which holds kernel cases, traces
/// and golden models among folders with nothing to check.
@Suite struct VerifyCommandTests {
    @Test func verifiesEverythingUnderTheTestsFolder() throws {
        let tests = TmuxSession.repositoryRoot.appendingPathComponent("Tests").path
        let result = try TmuxSession.run(TmuxSession.binary, ["verify", tests])
        #expect(result.status == 0, "\(result.error)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        // 10 golden and 8 extra kernel cases, the trace, the model variants: well over 100 checks.
        let passed = Int(summary.split(separator: " ").first ?? "") ?? 0
        #expect(passed > 100 && summary.hasSuffix("passed, 0 failed"), "\(summary)")
        #expect(!result.output.contains("FAIL"))
    }
}
