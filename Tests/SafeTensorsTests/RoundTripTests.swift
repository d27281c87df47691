import Foundation
import Testing
@testable import SafeTensors

@Suite struct RoundTripTests {
    private func roundTrip(_ writer: SafeTensorsWriter) throws -> SafeTensorsFile {
        try SafeTensorsFile(data: writer.serialized())
    }

    @Test func everyDTypeAndShape() throws {
        var writer = SafeTensorsWriter(metadata: ["arch": "gdn", "quote\"and\\slash": "line\nbreak\u{1}é"])
        try writer.add("f32", floats: [1, -2.5, .infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude],
                       shape: [2, 3])
        try writer.add("f16", floats: [0, 1, -2.5, 65504, 0x1p-24, 0x1p-14, -.infinity], shape: [7], as: .f16)
        try writer.add("bf16", floats: [1, -3.5, 0x1p100, 0x1p-126, .infinity, 0.15625], shape: [3, 2], as: .bf16)
        try writer.add("i32", int32s: [.min, -1, 0, .max], shape: [2, 2])
        try writer.add("i64", int64s: [.min, -1, 0, .max], shape: [4, 1])
        try writer.add("u8", bytes: [0, 127, 255], shape: [3])
        try writer.add("scalar", floats: [3.25], shape: [])
        try writer.add("empty", floats: [], shape: [0])
        try writer.add("empty3d", int32s: [], shape: [2, 0, 3])

        let file = try roundTrip(writer)
        #expect(file.metadata == writer.metadata)
        #expect(file.tensorNames == ["f32", "f16", "bf16", "i32", "i64", "u8", "scalar", "empty", "empty3d"])

        let f32 = try file.floats("f32")
        #expect(f32 == [1, -2.5, .infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
        #expect(f32[3].sign == .minus)
        #expect(try file.floats("f16") == [0, 1, -2.5, 65504, 0x1p-24, 0x1p-14, -.infinity])
        #expect(try file.floats("bf16") == [1, -3.5, 0x1p100, 0x1p-126, .infinity, 0.15625])
        #expect(try file.int32s("i32") == [.min, -1, 0, .max])
        #expect(try file.int64s("i64") == [.min, -1, 0, .max])
        #expect(try file.bytes("u8") == [0, 127, 255])
        #expect(try file.floats("scalar") == [3.25])
        #expect(try file.floats("empty") == [])
        #expect(try file.int32s("empty3d") == [])

        #expect(file.info("f16")?.dtype == .f16)
        #expect(file.info("bf16")?.shape == [3, 2])
        #expect(file.info("bf16")?.byteRange.count == 12)
        #expect(file.info("i64")?.elementCount == 4)
        #expect(file.info("scalar")?.shape == [])
        #expect(file.info("scalar")?.elementCount == 1)
        #expect(file.info("empty3d")?.shape == [2, 0, 3])
        #expect(file.info("empty3d")?.elementCount == 0)
    }

    @Test func integersWidenToFloatsAndInt64() throws {
        var writer = SafeTensorsWriter()
        try writer.add("i32", int32s: [-7, 1 << 20], shape: [2])
        try writer.add("i64", int64s: [-7, 1 << 40], shape: [2])
        try writer.add("u8", bytes: [200], shape: [1])
        try writer.add("i64Small", int64s: [-7, Int64(Int32.max), Int64(Int32.min)], shape: [3])
        let file = try roundTrip(writer)
        #expect(try file.floats("i32") == [-7, 1_048_576])
        #expect(try file.floats("i64") == [-7, 0x1p40])
        #expect(try file.floats("u8") == [200])
        #expect(try file.int64s("i32") == [-7, 1 << 20])
        #expect(try file.int64s("u8") == [200])
        #expect(try file.int32s("i64Small") == [-7, .max, .min])
    }

    @Test func f16NarrowingRoundsToNearestEven() throws {
        // Between 1 and 2, F16 steps by 2^-10.
        let inputs: [Float] = [
            1 + 0x1p-11,  // tie between 1 (even) and 1 + 2^-10: goes down
            1 + 3 * 0x1p-11,  // tie between 1 + 2^-10 (odd) and 1 + 2^-9: goes up
            1 + 0x1p-11 + 0x1p-20,  // just above the tie: goes up
            65519,  // below the tie between 65504 and 65536: stays finite
            65520,  // tie, 65504 is odd: rounds to infinity
            0x1p-25,  // half the smallest subnormal, tie with 0: goes to 0
            0x1p-25 + 0x1p-35,  // just above: smallest subnormal
            -.nan,
        ]
        var writer = SafeTensorsWriter()
        try writer.add("x", floats: inputs, shape: [inputs.count], as: .f16)
        let values = try roundTrip(writer).floats("x")
        let expected: [Float] = [1, 1 + 0x1p-9, 1 + 0x1p-10, 65504, .infinity, 0, 0x1p-24]
        #expect(Array(values.prefix(7)) == expected)
        #expect(values[7].isNaN)
    }

    @Test func bf16NarrowingRoundsToNearestEven() throws {
        // Between 1 and 2, BF16 steps by 2^-7.
        let inputs: [Float] = [
            1 + 0x1p-8,  // tie, 1 is even: goes down
            1 + 3 * 0x1p-8,  // tie, 1 + 2^-7 is odd: goes up to 1 + 2^-6
            1 + 0x1p-8 + 0x1p-20,  // above the tie: goes up
            -(1 + 0x1p-8 + 0x1p-20),  // same, negative
            .greatestFiniteMagnitude,  // rounds past the largest BF16: infinity
            .nan,
            Float(bitPattern: 0x7f80_0001),  // NaN whose payload lies only in the dropped bits
        ]
        var writer = SafeTensorsWriter()
        try writer.add("x", floats: inputs, shape: [inputs.count], as: .bf16)
        let file = try roundTrip(writer)
        let values = try file.floats("x")
        let expected: [Float] = [1, 1 + 0x1p-6, 1 + 0x1p-7, -(1 + 0x1p-7), .infinity]
        #expect(Array(values.prefix(5)) == expected)
        #expect(values[5].isNaN)
        #expect(values[6].isNaN)
        #expect(try file.bytes("x").count == 2 * inputs.count)
    }
}
