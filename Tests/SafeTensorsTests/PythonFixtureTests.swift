import Foundation
import Testing
@testable import SafeTensors

/// A file written by Python's safetensors 0.8.0 (numpy 2), generated with:
///
///     import base64, numpy as np
///     from safetensors.numpy import save
///     b = save({
///         "weight": np.array([[1.5, -2.0, 0.25], [3.0, 0.0, -0.125]], dtype=np.float32),
///         "half": np.array([1.0, -0.5, 65504.0, 2.0**-24], dtype=np.float16),
///         "ids": np.array([[1, -2], [2**40, 7]], dtype=np.int64),
///         "count": np.array(42, dtype=np.int32),
///         "mask": np.array([0, 1, 255], dtype=np.uint8),
///     }, metadata={"format": "np", "source": "python"})
///     print(base64.b64encode(b).decode())
///
/// The library orders tensors by alignment, so "count" (I32) sits at offset 56 and
/// "half" (F16) at 60 of the data buffer: the reads below are unaligned.
let pythonFixture = Data(base64Encoded: """
    WAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJucCIsInNvdXJjZSI6InB5dGhvbiJ9LCJpZHMiOnsiZHR5cGUiOiJJNjQi\
    LCJzaGFwZSI6WzIsMl0sImRhdGFfb2Zmc2V0cyI6WzAsMzJdfSwid2VpZ2h0Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyLDNdLCJk\
    YXRhX29mZnNldHMiOlszMiw1Nl19LCJjb3VudCI6eyJkdHlwZSI6IkkzMiIsInNoYXBlIjpbXSwiZGF0YV9vZmZzZXRzIjpbNTYsNjBd\
    fSwiaGFsZiI6eyJkdHlwZSI6IkYxNiIsInNoYXBlIjpbNF0sImRhdGFfb2Zmc2V0cyI6WzYwLDY4XX0sIm1hc2siOnsiZHR5cGUiOiJV\
    OCIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzY4LDcxXX19IAEAAAAAAAAA/v////////8AAAAAAAEAAAcAAAAAAAAAAADAPwAA\
    AMAAAIA+AABAQAAAAAAAAAC+KgAAAAA8ALj/ewEAAAH/
    """)!

@Suite struct PythonFixtureTests {
    @Test func readsHeaderAndMetadata() throws {
        let file = try SafeTensorsFile(data: pythonFixture)
        #expect(file.metadata == ["format": "np", "source": "python"])
        #expect(file.tensorNames == ["ids", "weight", "count", "half", "mask"])
        #expect(file.info("weight") == TensorInfo(name: "weight", dtype: .f32, shape: [2, 3], byteRange: 32..<56))
        #expect(file.info("count")?.shape == [])
        #expect(file.info("count")?.elementCount == 1)
        #expect(file.info("half")?.byteRange == 60..<68)
        #expect(file.contains("mask"))
        #expect(!file.contains("__metadata__"))
        #expect(file.info("missing") == nil)
    }

    @Test func readsValues() throws {
        let file = try SafeTensorsFile(data: pythonFixture)
        #expect(try file.floats("weight") == [1.5, -2.0, 0.25, 3.0, 0.0, -0.125])
        #expect(try file.floats("half") == [1.0, -0.5, 65504.0, 0x1p-24])
        #expect(try file.int64s("ids") == [1, -2, 1 << 40, 7])
        #expect(try file.int32s("count") == [42])
        #expect(try file.int64s("count") == [42])
        #expect(try file.floats("count") == [42])
        #expect(try file.bytes("mask") == [0, 1, 255])
        #expect(try file.int32s("mask") == [0, 1, 255])
        #expect(try file.bytes("count") == [42, 0, 0, 0])
    }

    @Test func narrowingI64ToInt32IsRangeChecked() throws {
        let file = try SafeTensorsFile(data: pythonFixture)
        let error = #expect(throws: SafeTensorsError.self) { try file.int32s("ids") }
        #expect(error?.message == "tensor 'ids': I64 value 1099511627776 at index 2 does not fit in Int32")
    }

    /// Our writer lays out a file exactly as the Python library does when given the same order.
    @Test func writerReproducesPythonBytes() throws {
        var writer = SafeTensorsWriter(metadata: ["source": "python", "format": "np"])
        try writer.add("ids", int64s: [1, -2, 1 << 40, 7], shape: [2, 2])
        try writer.add("weight", floats: [1.5, -2.0, 0.25, 3.0, 0.0, -0.125], shape: [2, 3])
        try writer.add("count", int32s: [42], shape: [])
        try writer.add("half", floats: [1.0, -0.5, 65504.0, 0x1p-24], shape: [4], as: .f16)
        try writer.add("mask", bytes: [0, 1, 255], shape: [3])
        #expect(writer.serialized() == pythonFixture)
    }
}
