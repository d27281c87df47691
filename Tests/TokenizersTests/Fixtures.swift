import Foundation
import Testing
@testable import Tokenizers

/// The test fixtures: the four small tokenizers of the golden set, the real Mistral v1, Qwen2.5 and
/// Qwen3.5 tokenizer.json files (xz-compressed: 3.5 to 20 MB each), the golden vectors of HF
/// tokenizers 0.22.2 (`golden/`) and this project's own vectors (`generated/`, made by
/// Samples/tokenizers/make_vectors.py).
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static let smallNames = ["small-bytelevel", "small-ignore-merges", "small-llama-legacy", "small-metaspace-always"]
    static let realNames = ["mistral-v1", "qwen2.5", "qwen3.5"]

    /// A file's bytes, decompressed with xz when its name ends in .xz.
    static func data(_ relativePath: String) throws -> Data {
        let url = root.appendingPathComponent(relativePath)
        guard relativePath.hasSuffix(".xz") else { return try Data(contentsOf: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xz")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TokenizerError("xz failed on \(relativePath)") }
        return data
    }

    private static let cache = TokenizerCache()

    /// A tokenizer by name (small or real), loaded once per test process.
    static func tokenizer(_ name: String) throws -> HFTokenizer {
        try cache.tokenizer(name) {
            let path = smallNames.contains(name) ? "\(name)/tokenizer.json" : "real/\(name).tokenizer.json.xz"
            return try HFTokenizer(json: data(path))
        }
    }

    /// The lines of a JSONL fixture, parsed by Foundation (independently of the tokenizer's own reader).
    static func jsonLines(_ relativePath: String) throws -> [[String: Any]] {
        let data = try data(relativePath)
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) as? [String: Any])
        }
    }
}

private final class TokenizerCache: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: [String: HFTokenizer] = [:]

    func tokenizer(_ name: String, load: () throws -> HFTokenizer) throws -> HFTokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let tokenizer = loaded[name] { return tokenizer }
        let tokenizer = try load()
        loaded[name] = tokenizer
        return tokenizer
    }
}

/// Byte-exact string comparison (Swift's `==` on String is canonical equivalence).
func sameText(_ a: String?, _ b: String?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (a?, b?): a.utf8.elementsEqual(b.utf8)
    default: false
    }
}

/// Every vector of `file` (a JSON Lines fixture, `count` lines) against `tokenizer`: each field must
/// equal HF's; the first few differences are reported.
func expectEveryVector(in file: String, count: Int, tokenizer: HFTokenizer, name: String) throws {
    let vectors = try Fixtures.jsonLines(file)
    #expect(vectors.count == count)
    let failures = vectors.compactMap { difference($0, tokenizer) }
    #expect(failures.isEmpty, "\(name): \(failures.count) of \(vectors.count) differ; first: \(failures.prefix(5).joined(separator: "\n"))")
}

/// One vector checked field by field; returns the first difference, or nil.
func difference(_ vector: [String: Any], _ tokenizer: HFTokenizer) -> String? {
    guard let text = vector["text"] as? String, let add = vector["add_special_tokens"] as? Bool else { return "malformed vector" }
    let encoding = tokenizer.encode(text, addSpecialTokens: add)
    let label = "\(text.debugDescription.prefix(80)) add=\(add)"
    let ids = (vector["ids"] as? [NSNumber])?.map(\.intValue) ?? []
    if encoding.ids != ids { return "\(label): ids \(encoding.ids) expected \(ids)" }
    let tokens = vector["tokens"] as? [String] ?? []
    if tokens.count != encoding.tokens.count || !zip(tokens, encoding.tokens).allSatisfy(sameText) {
        return "\(label): tokens \(encoding.tokens) expected \(tokens)"
    }
    let decoded = tokenizer.decode(ids, skipSpecialTokens: false)
    if !sameText(decoded, vector["decoded"] as? String) {
        return "\(label): decoded \(decoded.debugDescription) expected \((vector["decoded"] as? String ?? "").debugDescription)"
    }
    let skipped = tokenizer.decode(ids, skipSpecialTokens: true)
    if !sameText(skipped, vector["decoded_skip_special"] as? String) {
        return "\(label): decoded_skip_special \(skipped.debugDescription) expected \((vector["decoded_skip_special"] as? String ?? "").debugDescription)"
    }
    var stream = DecodeStream(tokenizer: tokenizer, skipSpecialTokens: false)
    let chunks = ids.map { stream.step($0) }
    let expected = (vector["stream"] as? [Any]) ?? []
    let expectedChunks = expected.map { $0 as? String }
    if chunks.count != expectedChunks.count || !zip(chunks, expectedChunks).allSatisfy(sameText) {
        return "\(label): stream \(chunks) expected \(expectedChunks)"
    }
    return nil
}
