import Foundation
import Testing

/// `gdn-tui bench --json --quick` prints every figure issue 8 asks for, one JSON object a line. The
/// values of a debug build are not looked at (speed is the release build's, in the README); the rows,
/// units and thread counts are.
@Suite struct BenchCommandTests {
    /// One run for both tests (the debug binary takes a minute or two, most of it the 100,000-token prefill).
    static let run = Result { try TmuxSession.run(TmuxSession.binary, ["bench", "--json", "--quick"]) }

    @Test func printsEveryFigureAsOneJSONObjectALine() throws {
        let result = try Self.run.get()
        #expect(result.status == 0, "\(result.error)")
        var rows: Set<String> = []
        for line in result.output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let name = try #require(object["name"] as? String), unit = try #require(object["unit"] as? String)
            let threads = try #require(object["threads"] as? Int)
            let value = try #require(object["value"] as? Double)
            #expect(value.isFinite && value > 0, "\(line)")
            rows.insert("\(name) \(unit) \(threads)" + ((object["model"] as? String).map { " " + $0 } ?? ""))
        }
        var expected: Set<String> = ["sgemm_peak_gflops GFLOP/s 1", "stream_gbps GB/s 1", "frame_render_ms ms 1",
                                     "ncurses_flush_ms ms 1"]
        for kernel in ["recurrent_decode_h32", "recurrent_prefill", "chunked_prefill"] {
            for unit in ["head_tokens/s", "GFLOP/s"] {
                for threads in [1, 2] { expected.insert("\(kernel) \(unit) \(threads)") }
            }
        }
        let models = try FileManager.default.contentsOfDirectory(
            atPath: TmuxSession.repositoryRoot.appendingPathComponent("Samples/models").path)
        #expect(models.count >= 6)
        for model in models {
            expected.insert("model_step_ms ms 1 \(model)")
            expected.insert("model_prefill_tokens_per_s tokens/s 1 \(model)")
        }
        #expect(expected.subtracting(rows).isEmpty, "missing: \(expected.subtracting(rows).sorted())")
    }

    /// The frame at 100,000 tokens costs about what it costs at 1,000 (within 1.5x, same run): a
    /// snapshot copies what the screen shows, not the session.
    @Test func frameCostIsBoundedByTheScreenNotTheSession() throws {
        let result = try Self.run.get()
        #expect(result.status == 0, "\(result.error)")
        var frames: [Int: Double] = [:]
        for line in result.output.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["name"] as? String == "frame_ms" else { continue }
            #expect(object["unit"] as? String == "ms" && object["threads"] as? Int == 1 && object["model"] as? String == "tiny-gdn")
            let tokens = try #require(object["tokens"] as? Int, "\(line)")
            frames[tokens] = try #require(object["value"] as? Double)
        }
        let short = try #require(frames[1000]), long = try #require(frames[100_000])
        #expect(Set(frames.keys) == [1000, 100_000])
        #expect(short > 0 && long <= 1.5 * short, "frame_ms \(short) at 1,000 tokens, \(long) at 100,000")
    }
}
