import Foundation

/// The program's entry point. Built with `-sanitize=fuzzer -DFUZZING` (`.ci/fuzz`) it hands over to
/// libFuzzer's driver (SwiftPM links an executable's own `main`, so libFuzzer's cannot be used).
/// A plain `swift build` makes a replayer instead: `gdn-fuzz TARGET FILE|DIR...` runs each file
/// through the target with the same checks as the fuzzer, to reproduce a finding without sanitizers.
@main
enum FuzzProgram {
    static func main() {
        #if FUZZING
        _ = selectedTarget  // fail at once on a missing GDN_FUZZ_TARGET, not at the first input
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(libFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
        #else
        replay(CommandLine.arguments.dropFirst())
        #endif
    }

    static func replay(_ arguments: ArraySlice<String>) {
        guard let name = arguments.first, let target = FuzzTarget.named(name), arguments.count > 1 else {
            let names = FuzzTarget.all.map(\.name).joined(separator: "|")
            print("usage: gdn-fuzz \(names) FILE|DIR...   (built with -sanitize=fuzzer it is a libFuzzer binary)")
            exit(2)
        }
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): cannot read"); exit(2)
                }
                check(target, data)
                print("\(file): ok (\(data.count) bytes)")
            }
        }
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}

#if FUZZING
/// libFuzzer's driver (compiler-rt, LLVM 11 and later): parses libFuzzer's flags and fuzzes `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
func libFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif
