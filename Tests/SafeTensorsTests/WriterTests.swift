import Foundation
import Testing
@testable import SafeTensors

@Suite struct WriterTests {
    /// The header JSON (with padding) of a serialized file.
    private func header(of data: Data) -> String {
        let length = Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        return String(decoding: data.dropFirst(8).prefix(length), as: UTF8.self)
    }

    @Test func headerIsPaddedWithSpacesToMultipleOfEight() throws {
        for nameLength in 1...9 {
            var writer = SafeTensorsWriter()
            try writer.add(String(repeating: "n", count: nameLength), bytes: [1], shape: [1])
            let data = writer.serialized()
            let json = header(of: data)
            #expect(json.utf8.count % 8 == 0)
            #expect(json.hasPrefix("{") && json.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
            #expect(data.count == 8 + json.utf8.count + 1)
            #expect(data.last == 1)
        }
    }

    @Test func metadataOnlyWhenNonEmpty() throws {
        var writer = SafeTensorsWriter()
        try writer.add("a", bytes: [], shape: [0])
        #expect(!header(of: writer.serialized()).contains("__metadata__"))
        writer.metadata["k"] = "v"
        #expect(header(of: writer.serialized()).contains("\"__metadata__\":{\"k\":\"v\"}"))
    }

    @Test func tensorsLaidOutInInsertionOrder() throws {
        var writer = SafeTensorsWriter()
        try writer.add("z", floats: [1, 2], shape: [2])
        try writer.add("a", bytes: [9], shape: [1])
        try writer.add("m", int64s: [3], shape: [1])
        let file = try SafeTensorsFile(data: writer.serialized())
        #expect(file.tensorNames == ["z", "a", "m"])
        #expect(file.info("z")?.byteRange == 0..<8)
        #expect(file.info("a")?.byteRange == 8..<9)
        #expect(file.info("m")?.byteRange == 9..<17)  // unaligned, read back below
        #expect(try file.int64s("m") == [3])
    }

    @Test func emptyWriterProducesValidFile() throws {
        let data = SafeTensorsWriter().serialized()
        #expect(header(of: data) == "{}      ")
        let file = try SafeTensorsFile(data: data)
        #expect(file.tensorNames.isEmpty)
        #expect(file.metadata.isEmpty)
    }

    @Test func rejectsInvalidAdditions() throws {
        var writer = SafeTensorsWriter()
        try writer.add("w", floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])

        let duplicate = #expect(throws: SafeTensorsError.self) { try writer.add("w", bytes: [1], shape: [1]) }
        #expect(duplicate?.message == "tensor 'w' was already added")

        let mismatch = #expect(throws: SafeTensorsError.self) { try writer.add("x", floats: [1, 2], shape: [3]) }
        #expect(mismatch?.message == "tensor 'x': shape [3] has 3 elements but 2 values were given")

        let negative = #expect(throws: SafeTensorsError.self) { try writer.add("x", int32s: [], shape: [-1, 0]) }
        #expect(negative?.message.contains("negative dimension -1") == true)

        let overflow = #expect(throws: SafeTensorsError.self) {
            try writer.add("x", int64s: [], shape: [1 << 40, 1 << 40, 0])
        }
        #expect(overflow?.message.contains("overflows") == true)

        let wrongDType = #expect(throws: SafeTensorsError.self) {
            try writer.add("x", floats: [1], shape: [1], as: .i32)
        }
        #expect(wrongDType?.message.contains("not I32") == true)

        let reserved = #expect(throws: SafeTensorsError.self) {
            try writer.add("__metadata__", bytes: [1], shape: [1])
        }
        #expect(reserved?.message.contains("reserved") == true)

        // Failed additions leave the writer as it was.
        #expect(try SafeTensorsFile(data: writer.serialized()).tensorNames == ["w"])
    }

    @Test func writesAndReadsFiles() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("safetensors-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        var writer = SafeTensorsWriter(metadata: ["format": "pt"])
        try writer.add("w", floats: [0.5, -1], shape: [1, 2], as: .bf16)
        try writer.write(to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(try file.floats("w") == [0.5, -1])
        #expect(file.metadata == ["format": "pt"])
    }

    @Test func missingFileIsAnError() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: url) }
        #expect(error?.message.hasPrefix("cannot read model.safetensors") == true)
    }
}
