import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TerminalUI

/// Collects every element of an XML document with its attributes, through Foundation's real parser.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        text = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(text) }
    }

    static func parse(_ svg: String) throws -> ElementCollector {
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw CommandError("not valid XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return collector
    }
}

@Suite struct SVGExportTests {
    @Test func isValidXMLWithOneRectPerHeatmapCell() throws {
        let snapshot = sampleSnapshot(k: 16, v: 24)
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot).svg())
        #expect(document.elements.first?.name == "svg")
        let cells = document.elements.filter { $0.name == "rect" && $0.attributes["class"] == "cell" }
        // The state and the four parts of the update, every entry drawn, nothing pooled.
        #expect(cells.count == 5 * 16 * 24)
        // The gates: one line per head for alpha and one for beta.
        #expect(document.elements.filter { $0.name == "polyline" }.count == 2 * 4)
    }

    @Test func cellColoursFollowTheValues() throws {
        var snapshot = sampleSnapshot(k: 2, v: 3)
        snapshot.state = Matrix(rows: 2, columns: 3, values: [0, 1, -1, 0.5, .nan, -2])
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot, scaleMode: .fixed(1)).svg())
        let stateCells = document.elements.filter { $0.attributes["class"] == "cell" }.prefix(6)
            .map { $0.attributes["fill"] ?? "" }
        let top = DivergingColorMap.rgb(for: 1, scale: 1).hex
        let bottom = DivergingColorMap.rgb(for: -1, scale: 1).hex
        // Row-major, as the matrix: 0 is the neutral grey, +-1 the ends of the ramps, -2 saturates,
        // NaN is magenta.
        #expect(Array(stateCells) == [TerminalColor.grey(3).hexForTest, top, bottom,
                                     DivergingColorMap.rgb(for: 0.5, scale: 1).hex, "#ff00ff", bottom])
        #expect(top == "#ffd787")     // the 256-colour cube's (5, 4, 2), the screen's brightest red level
        #expect(bottom == "#afffff")  // cube (3, 5, 5), the brightest blue level
    }

    @Test func halfwayValuesLieBetweenTheScreensLevels() {
        // |x| / scale = 1.5 / 6 lies halfway between the stops of level 1 and level 2.
        let one = DivergingColorMap.rgb(for: 1.0 / 6, scale: 1)
        let two = DivergingColorMap.rgb(for: 2.0 / 6, scale: 1)
        let half = DivergingColorMap.rgb(for: 1.5 / 6, scale: 1)
        #expect(abs(half.red - (one.red + two.red) / 2) <= 1)
        #expect(abs(half.green - (one.green + two.green) / 2) <= 1)
    }

    @Test func markupAndControlBytesInTokensAreEscaped() throws {
        var snapshot = sampleSnapshot(k: 4, v: 4)
        snapshot.modelName = "<model & \"co\">"
        snapshot.tokens = Array("<&>".utf8).map { Token(byte: $0, origin: .user) }
            + [Token(byte: 0x1b, origin: .generated), Token(byte: 0xff, origin: .generated)]
        snapshot.cursor = 1
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot).svg())
        #expect(document.texts.contains { $0.hasPrefix("<model & \"co\">") })
        #expect(document.texts.contains("&"))
        #expect(document.texts.contains("\\x1b"))
        #expect(document.texts.contains("\\xff"))
    }

    @Test func emptySessionStillMakesAPicture() throws {
        let snapshot = ScreenSnapshot(modelName: "m")
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot).svg())
        #expect(document.texts.contains("no tokens yet"))
        #expect(!document.elements.contains { $0.attributes["class"] == "cell" })
    }
}

/// The teaching views in pictures and tables, on the bundled lessons (4 x 4 memories, known values).
@Suite struct TeachingExportTests {
    func lessonSnapshot(_ name: String, view: TeachingView, at t: Int) throws -> ScreenSnapshot {
        var explorer = try TeachingViewTests.lesson(name)
        explorer.goto(step: t)
        explorer.show(view)
        try explorer.perform(.toggleRecall)
        return explorer.snapshot()
    }

    @Test func rulesPictureHasFourMemoriesOfOneRectPerEntryAndTheirReadOuts() throws {
        let snapshot = try lessonSnapshot("interference", view: .rules, at: 3)
        let frame = try #require(snapshot.rules)
        let k = frame.panels[0].state.rows, v = frame.panels[0].state.columns
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot).svg())
        #expect(document.elements.filter { $0.attributes["class"] == "cell" }.count == 4 * k * v)
        #expect(document.elements.filter { $0.attributes["class"] == "output" }.count == 4 * v)
        // The recall strip: one coloured bar per token up to t (later tokens are not in memory yet).
        #expect(document.elements.filter { $0.attributes["class"] == "recall" }.count == snapshot.cursor + 1)
        #expect(snapshot.cursor + 1 < snapshot.tokens.count)
        #expect(document.texts.contains { $0.hasPrefix("delta (own)") })
        if let narration = snapshot.narration { #expect(document.texts.contains(narration)) }
    }

    @Test func erasurePictureUnderlinesTheMostErasingTokens() throws {
        let snapshot = try lessonSnapshot("gated-delta", view: .erasure, at: 5)
        let marked = try #require(snapshot.erasure?.mostErasing)
        let document = try ElementCollector.parse(ViewPicture(snapshot: snapshot).svg())
        let underlines = document.elements.filter { $0.name == "line" && $0.attributes["stroke"] == "#ff5f5f" }
        #expect(underlines.count == marked.count && !marked.isEmpty)
        // Four norm series over time, plus alpha and beta of the lesson's one head.
        #expect(document.elements.filter { $0.name == "polyline" }.count == 4 + 2)
    }

    @Test func tablesCarryTheTeachingNumbers() throws {
        let snapshot = try lessonSnapshot("gated-delta", view: .rules, at: 5)
        let rows = ViewTable(snapshot: snapshot).csv().split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let frame = try #require(snapshot.rules)
        for panel in frame.panels {
            let values = rows.filter { $0[0] == "S_" + panel.rule.rawValue }.compactMap { Float($0[6]) }
            #expect(values == panel.state.values)
            let drift = rows.first { $0[0] == "drift_S_" + panel.rule.rawValue }.flatMap { Float($0[6]) }
            #expect(drift == panel.stateDrift)
        }
        let recall = try #require(snapshot.recall)
        #expect(rows.filter { $0[0] == "recall_cos" }.compactMap { Float($0[6]) } == recall.recall.map(\.cosine))

        let json = try JSONSerialization.jsonObject(with: ViewExport.json(snapshot)) as? [String: Any]
        #expect((json?["rules"] as? [[String: Any]])?.count == 4)
        #expect(json?["narration"] as? String == snapshot.narration)
    }

    @Test func jsonWritesNaNAsNull() throws {
        var snapshot = sampleSnapshot(k: 1, v: 2)
        snapshot.state = Matrix(rows: 1, columns: 2, values: [.nan, 0.5])
        let json = try JSONSerialization.jsonObject(with: ViewExport.json(snapshot)) as? [String: Any]
        let values = (json?["state"] as? [String: Any])?["values"] as? [Any]
        #expect(values?.first is NSNull)
        #expect(values?.last as? Double == 0.5)
    }
}

@Suite struct TableExportTests {
    @Test func csvHoldsTheExactNumbersOfTheView() throws {
        let snapshot = sampleSnapshot(k: 3, v: 5, tokens: 12)
        let lines = ViewTable(snapshot: snapshot).csv().split(separator: "\n").map(String.init)
        #expect(lines.first == ViewTable.header)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.allSatisfy { $0.count == 7 })
        func values(_ quantity: String) -> [Float] { rows.filter { $0[0] == quantity }.compactMap { Float($0[6]) } }
        // 9 significant digits read back to the identical Float.
        #expect(values("S") == snapshot.state?.values)
        #expect(values("new_write") == snapshot.update?.newWrite.values)
        #expect(values("gate_erase") == snapshot.update?.gateErase.values)
        #expect(values("alpha") == snapshot.alphaHistory.flatMap { $0 })
        #expect(values("token").map { Int($0) } == snapshot.tokens.map(\.id))
        // Each token's piece beside its id, quoted (a piece may hold a comma or a quote).
        #expect(rows.filter { $0[0] == "token_piece" }.map { $0[6] } == snapshot.tokens.map { "\"\($0.piece)\"" })
        let state = rows.first { $0[0] == "S" && $0[4] == "2" && $0[5] == "4" }
        #expect(state?[1] == "1" && state?[2] == "2" && state?[3] == String(snapshot.cursor + 1))
    }

    @Test func formatComesFromTheExtension() throws {
        #expect(try ViewExport.format(of: "a/b.SVG") == .svg)
        #expect(try ViewExport.format(of: "x.csv") == .csv)
        #expect(throws: CommandError("export: unknown format .png; use .svg, .txt, .json, .csv")) {
            try ViewExport.format(of: "x.png")
        }
        #expect(throws: CommandError.self) { try ViewExport.format(of: "noextension") }
    }

    @Test func writesEachFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshot = sampleSnapshot()
        let screen = Screen.render(snapshot: snapshot, ui: UIState(), size: TerminalSize(width: 100, height: 30))
        for format in ViewExport.Format.allCases {
            let path = directory.appendingPathComponent("view.\(format.rawValue)").path
            let written = try ViewExport.write(snapshot: snapshot, screen: screen, to: path)
            let text = try String(contentsOfFile: written, encoding: .utf8)
            switch format {
            case .svg: #expect(text.contains("<svg"))
            case .txt: #expect(text.hasPrefix(screen.text))
            case .json: #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
            case .csv: #expect(text.hasPrefix(ViewTable.header))
            }
        }
        #expect(throws: CommandError.self) {
            try ViewExport.write(snapshot: snapshot, screen: screen, to: "/nonexistent-dir/view.svg")
        }
    }
}

extension TerminalColor {
    var hexForTest: String {
        let c = approximateRGB!
        return RGB(c.red, c.green, c.blue).hex
    }
}
