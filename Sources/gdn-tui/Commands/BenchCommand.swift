import TextEscaping
import ArgumentParser
import Foundation
import GatedDelta
import GatedDeltaNet
import NCursesTerminal
import TerminalUI
import Tokenizers

/// `gdn-tui bench`: throughput of the kernels, the model and the renderer, next to this machine's own
/// roofline (OpenBLAS sgemm GFLOP/s, memory bandwidth) measured in the same run, since shared machines
/// are noisy: compare ratios, not absolute times.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure kernel, model and rendering speed against this machine's roofline.")

    @Flag(help: "One JSON object per line: name, value, unit, threads.")
    var json = false

    @Flag(help: "Fewer repetitions (finishes in well under 20 seconds).")
    var quick = false

    @Option(help: ArgumentHelp(
        "A folder of NAME/tokenizer.json (qwen3.5, mistral-v1) and bench-text.txt for the tokenizer rows (default $GDN_TOKENIZERS).",
        discussion: "Rebuild the tokenizers with the golden README's rebuild_real.py, the text with Samples/tokenizers/make_bench_text.py."))
    var tokenizers: String?

    func run() throws {
        let reporter = BenchReporter(json: json)
        let budget = quick ? 0.15 : 1.0   // seconds per measurement
        let threadCounts = [1, min(2, ProcessInfo.processInfo.activeProcessorCount)].uniqued()

        // Roofline: sgemm on one thread (and on two, to show what a second core adds on this machine)
        // and memory bandwidth.
        for (m, n, k) in [(512, 512, 512), (64, 128, 128)] {
            for threads in threadCounts where threads == 1 || m == 512 {
                BLAS.setThreads(threads)
                defer { BLAS.setThreads(1) }
                let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
                var c = [Float](repeating: 0, count: m * n)
                let seconds = BenchTimer.measure(budget: budget) {
                    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                        BLAS.gemm(m, n, k, ap.baseAddress!, lda: k, bp.baseAddress!, ldb: n, cp.baseAddress!, ldc: n)
                    }}}
                }
                reporter.add("sgemm_peak_gflops", 2 * Double(m * n * k) / seconds / 1e9, "GFLOP/s", threads: threads,
                             extra: ["shape": "\(m)x\(n)x\(k)"])
            }
        }
        let iterations = 1 << 20
        // A call into another module that is not inlinable: it cannot be optimised away.
        let fma = BenchTimer.measure(budget: budget) { _ = FusedMultiplyAddPeak.run(iterations: iterations) }
        reporter.add("fma_peak_gflops", Double(iterations * FusedMultiplyAddPeak.flopsPerIteration) / fma / 1e9,
                     "GFLOP/s", threads: 1, extra: ["lanes": "SIMD8"])
        reporter.add("stream_gbps", StreamTriad.gigabytesPerSecond(budget: budget), "GB/s", threads: 1)

        // Kernels at K = V = 128.
        let (K, V) = (128, 128)
        for threads in threadCounts {
            let options = GatedDeltaOptions(rule: .gatedDelta, normalizesQueryKey: true, threads: threads)
            // Decode: one token, 32 heads, with state.
            let heads = 32
            let step = KernelInputs.random(length: 1, heads: heads, keyDim: K, valueDim: V)
            var state = [Float](repeating: 0.01, count: heads * K * V)
            var output = [Float](repeating: 0, count: heads * V)
            let decode = BenchTimer.measure(budget: budget) {
                step.q.withUnsafeBufferPointer { q in step.k.withUnsafeBufferPointer { k in
                step.v.withUnsafeBufferPointer { v in step.g.withUnsafeBufferPointer { g in
                step.beta.withUnsafeBufferPointer { beta in
                state.withUnsafeMutableBufferPointer { s in output.withUnsafeMutableBufferPointer { o in
                    RecurrentGatedDelta.step(state: s, q: q, k: k, v: v, g: g, beta: beta, output: o, keyHeads: heads,
                                             valueHeads: heads, keyDim: K, valueDim: V, options: options)
                }}}}}}}
            }
            reporter.addThroughput("recurrent_decode_h32", headTokens: Double(heads), seconds: decode,
                                   flopsPerHeadToken: 7 * Double(K * V), threads: threads)

            // Prefill: T = 4096 (1024 with --quick), 4 heads.
            let length = quick ? 1024 : 4096
            let prefill = KernelInputs.random(length: length, heads: 4, keyDim: K, valueDim: V)
            let recurrent = BenchTimer.measure(budget: budget) {
                _ = RecurrentGatedDelta.forward(prefill, options: options)
            }
            reporter.addThroughput("recurrent_prefill", headTokens: Double(4 * length), seconds: recurrent,
                                   flopsPerHeadToken: 7 * Double(K * V), threads: threads)
            let C = 64.0
            let chunked = BenchTimer.measure(budget: budget) {
                _ = try? ChunkedGatedDelta.forward(prefill, options: options)
            }
            reporter.addThroughput("chunked_prefill", headTokens: Double(4 * length), seconds: chunked,
                                   flopsPerHeadToken: 6 * Double(K * V) + C * (6 * Double(K) + 4 * Double(V)), threads: threads)
        }

        // Softmax attention, the hybrids' other layer kind.
        AttentionBench.run(quick: quick, budget: budget, reporter: reporter)

        // The sample models.
        let modelsDirectory = SampleModels.directory.appendingPathComponent("models")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: modelsDirectory.path)) ?? []).sorted()
        for name in names {
            guard let model = try? GatedDeltaNetModel(directory: modelsDirectory.appendingPathComponent(name)) else { continue }
            let prompt = Array(repeating: Array("The gated delta rule erases and writes. ".utf8).map(Int.init), count: 26).flatMap { $0 }
            var cache = model.emptyCache()
            let prefill = BenchTimer.measure(budget: budget) {
                cache = model.emptyCache()
                _ = try? model.forward(prompt, cache: &cache, form: .chunked, allLogits: false)
            }
            reporter.add("model_prefill_tokens_per_s", Double(prompt.count) / prefill, "tokens/s", threads: 1,
                         extra: ["model": name])
            var workspace = ForwardWorkspace(model: model)
            let stepTime = BenchTimer.measure(budget: budget) {
                try? model.step(65, cache: &cache, workspace: &workspace)
            }
            reporter.add("model_step_ms", stepTime * 1000, "ms", threads: 1, extra: ["model": name])
        }

        if let tiny = try? GatedDeltaNetModel(directory: modelsDirectory.appendingPathComponent("tiny-gdn")) {
            try FrameBench.run(model: tiny, budget: budget, reporter: reporter)
        }

        // A full redraw into the cell buffer at 200 x 60, on the first sample model.
        if let name = names.first, let model = try? GatedDeltaNetModel(directory: modelsDirectory.appendingPathComponent(name)) {
            var explorer = Explorer(model: model)
            try explorer.feed(SampleModels.defaultPrompt().text)
            let size = TerminalSize(width: 200, height: 60)
            let snapshot = explorer.snapshot(window: size.width)
            let render = BenchTimer.measure(budget: budget) {
                _ = Screen.render(snapshot: snapshot, ui: UIState(), size: size)
            }
            reporter.add("frame_render_ms", render * 1000, "ms", threads: 1, extra: ["size": "200x60"])
            let frame = Screen.render(snapshot: snapshot, ui: UIState(), size: size)
            if let flush = try NCursesFlush.milliseconds(frame: frame, budget: budget) {
                reporter.add("ncurses_flush_ms", flush, "ms", threads: 1, extra: ["size": "200x60", "term": NCursesFlush.term])
            }
        }

        TokenizerBench.addRows(to: reporter, folder: tokenizers ?? ProcessInfo.processInfo.environment["GDN_TOKENIZERS"],
                               budget: quick ? 0.5 : 3.0)
    }
}

/// The tokenizer rows: load time of each real tokenizer.json and single-thread encode throughput on
/// the 1 MB mixed text that Samples/tokenizers/bench_hf.py times HF tokenizers on. The files are not
/// in the repository (3.5 to 20 MB); without them the rows are skipped with a note on stderr.
enum TokenizerBench {
    static let names = ["qwen3.5", "mistral-v1"]

    static func addRows(to reporter: BenchReporter, folder: String?, budget: Double) {
        guard let folder else {
            note("tokenizer rows skipped: no --tokenizers DIR or GDN_TOKENIZERS")
            return
        }
        let base = URL(fileURLWithPath: folder)
        guard let text = try? String(contentsOf: base.appendingPathComponent("bench-text.txt"), encoding: .utf8) else {
            note("tokenizer rows skipped: \(folder)/bench-text.txt not found (Samples/tokenizers/make_bench_text.py writes it)")
            return
        }
        let megabytes = Double(text.utf8.count) / 1e6
        for name in names {
            let url = base.appendingPathComponent(name).appendingPathComponent("tokenizer.json")
            guard FileManager.default.fileExists(atPath: url.path) else {
                note("tokenizer_\(name) skipped: \(url.path) not found")
                continue
            }
            var tokenizer: HFTokenizer?
            var failure: (any Error)?
            let load = BenchTimer.measure(budget: budget) {
                do { tokenizer = try HFTokenizer(contentsOf: url) } catch { failure = error }
            }
            guard let tokenizer else {
                note("tokenizer_\(name) skipped: \(failure.map { "\($0)" } ?? "not loaded")")
                continue
            }
            reporter.add("tokenizer_load_s", load, "s", threads: 1, extra: ["tokenizer": name])
            let encode = BenchTimer.measure(budget: budget) { _ = tokenizer.encode(text, addSpecialTokens: false) }
            reporter.add("tokenizer_encode_mbps", megabytes / encode, "MB/s", threads: 1, extra: ["tokenizer": name])
        }
    }

    private static func note(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(ByteEscaping.escapingControls(line))\n".utf8))
    }
}

/// What one frame of the interactive app costs: the controller's snapshot and the render of the
/// default view at 200 x 60 (`AppController.frame`), on tiny-gdn sessions of 1,000 and 100,000 tokens
/// (as the long-session test uses). A snapshot copies only what a screen can show, so the two are
/// about equal: the cost is bounded by the screen, not by the session.
enum FrameBench {
    static let size = TerminalSize(width: 200, height: 60)

    static func run(model: GatedDeltaNetModel, budget: Double, reporter: BenchReporter) throws {
        let words = Array("The gated delta rule erases and writes one key at a time. ".utf8).map(Int.init)
        var explorer = Explorer(model: model)
        var fed = 0
        for tokens in [1000, 100_000] {
            let more = (fed..<tokens).map { words[$0 % words.count] }
            try explorer.feed(tokens: more)
            fed = tokens
            var ui = UIState()
            ui.focus = .tokens
            var controller = AppController(explorer: explorer, ui: ui, size: size, lessons: SampleModels.lessons)
            let seconds = BenchTimer.measure(budget: budget) { _ = controller.frame() }
            reporter.add("frame_ms", seconds * 1000, "ms", threads: 1, extra: ["model": model.name, "size": "200x60"],
                         counts: ["tokens": tokens])
        }
    }
}

/// ncurses' side of a full repaint: every cell of the frame through `Terminal.draw` after `invalidate`
/// (so nothing is skipped as unchanged), turned into xterm-256color escape sequences and written to
/// /dev/null. What a terminal emulator then spends parsing them is not included.
enum NCursesFlush {
    static let term = "xterm-256color"

    /// nil when /dev/null or the terminfo entry is unavailable.
    static func milliseconds(frame: CellBuffer, budget: Double) throws -> Double? {
        guard let output = fopen("/dev/null", "w") else { return nil }
        defer { fclose(output) }
        guard let input = fopen("/dev/null", "r") else { return nil }
        defer { fclose(input) }
        let terminal = Terminal()
        guard (try? terminal.startOffscreen(output: output, input: input, size: frame.size, term: term)) != nil else {
            return nil
        }
        defer { terminal.stop() }
        let seconds = BenchTimer.measure(budget: budget) {
            terminal.invalidate()
            terminal.draw(frame)
        }
        return seconds * 1000
    }
}

/// Runs a body repeatedly for `budget` seconds (at least `minimum` times, after one warm-up) and returns
/// the fastest single run in seconds. On a shared machine other work only ever slows a run down, so the
/// fastest run is the best estimate of what the code itself costs.
enum BenchTimer {
    static func measure(budget: Double, atLeast minimum: Int = 3, _ body: () -> Void) -> Double {
        body()
        var (runs, fastest) = (0, Double.infinity)
        let start = DispatchTime.now().uptimeNanoseconds
        repeat {
            let runStart = DispatchTime.now().uptimeNanoseconds
            body()
            let end = DispatchTime.now().uptimeNanoseconds
            fastest = min(fastest, Double(end - runStart) / 1e9)
            runs += 1
            if Double(end - start) / 1e9 >= budget && runs >= minimum { break }
        } while true
        return fastest
    }
}

/// The STREAM triad a = b + s c over arrays far larger than the caches: bytes moved per second.
enum StreamTriad {
    static func gigabytesPerSecond(budget: Double) -> Double {
        let n = 8 << 20   // 3 arrays x 32 MB
        var a = [Float](repeating: 0, count: n)
        let b = [Float](repeating: 1, count: n), c = [Float](repeating: 2, count: n)
        let seconds = BenchTimer.measure(budget: budget) {
            a.withUnsafeMutableBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeBufferPointer { cp in
                for i in 0..<n { ap[i] = bp[i] + 0.5 * cp[i] }
            }}}
        }
        return 3 * 4 * Double(n) / seconds / 1e9
    }
}

/// Random unit-norm-ish inputs for the kernel benchmarks.
enum KernelInputs {
    static func random(length: Int, heads: Int, keyDim K: Int, valueDim V: Int) -> GatedDeltaInputs {
        var rng = SplitMix64(seed: 1)
        func values(_ n: Int, _ range: ClosedRange<Float>) -> [Float] { (0..<n).map { _ in Float.random(in: range, using: &rng) } }
        let shape = GatedDeltaShape(length: length, keyHeads: heads, keyDim: K, valueDim: V)
        return try! GatedDeltaInputs(shape: shape, q: values(shape.queryCount, -1...1), k: values(shape.queryCount, -1...1),
                                     v: values(shape.valueCount, -1...1), g: values(shape.gateCount, -0.5...0),
                                     beta: values(shape.gateCount, 0...1))
    }
}

final class BenchReporter {
    let json: Bool
    init(json: Bool) { self.json = json }

    /// One row; `extra` fields are strings, `counts` whole numbers (e.g. `"tokens": 1000`).
    func add(_ name: String, _ value: Double, _ unit: String, threads: Int, extra: [String: String] = [:],
             counts: [String: Int] = [:]) {
        if json {
            var fields = ["\"name\": \"\(name)\"", "\"value\": \(String(format: "%.6g", value))", "\"unit\": \"\(unit)\"",
                          "\"threads\": \(threads)"]
            fields += counts.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
            fields += extra.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }
            print("{" + fields.joined(separator: ", ") + "}")
        } else {
            let detail = (counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                          + extra.sorted { $0.key < $1.key }.map { "\($0.value)" }).joined(separator: " ")
            print("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%12.4g", value)) \(unit.padding(toLength: 14, withPad: " ", startingAt: 0)) threads=\(threads) \(detail)")
        }
    }

    /// A kernel figure as two rows of one name: head-tokens/s and GFLOP/s.
    func addThroughput(_ name: String, headTokens: Double, seconds: Double, flopsPerHeadToken: Double, threads: Int) {
        add(name, headTokens / seconds, "head_tokens/s", threads: threads)
        add(name, headTokens * flopsPerHeadToken / seconds / 1e9, "GFLOP/s", threads: threads)
    }

}

extension Array where Element: Hashable {
    func uniqued() -> [Element] { var seen = Set<Element>(); return filter { seen.insert($0).inserted } }
}
