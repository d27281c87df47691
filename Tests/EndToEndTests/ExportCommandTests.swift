import Foundation
import Testing

/// `gdn-tui export` run as a user's script would: the real binary, the bundled sample model.
@Suite struct ExportCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-export-\(getpid())")

    @Test func writesTheViewAtAStepOfALayerAndHead() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("step.svg").path
        let csv = directory.appendingPathComponent("step.csv").path
        for out in [svg, csv] {
            let result = try TmuxSession.run(TmuxSession.binary, [
                "export", "--model", "tiny-gdn", "--prompt", "Alice met Bob. Alice", "--at", "7",
                "--layer", "1", "--head", "1", "--out", out])
            #expect(result.status == 0, "\(result.error)")
        }
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.contains("layer 1/1 GDN head 1/1"))
        #expect(picture.contains("t 7 / 20"))
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        // tiny-gdn: K = 32, V = 64; state rows of layer 1, head 1 at t = 7.
        let stateRows = table.split(separator: "\n").filter { $0.hasPrefix("S,1,1,7,") }
        #expect(stateRows.count == 32 * 64)
    }

    @Test func aLessonExportsItsLastStepByDefault() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("lesson.json").path
        let result = try TmuxSession.run(TmuxSession.binary, ["export", "--lesson", "interference", "--out", json])
        #expect(result.status == 0, "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let total = try #require(object?["T"] as? Int)
        #expect(total == 4 && object?["t"] as? Int == total)
    }

    @Test func refusesAStepPastTheEndInOneLine() throws {
        let result = try TmuxSession.run(TmuxSession.binary, [
            "export", "--model", "tiny-gdn", "--prompt", "ab", "--at", "5", "--out", "/tmp/never.svg"])
        #expect(result.status == 1)
        #expect(result.error == "Error: --at 5 is past the end: there are 2 steps\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.svg"))
    }

    @Test func refusesAnUnknownFormatBeforeLoading() throws {
        let result = try TmuxSession.run(TmuxSession.binary, [
            "export", "--prompt", "ab", "--out", "view.png"])
        #expect(result.status != 0)
        #expect(result.error.contains("unknown format .png"))
    }
}
