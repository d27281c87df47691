import Foundation
import Testing
@testable import SafeTensors
@testable import gdn_fuzz

/// A file built from raw bytes that the reader must reject with a specific message.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let label: String
    let data: Data
    /// A part of the message that identifies this problem (and the tensor, if any).
    let expected: String

    var testDescription: String { label }

    /// 8-byte length, then the header as given (unpadded), then `dataBytes` zero bytes.
    init(_ label: String, header: String, dataBytes: Int = 0, expected: String) {
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: [UInt8](repeating: 0, count: dataBytes))
        self.init(label, data: data, expected: expected)
    }

    /// An arbitrary declared header length followed by `rest`.
    init(_ label: String, headerLength: UInt64, rest: [UInt8] = [], expected: String) {
        var data = Data()
        withUnsafeBytes(of: headerLength.littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: rest)
        self.init(label, data: data, expected: expected)
    }

    init(_ label: String, data: Data, expected: String) {
        self.label = label
        self.data = data
        self.expected = expected
    }
}

/// A header holding one tensor entry named "w" with the given JSON fields.
private func entry(_ fields: String) -> String { #"{"w":{"# + fields + "}}" }

let malformedCases: [MalformedCase] = [
    MalformedCase("empty file", data: Data(), expected: "file is too short (0 bytes)"),
    MalformedCase("7-byte file", data: Data([1, 0, 0, 0, 0, 0, 0]), expected: "file is too short (7 bytes)"),
    MalformedCase("header past end", headerLength: 100, rest: Array("{}".utf8),
                  expected: "header length 100 runs past the end of the file (10 bytes)"),
    MalformedCase("header over 100 MB", headerLength: 100_000_001,
                  expected: "header length 100000001 exceeds the limit of 100000000 bytes"),
    MalformedCase("header length 2^60", headerLength: 1 << 60,
                  expected: "header length 1152921504606846976 exceeds the limit"),
    MalformedCase("header length 2^64-1", headerLength: .max,
                  expected: "header length 18446744073709551615 exceeds the limit"),
    MalformedCase("invalid JSON", header: #"{"w": {"dtype": "#, expected: "header is not valid JSON"),
    MalformedCase("invalid UTF-8", data: Data([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe]),
                  expected: "header is not valid UTF-8"),
    MalformedCase("JSON array", header: "[1, 2]", expected: "header is not a JSON object (found an array)"),
    MalformedCase("entry not an object", header: #"{"w": [1]}"#,
                  expected: "tensor 'w': entry is an array, not an object"),
    MalformedCase("missing dtype", header: entry(#""shape":[1],"data_offsets":[0,4]"#), dataBytes: 4,
                  expected: #"tensor 'w': missing "dtype""#),
    MalformedCase("missing shape", header: entry(#""dtype":"F32","data_offsets":[0,4]"#), dataBytes: 4,
                  expected: #"tensor 'w': missing "shape""#),
    MalformedCase("missing data_offsets", header: entry(#""dtype":"F32","shape":[1]"#), dataBytes: 4,
                  expected: #"tensor 'w': missing "data_offsets""#),
    MalformedCase("dtype not a string", header: entry(#""dtype":32,"shape":[1],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: #"tensor 'w': "dtype" is a number, not a string"#),
    MalformedCase("shape not an array", header: entry(#""dtype":"F32","shape":"1","data_offsets":[0,4]"#),
                  dataBytes: 4, expected: #"tensor 'w': "shape" is a string, not an array of integers"#),
    MalformedCase("fractional dimension", header: entry(#""dtype":"F32","shape":[1.5],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: #"tensor 'w': "shape" contains a number, not only integers"#),
    MalformedCase("data_offsets of one", header: entry(#""dtype":"F32","shape":[1],"data_offsets":[4]"#),
                  dataBytes: 4, expected: #"tensor 'w': "data_offsets" is an array, not an array of two integers"#),
    MalformedCase("data_offsets of strings",
                  header: entry(#""dtype":"F32","shape":[1],"data_offsets":["0","4"]"#), dataBytes: 4,
                  expected: #"tensor 'w': "data_offsets" contains a string, not only integers"#),
    MalformedCase("unknown dtype", header: entry(#""dtype":"F33","shape":[1],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: #"tensor 'w': unknown dtype "F33""#),
    MalformedCase("negative dimension", header: entry(#""dtype":"F32","shape":[2,-3],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: "tensor 'w': negative dimension -3 in shape"),
    MalformedCase("element count overflow",
                  header: entry(#""dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: "tensor 'w': shape [4294967296, 4294967296] is too large (element count overflows)"),
    MalformedCase("dimension beyond Int",
                  header: entry(#""dtype":"U8","shape":[18446744073709551616],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: "tensor 'w': shape [18446744073709551616] is too large (element count overflows)"),
    MalformedCase("byte size overflow",
                  header: entry(#""dtype":"I64","shape":[2305843009213693952],"data_offsets":[0,4]"#),
                  dataBytes: 4, expected: "tensor 'w': shape [2305843009213693952] is too large (byte size overflows)"),
    MalformedCase("size differs from offsets", header: entry(#""dtype":"F32","shape":[2,3],"data_offsets":[0,20]"#),
                  dataBytes: 24, expected: "tensor 'w': shape [2, 3] of F32 needs 24 bytes but data_offsets span 20"),
    MalformedCase("end past end of file", header: entry(#""dtype":"F32","shape":[2],"data_offsets":[4,12]"#),
                  dataBytes: 8, expected: "tensor 'w': data_offsets [4, 12] out of range of the data buffer (8 bytes)"),
    MalformedCase("negative begin", header: entry(#""dtype":"F32","shape":[1],"data_offsets":[-4,0]"#),
                  dataBytes: 8, expected: "tensor 'w': data_offsets [-4, 0] out of range of the data buffer"),
    MalformedCase("offset beyond Int",
                  header: entry(#""dtype":"U8","shape":[0],"data_offsets":[18446744073709551615,18446744073709551615]"#),
                  dataBytes: 8, expected: "tensor 'w': data_offsets [18446744073709551616, 18446744073709551616] out of range"),
    MalformedCase("begin after end", header: entry(#""dtype":"F32","shape":[1],"data_offsets":[8,4]"#),
                  dataBytes: 8, expected: "tensor 'w': data_offsets begin 8 is after end 4"),
    MalformedCase("overlapping tensors",
                  header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]}}"#,
                  dataBytes: 12, expected: "tensors 'a' [0, 8] and 'b' [4, 12] overlap"),
    MalformedCase("tensor inside another",
                  header: #"{"a":{"dtype":"U8","shape":[12],"data_offsets":[0,12]},"b":{"dtype":"U8","shape":[1],"data_offsets":[4,5]},"c":{"dtype":"U8","shape":[1],"data_offsets":[8,9]}}"#,
                  dataBytes: 12, expected: "tensors 'a' [0, 12] and 'b' [4, 5] overlap"),
    MalformedCase("metadata value not a string", header: #"{"__metadata__":{"ok":"x","n":1}}"#,
                  expected: "__metadata__ value for key 'n' is a number, not a string"),
    MalformedCase("metadata not an object", header: #"{"__metadata__":["x"]}"#,
                  expected: "__metadata__ is an array, not an object"),
]

@Suite struct MalformedFileTests {
    @Test(arguments: malformedCases)
    func rejectsWithSpecificMessage(_ malformed: MalformedCase) {
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(data: malformed.data) }
        let message = error?.message ?? ""
        #expect(message.contains(malformed.expected), "got: \(message)")
        #expect(!message.contains("\n"))
        #expect(error?.description == message)
    }

    /// Each problem is told apart: the messages all differ, and each case's identifying
    /// fragment appears in its own message only.
    @Test func messagesAreDistinct() throws {
        var messages: [String] = []
        for malformed in malformedCases {
            do {
                _ = try SafeTensorsFile(data: malformed.data)
            } catch let error as SafeTensorsError {
                messages.append(error.message)
            }
        }
        try #require(messages.count == malformedCases.count)
        #expect(Set(messages).count == messages.count)
        for malformed in malformedCases {
            let matching = messages.filter { $0.contains(malformed.expected) }
            #expect(matching.count == 1, "\(malformed.label): \(matching)")
        }
    }

    /// A header whose data buffer is offset inside a larger `Data` (a slice) still works.
    @Test func readsFromDataSlice() throws {
        var writer = SafeTensorsWriter()
        try writer.add("w", floats: [1, 2, 3], shape: [3], as: .f16)
        let padded = Data([9, 9, 9]) + writer.serialized() + Data([9])
        let slice = padded[3...]
        let file = try SafeTensorsFile(data: slice)
        #expect(try file.floats("w") == [1, 2, 3])
    }
}

@Suite struct TolerantReadingTests {
    private func file(_ header: String, dataBytes: [UInt8]) throws -> SafeTensorsFile {
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: dataBytes)
        return try SafeTensorsFile(data: data)
    }

    @Test func allowsTrailingBytesGapsAndUnsortedEntries() throws {
        let file = try file(
            #"{"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]},"a":{"dtype":"BF16","shape":[1],"data_offsets":[1,3]}}"#,
            dataBytes: [0, 0x80, 0x3f, 0, 0, 0, 7, 8, 0xff, 0xff])
        #expect(file.tensorNames == ["a", "b"])
        #expect(try file.floats("a") == [1])
        #expect(try file.bytes("b") == [7, 8])
    }

    @Test func allowsEmptyTensorsAtAnyOffsetAndNullMetadata() throws {
        let file = try file(
            #"{"__metadata__":null,"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0,5],"data_offsets":[4,4]}}"#,
            dataBytes: [UInt8](repeating: 0, count: 8))
        #expect(file.metadata.isEmpty)
        #expect(try file.floats("e") == [])
        #expect(try file.floats("x") == [0, 0])
    }

    @Test func headerWithOnlyWhitespacePaddingAndNoTensors() throws {
        let file = try file("{}  \n\t  ", dataBytes: [])
        #expect(file.tensorNames.isEmpty)
    }

    @Test func requestErrorsNameTheTensor() throws {
        var writer = SafeTensorsWriter()
        try writer.add("w", floats: [1], shape: [1])
        let file = try SafeTensorsFile(data: writer.serialized())
        let missing = #expect(throws: SafeTensorsError.self) { try file.floats("v") }
        #expect(missing?.message == "no tensor named 'v'")
        let int32s = #expect(throws: SafeTensorsError.self) { try file.int32s("w") }
        #expect(int32s?.message == "tensor 'w' has dtype F32; int32s needs I32, I64 or U8")
        let int64s = #expect(throws: SafeTensorsError.self) { try file.int64s("w") }
        #expect(int64s?.message == "tensor 'w' has dtype F32; int64s needs I64, I32 or U8")
        #expect(try file.bytes("w") == [0, 0, 0x80, 0x3f])
    }
}

/// The malformed cases and two valid kernel files are the safetensors fuzzer's seeds
/// (`Tests/FuzzCorpus/safetensors`); a finding of the fuzzer becomes a case above.
@Suite struct SafeTensorsSeedCorpusTests {
    @Test func seedFilesAreTheMalformedCases() throws {
        let prefix = "malformed-"
        let seeds = Dictionary(uniqueKeysWithValues: malformedCases.map {
            (SeedCorpus.fileName($0.label, prefix: prefix), $0.data)
        })
        #expect(seeds.count == malformedCases.count, "labels must give distinct file names")
        let differing = try SeedCorpus.sync(target: "safetensors", prefix: prefix, seeds: seeds)
        #expect(differing.isEmpty, "run once with GDN_UPDATE_FUZZ_CORPUS=1 to rewrite: \(differing)")
    }

    /// The same files, header and data split at a NUL, for the target that writes the length itself.
    @Test func headerSeedsAreTheSameFiles() throws {
        var seeds: [String: Data] = [:]
        for (name, data) in SeedCorpus.files(of: "safetensors") {
            guard let input = HeaderInput.input(fromFile: data) else { continue }
            #expect(HeaderInput.file(input) == data, "\(name) round-trips")
            seeds["seed-" + name] = input
        }
        #expect(seeds.count >= malformedCases.count - 4, "all but the cases about the length field")
        let differing = try SeedCorpus.sync(target: "safetensors-header", prefix: "seed-", seeds: seeds)
        #expect(differing.isEmpty, "run once with GDN_UPDATE_FUZZ_CORPUS=1 to rewrite: \(differing)")
    }

    /// Names and strings from the file are escaped in messages, which stay one printable line.
    @Test func controlBytesInNamesAreEscapedInMessages() {
        let header = #"{"a\u001b[2J\nb":{"dtype":"F\t33","shape":[1],"data_offsets":[0,4]}}"#
        let malformed = MalformedCase("control bytes", header: header, dataBytes: 4, expected: "")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(data: malformed.data) }
        #expect(error?.message == #"tensor 'a\x1b[2J\nb': unknown dtype "F\t33""#)
    }
}
