import Foundation
import Testing
@testable import gdn_fuzz

/// Every seed and every past finding of the fuzzer, replayed through its target with the fuzzer's own
/// checks: accepted, or refused with a one-line printable message; never a trap.
@Suite struct SeedReplayTests {
    @Test func everyTargetHasSeedsAndEveryFolderATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: SeedCorpus.root.path).sorted()
        #expect(folders == FuzzTarget.all.map(\.name).sorted())
        for target in FuzzTarget.all { #expect(!SeedCorpus.files(of: target.name).isEmpty, "\(target.name)") }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func seedsPassTheFuzzersChecks(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for (file, data) in SeedCorpus.files(of: name) {
            #expect(problem(target, data) == nil, "\(name)/\(file)")
        }
    }

    /// The check the fuzzer relies on does catch a message with a raw control byte.
    @Test func aRawControlByteInAMessageIsAProblem() {
        struct Planted: Error, CustomStringConvertible { var description: String { "bad\nname" } }
        let target = FuzzTarget(name: "planted", parse: { _ in throw Planted() })
        #expect(problem(target, Data())?.contains("U+a") == true)
    }
}
