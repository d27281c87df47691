import Foundation

/// The target this process fuzzes, from `GDN_FUZZ_TARGET` (read once: libFuzzer calls the entry point
/// millions of times).
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["GDN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("gdn-fuzz: set GDN_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// One fuzzer input: libFuzzer's entry point, also handed to its driver as the callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    check(selectedTarget, data)
    return 0
}

/// Runs one input through `target` and says what is wrong, or nil. A rejection is fine, but its
/// message must be one printable line: file contents end up in error messages, and a raw newline or
/// escape there would reach the terminal. Traps and crashes inside the parser stop the process itself.
func problem(_ target: FuzzTarget, _ data: Data) -> String? {
    do {
        try target.parse(data)
    } catch {
        let message = "\(error)"
        if message.isEmpty { return "\(target.name): empty error message" }
        if let bad = message.unicodeScalars.first(where: isUnprintable) {
            return "\(target.name): error message holds U+\(String(bad.value, radix: 16)): \(message.debugDescription)"
        }
    }
    return nil
}

/// Stops the process like a crash when an input shows a problem, so libFuzzer reports and saves it.
func check(_ target: FuzzTarget, _ data: Data) {
    if let problem = problem(target, data) { fatalError(problem) }
}

/// C0 and C1 controls (newline included) and DEL: what must never reach a terminal raw.
func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}
