import Foundation
import Testing

/// A hybrid checkpoint in the real binary and a real terminal (tmux): the golden hybrid-swa (GDN,
/// attention W16, GDN, attention W16) opens, `]` reaches the attention layer, its pane shows the
/// weights of the keys the head saw, they change with the step, and `:export` of that layer gives an
/// SVG with one rect per attended key.
@Suite(.serialized) struct HybridEndToEndTests {
    static let model = TmuxSession.repositoryRoot.appendingPathComponent("Tests/GatedDeltaNetTests/Fixtures/models/hybrid-swa").path

    /// The attention pane's ranked lines ("1  j 32    e        0.456 ███") and its weights strip.
    static func attentionLines(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("attention  L1") }) else { return [] }
        return lines[start...].prefix(18).compactMap { line in
            line.range(of: #"^│\d+ +j \d+.{1,16}\d\.\d{3}"#, options: .regularExpression).map { String(line[$0]) }
        }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func theAttentionLayerShowsWeightsThatChangeWithTheStep() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-hybrid-e2e-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: svg) }
        try tmux.launch("--model '\(Self.model)' --prompt 'The cat sat on the mat and looked at the dog.'")
        let first = try tmux.waitFor("the first frame") { $0.contains("memory S") && $0.contains("? help") }
        #expect(first.contains("hybrid-swa") && first.contains("layer 0/3 GDN head 0/1") && first.contains("t 45 / 45"))

        // ] reaches the attention layer: its pane in place of the memory, the weights row under the tokens.
        try tmux.type("]")
        let attention = try tmux.waitFor("the attention layer") {
            $0.contains("layer 1/3 attn W16") && $0.contains("most attended") && !Self.attentionLines($0).isEmpty
        }
        #expect(attention.contains("t 45 sees j 30...45: 16 keys, window W16") && !attention.contains("memory S"))
        #expect(attention.contains("attention layer: no memory, so no update"))
        #expect(attention.contains("▕"))   // the window's edge in the token strip
        let atLast = Self.attentionLines(try tmux.settledScreen())
        #expect(atLast.count == 8)

        // ← then l (step): other keys, other weights.
        try tmux.press("Left")
        let back = try tmux.waitFor("t to go back") { $0.contains("t 44 sees j 29...44") }
        let atBack = Self.attentionLines(back)
        #expect(!atBack.isEmpty && atBack != atLast, "the weights must change between steps")
        try tmux.type("l")
        let forward = try tmux.waitFor("t to advance") { $0.contains("t 45 sees j 30...45") }
        #expect(Self.attentionLines(forward) == atLast)

        // :export of this layer: one rect per attended key.
        try tmux.type(":export \(svg)")
        try tmux.press("Enter")
        try tmux.waitFor(text: "wrote")
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.components(separatedBy: "class=\"key\"").count - 1 == 16)
        #expect(picture.contains("attn W16"))

        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }
}
