import TextEscaping
import ArgumentParser
import Foundation
import SafeTensors
import Tokenizers

/// `gdn-tui tokenize`: a Hugging Face tokenizer.json on some text, as HF tokenizers would encode and
/// decode it. `--jsonl` speaks the schema of the golden tokenizer vectors, so its output can be
/// compared with HF's field by field.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Encode text with a Hugging Face tokenizer.json (BPE) and show the ids and pieces.",
        discussion: """
        With --jsonl FILE each input line is {"text": ..., "add_special_tokens": true|false} (default \
        true, or false with --no-special) and each output line {"ids": [...], "tokens": [...], \
        "decoded": ..., "decoded_skip_special": ..., "stream": [...]}: stream holds what a streaming \
        decode shows as the ids arrive one by one, null where it shows nothing yet. Exit status 2 when \
        the tokenizer or the input file cannot be read.
        """)

    @Argument(help: "A tokenizer.json file, or a model directory holding one.")
    var tokenizer: String

    @Option(help: "The text to encode.")
    var text: String?

    @Option(help: "A JSONL file of texts to encode.")
    var jsonl: String?

    @Flag(help: "Do not add the template's special tokens (e.g. a leading <s>).")
    var noSpecial = false

    func validate() throws {
        if (text == nil) == (jsonl == nil) { throw ValidationError("give exactly one of --text and --jsonl") }
    }

    func run() throws {
        var url = URL(fileURLWithPath: tokenizer)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url = url.appendingPathComponent("tokenizer.json")
        }
        let loaded = try FileRefused.reading { try HFTokenizer(contentsOf: url) }
        if let text {
            printPlain(loaded.encode(text, addSpecialTokens: !noSpecial), tokenizer: loaded)
        } else if let jsonl {
            try encodeLines(of: jsonl, with: loaded)
        }
    }

    private func printPlain(_ encoding: Encoding, tokenizer: HFTokenizer) {
        print("\(encoding.ids.count) tokens")
        for (index, (id, piece)) in zip(encoding.ids, encoding.tokens).enumerated() {
            let mark = tokenizer.isSpecial(id) ? "  special" : ""
            print("\(String(index).leftPadded(6)) \(String(id).leftPadded(7))  \"\(ByteEscaping.escaped(piece))\"\(mark)")
        }
        print("decoded: \"\(ByteEscaping.escaped(tokenizer.decode(encoding.ids, skipSpecialTokens: false)))\"")
    }

    private func encodeLines(of path: String, with tokenizer: HFTokenizer) throws {
        let data = try FileRefused.reading { () throws -> Data in
            guard let data = FileManager.default.contents(atPath: path) else { throw FileRefused(description: "\(path): cannot read the file") }
            return data
        }
        var output = ""
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let text = object["text"] as? String else {
                throw FileRefused(description: "\(path): line \(number + 1): expected {\"text\": ..., \"add_special_tokens\": ...}")
            }
            let addSpecial = (object["add_special_tokens"] as? Bool) ?? !noSpecial
            let encoding = tokenizer.encode(text, addSpecialTokens: addSpecial)
            var stream = DecodeStream(tokenizer: tokenizer, skipSpecialTokens: false)
            let chunks = encoding.ids.map { stream.step($0) }
            output += "{\"ids\": [" + encoding.ids.map(String.init).joined(separator: ", ") + "], "
            output += "\"tokens\": [" + encoding.tokens.map(JSONText.quoted).joined(separator: ", ") + "], "
            output += "\"decoded\": " + JSONText.quoted(tokenizer.decode(encoding.ids, skipSpecialTokens: false)) + ", "
            output += "\"decoded_skip_special\": " + JSONText.quoted(tokenizer.decode(encoding.ids, skipSpecialTokens: true)) + ", "
            output += "\"stream\": [" + chunks.map { $0.map(JSONText.quoted) ?? "null" }.joined(separator: ", ") + "]}\n"
            if output.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(output.utf8)); output = "" }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// JSON string literals as the golden vectors write them: UTF-8 kept, quotes, backslashes and C0
/// controls escaped, and the characters some readers take for line breaks (U+0085, U+2028, U+2029,
/// U+FEFF, the C1 controls, DEL) written as \u escapes, so the output can be split on any of them.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
