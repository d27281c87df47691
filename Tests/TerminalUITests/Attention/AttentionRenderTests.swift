import Foundation
import Testing
import GatedDeltaNet
@testable import TerminalUI

/// An attention layer on screen and in the exports, from hand-made snapshots (no model, no terminal):
/// the attention pane, the token strip's weights row and window edge, the GDN-only panes saying so,
/// the recall strip's marks of what left the window, and the exported weights.
@Suite struct AttentionRenderTests {
    /// 40 one-letter tokens, cursor at t = 36 (35 0-based) on layer 1, attention with W = 8.
    static func attentionSnapshot() -> ScreenSnapshot {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")
        var s = ScreenSnapshot(modelName: "hybrid", layer: 1, layerCount: 2, head: 2, headCount: 4,
                               tokens: letters.map { Token(id: Int($0.asciiValue!), piece: String($0), origin: .user) },
                               cursor: 35)
        s.layers = [.gatedDeltaNet, .attention(window: 8)]
        let weights: [Float] = [0.05, 0.1, 0.3, 0.05, 0.2, 0.1, 0.05, 0.15]
        s.attention = AttentionFrame(
            head: 2, position: 35, window: 8, windowStart: 28, firstKey: 28, weights: weights,
            ranked: [.init(position: 30, piece: "E", weight: 0.3), .init(position: 32, piece: "G", weight: 0.2)],
            outputNorm: 1.25)
        return s
    }

    /// The words inside `pane`, its wrapped lines joined by spaces.
    static func words(of pane: Pane, _ s: ScreenSnapshot, _ buffer: CellBuffer) -> String {
        guard let rect = Layout(size: buffer.size, for: s)[pane] else { return "" }
        return buffer.text(in: rect.inset(by: 1)).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    static func render(_ s: ScreenSnapshot, size: TerminalSize = .init(width: 100, height: 30),
                       mode: ColorMode = .xterm256) -> CellBuffer {
        Screen.render(snapshot: s, ui: UIState(display: DisplayOptions(colorMode: mode)), size: size)
    }

    @Test(arguments: testSizes, testModes)
    func theMainPaneShowsWhatTheHeadAttendedTo(size: TerminalSize, mode: ColorMode) {
        let s = Self.attentionSnapshot()
        let buffer = Self.render(s, size: size, mode: mode), text = buffer.text
        #expect(text.contains("attention  L1 h2  attn W8"))
        #expect(text.contains("layer 1/1 attn W8 head 2/3"))
        #expect(text.contains("t 36 sees j 29...36: 8 keys, window W8"))
        #expect(text.contains("window edge j 29: 28 tokens left it"))
        #expect(text.contains("|o_h| 1.250"))
        #expect(text.contains("most attended"))
        #expect(text.contains("1  j 31    'E'        0.300"))
        #expect(text.contains("2  j 33    'G'        0.200"))
        #expect(!text.contains("memory S"))
        #expect(Self.words(of: .update, s, buffer)
            .hasPrefix("attention layer: no memory, so no update (GDN layers only); [ previous GDN layer L0"))
        if Layout(size: size, for: s)[.gates] != nil {
            #expect(Self.words(of: .gates, s, buffer).hasPrefix("attention layer: no gates α β (GDN layers only)"))
        }
    }

    @Test func theTeachingViewsSayTheyAreForGDNLayers() {
        var s = Self.attentionSnapshot()
        s.view = .rules
        #expect(Self.words(of: .rules, s, Self.render(s)).hasPrefix("attention layer: the four rules replay a memory (GDN layers only)"))
        s.view = .erasure
        #expect(Self.words(of: .erasure, s, Self.render(s)).hasPrefix("attention layer: erasure accounts for a memory (GDN layers only)"))
        s.view = .memory
        s.showsRecall = true
        #expect(Self.render(s).text.contains("recall: GDN layers only, [ previous GDN layer L0"))
    }

    /// Token j is drawn at column 1 + j (they all fit); the weights row is the line under it.
    @Test(arguments: testModes)
    func theTokenStripShowsTheWeightsAndTheWindowsEdge(mode: ColorMode) throws {
        let s = Self.attentionSnapshot()
        let buffer = Self.render(s, mode: mode)
        let rect = try #require(Layout(size: buffer.size, for: s)[.tokens])
        #expect(rect.height == 5)
        let (tokens, weights) = (rect.y + 1, rect.y + 2)
        #expect(buffer[1 + 27, weights].character == "▕")
        #expect(buffer[1 + 30, weights].character == "█")   // the largest weight
        for j in 28...35 { #expect(buffer[1 + j, weights].character != " ") }
        for j in 36..<40 { #expect(buffer[1 + j, weights].character == " ") }
        #expect(buffer[1 + 35, weights].style.attributes.contains(.reverse))
        // Tokens that left the window are dimmed; those it holds are not.
        #expect(buffer[1 + 10, tokens].style.attributes.contains(.dim))
        #expect(!buffer[1 + 30, tokens].style.attributes.contains(.dim))
        #expect(buffer.text(ofRow: rect.y + 3).contains("h2 at t 36 sees j 29...36 (W8 ▕)  |o| 1.250  most: 'E' 0.300"))
    }

    @Test func withASCIIOnlyTheEdgeIsABar() throws {
        let s = Self.attentionSnapshot()
        let ui = UIState(display: DisplayOptions(colorMode: .monochrome, asciiOnly: true))
        let buffer = Screen.render(snapshot: s, ui: ui, size: TerminalSize(width: 100, height: 30))
        let rect = try #require(Layout(size: buffer.size, for: s)[.tokens])
        #expect(buffer[1 + 27, rect.y + 2].character == "|")
        #expect(buffer.text(ofRow: rect.y + 3).contains("(W8 |)"))
        #expect(buffer.text.unicodeScalars.allSatisfy { $0.isASCII || "┌┐└┘─│├┤".unicodeScalars.contains($0) || $0 == "α" || $0 == "β" })
    }

    @Test func aGDNLayersRecallStripUnderlinesWhatLeftTheNearestWindow() throws {
        var s = Self.attentionSnapshot()
        s.layer = 0
        s.attention = nil
        s.showsRecall = true
        s.recall = RecallFrame(recall: (0...35).map { Recall(cosine: Float($0) / 36, ratio: 1) }, probe: 35,
                               details: "j=36: cos 0.97")
        #expect(s.windowEdge == WindowEdge(layer: 1, window: 8, cursor: 35))
        let buffer = Self.render(s)
        let rect = try #require(Layout(size: buffer.size, for: s)[.tokens])
        let row = rect.y + 2
        for j in 0..<28 { #expect(buffer[1 + j, row].style.attributes.contains(.underline)) }
        for j in 28...35 { #expect(!buffer[1 + j, row].style.attributes.contains(.underline)) }
        #expect(buffer.text(ofRow: rect.y + 3).contains("j<29 underlined: left L1's W8, memory only · recall of j=36"))
        // Full attention leaves nothing out: no marks, no legend.
        s.layers = [.gatedDeltaNet, .attention(window: nil)]
        let full = Self.render(s)
        #expect(!full.text.contains("underlined"))
        #expect(!full[1, row].style.attributes.contains(.underline))
    }

    @Test func theExportsHoldTheWeightsAndTheLayerKind() throws {
        let s = Self.attentionSnapshot()
        let svg = ViewPicture(snapshot: s).svg()
        #expect(svg.components(separatedBy: "class=\"key\"").count - 1 == 8)
        #expect(svg.contains("layer 1/1 attn W8 head 2/3"))
        let csv = ViewTable(snapshot: s).csv().split(separator: "\n")
        #expect(csv.contains("layer_kind,1,,,,,\"attention\""))
        let rows = csv.filter { $0.hasPrefix("attention,") }
        #expect(rows.count == 8)
        #expect(rows[2] == "attention,1,2,36,,31,0.300000012")
        #expect(csv.contains("attention_output_norm,1,2,36,,,1.25"))
        let json = try JSONSerialization.jsonObject(with: ViewExport.json(s)) as? [String: Any]
        #expect(json?["layer_kind"] as? String == "attention")
        #expect(json?["layer_kinds"] as? [String] == ["gated_deltanet", "attention"])
        let attention = try #require(json?["attention"] as? [String: Any])
        #expect((attention["weights"] as? [Double])?.count == 8)
        #expect(attention["window"] as? Int == 8 && attention["window_start_j"] as? Int == 29)
        // A GDN layer says its kind too and has no attention rows.
        var gdn = s
        gdn.layer = 0
        gdn.attention = nil
        let gdnCSV = ViewTable(snapshot: gdn).csv()
        #expect(gdnCSV.contains("layer_kind,0,,,,,\"gated_deltanet\"") && !gdnCSV.contains("\nattention,"))
    }
}
