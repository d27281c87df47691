import Testing
@testable import TerminalUI

@Suite struct CommandParserTests {
    func parse(_ s: String) -> Command? { try? CommandParser.parse(s).get() }
    func error(_ s: String) -> String? {
        if case .failure(let e) = CommandParser.parse(s) { return e.message }
        return nil
    }

    @Test func fullNames() {
        #expect(parse(":help") == .help)
        #expect(parse(":load models/tiny") == .load(path: "models/tiny"))
        #expect(parse(":prompt Hello there") == .prompt("Hello there"))
        #expect(parse(":reset") == .reset)
        #expect(parse(":gen 20") == .generate(count: 20))
        #expect(parse(":goto 7") == .goto(step: 7))
        #expect(parse(":layer 1") == .layer(1))
        #expect(parse(":head 3") == .head(3))
        #expect(parse(":scale auto") == .scale(.auto))
        #expect(parse(":scale locked") == .scale(.locked))
        #expect(parse(":scale 0.25") == .scale(.value(0.25)))
        #expect(parse(":set temperature 0.7") == .set(.temperature(0.7)))
        #expect(parse(":set top-k 5") == .set(.topK(5)))
        #expect(parse(":set speed 10") == .set(.speed(10)))
        #expect(parse(":export out.txt") == .export(path: "out.txt"))
        #expect(parse(":quit") == .quit)
    }

    @Test func textWithoutColonIsFed() {
        #expect(parse("hello :world") == .feed("hello :world"))
        #expect(parse(" :x") == .feed(" :x"))
    }

    @Test func prefixes() {
        #expect(parse(":la 1") == .layer(1))
        #expect(parse(":q") == .quit)
        #expect(parse(":sc 2") == .scale(.value(2)))
        #expect(parse(":se temp 1") == .set(.temperature(1)))
        #expect(parse(":hea 0") == .head(0))
        #expect(error(":he 0") == ":he is ambiguous: :help :head")
        #expect(parse(":hel") == .help)
    }

    @Test func ambiguityAndErrorsAreExplained() {
        #expect(error(":s 1") == ":s is ambiguous: :scale :set")
        #expect(error(":g 3")?.contains(":gen :goto") == true)
        #expect(error(":h")?.contains("ambiguous") == true)
        #expect(error(":frobnicate")?.contains("unknown command :frobnicate") == true)
        #expect(error(":layer x")?.contains("usage: :layer N") == true)
        #expect(error(":layer -1")?.contains("at least 0") == true)
        #expect(error(":gen 0") != nil)
        #expect(error(":load") != nil)
        #expect(error(":scale -1") != nil)
        #expect(error(":set bogus 1")?.contains("unknown setting") == true)
        #expect(error(":set top-k 0") != nil)
        #expect(error(":reset now") != nil)
        #expect(error(":") != nil)
    }
}
