import Foundation
import Testing
import GatedDelta
import GatedDeltaNet

/// Every reference case, both kernel forms: o and the final state within relative RMS 1e-5 of the
/// float64 recurrence (fp32 lands at 1e-7 to 1.5e-6, as fla's own fp32 code does).
@Suite struct GoldenKernelTests {
    static func cases(_ folder: String) -> [URL] {
        let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasSuffix(".safetensors") }.sorted().map { root.appendingPathComponent($0) }
    }

    @Test func flaGoldenCases() throws {
        let files = Self.cases("golden-kernels")
        #expect(files.count == 10)
        try checkAll(files)
    }

    @Test func extraShapesAndFlags() throws {
        let files = Self.cases("extra-kernels")
        #expect(files.count == 8)   // Samples/golden/make_kernel_cases.py
        try checkAll(files)
    }

    func checkAll(_ files: [URL]) throws {
        for file in files {
            for kernelCase in try KernelCase.load(contentsOf: file) {
                let checks = try kernelCase.verify(tolerance: 1e-5)
                #expect(checks.count == 4)
                for check in checks {
                    #expect(check.pass, "\(file.lastPathComponent) \(check.check) \(check.metric) = \(check.value)")
                }
            }
        }
    }

    @Test func everyChunkSizePassesTheLargestCase() throws {
        let file = Self.cases("golden-kernels").first { $0.lastPathComponent == "head128.safetensors" }!
        let kernelCase = try KernelCase.load(contentsOf: file)[0]
        for size in ChunkedGatedDelta.supportedChunkSizes {
            for check in try kernelCase.verify(tolerance: 1e-5, chunkSize: size) { #expect(check.pass, "C=\(size): \(check.value)") }
        }
    }

    @Test func aCorruptedExpectationFails() throws {
        // The comparison must be able to fail: perturb the expected output by 1e-3 relative.
        let file = Self.cases("golden-kernels")[0]
        let kernelCase = try KernelCase.load(contentsOf: file)[0]
        let result = RecurrentGatedDelta.forward(kernelCase.inputs, options: kernelCase.options)
        let perturbed = kernelCase.expectedOutput!.map { $0 * 1.001 }
        #expect(relativeRMSError(result.output, reference: perturbed) > 1e-5)
    }
}
