// swift-tools-version:6.0
import Foundation
import PackageDescription

// The architecture, bottom to top (dependencies point down only):
//   TextEscaping     bytes and text made safe for a terminal or a one-line message
//   GatedDelta       kernels: recurrent and chunked gated delta rule, GEMM; no UI, no I/O
//   SafeTensors      the safetensors file format
//   GatedDeltaNet    the fla-compatible model: config, layers, weights, tokenizer, session
//   Tokenizers       Hugging Face tokenizer.json (BPE): encode and decode as HF tokenizers does; Foundation only
//   TerminalUI       the controller (keys and commands in, effects out) and the pure rendering of
//                    its state onto a cell buffer
//   NCursesTerminal  the thin ncurses backend: copies cells to the screen, turns keys into events
//   gdn-tui          the command line
//   gdn-fuzz         libFuzzer targets over the parsers (built with -sanitize=fuzzer by .ci/fuzz)
// The kernels' SIMD8<Float> code needs AVX2 and FMA to become 256-bit fused multiply-adds; the default
// x86-64 target is SSE2 only. Haswell (2013) is the oldest CPU with both. Only when the building
// machine has them (read from /proc/cpuinfo), so a build never makes a binary its own CPU cannot run.
// Each target lists exactly the modules its files import.
#if arch(x86_64)
let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
let kernelCPUFlags = cpuFlags.contains("avx2") && cpuFlags.contains("fma") ? ["-target-cpu", "haswell"] : []
#else
let kernelCPUFlags: [String] = []
#endif

let package = Package(
    name: "gdn-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gdn-tui", targets: ["gdn-tui"]),
        // libFuzzer targets over the file parsers; a plain build replays inputs (see .ci/fuzz).
        .executable(name: "gdn-fuzz", targets: ["gdn-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CNCurses", path: "Sources/CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),
        .target(
            name: "GatedDelta", dependencies: ["CBLAS"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"] + kernelCPUFlags, .when(configuration: .release))]),
        .target(name: "TextEscaping"),
        .target(name: "SafeTensors", dependencies: ["TextEscaping"]),
        .target(name: "Tokenizers"),
        .target(name: "GatedDeltaNet", dependencies: ["GatedDelta", "SafeTensors", "TextEscaping", "Tokenizers"]),
        .target(name: "TerminalUI", dependencies: ["GatedDelta", "GatedDeltaNet", "TextEscaping"]),
        .target(name: "NCursesTerminal", dependencies: ["TerminalUI", "TextEscaping", "CNCurses"]),
        .executableTarget(
            name: "gdn-tui",
            dependencies: [
                "GatedDelta", "GatedDeltaNet", "TerminalUI", "NCursesTerminal", "TextEscaping", "Tokenizers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "gdn-fuzz", dependencies: ["SafeTensors", "GatedDeltaNet", "Tokenizers"]),
        .testTarget(name: "GatedDeltaTests", dependencies: ["GatedDelta", "GatedDeltaNet"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "gdn-fuzz"]),
        .testTarget(name: "GatedDeltaNetTests",
                    dependencies: ["GatedDeltaNet", "SafeTensors", "GatedDelta", "TextEscaping", "gdn-fuzz"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "GatedDelta", "GatedDeltaNet", "TextEscaping"]),
        .testTarget(name: "EndToEndTests"),
        .testTarget(name: "FuzzTargetTests", dependencies: ["gdn-fuzz"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "gdn-fuzz"], resources: [.copy("Fixtures")]),
    ]
)
