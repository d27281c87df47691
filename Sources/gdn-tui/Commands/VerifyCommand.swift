import ArgumentParser
import Foundation
import GatedDeltaNet
import TextEscaping

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the kernels and the model against reference files.",
        discussion: """
        PATH is a kernel case file (golden schema: q, k, v, g, beta, optional h0, expected o and ht; a trace \
        from `gdn-tui run --trace` also works), a model directory holding golden.safetensors, or a directory \
        searched recursively for both. Exit status 0 only if every check passes.
        """)

    @Flag(help: "One JSON object per check and line.")
    var json = false

    @Option(help: "Largest relative RMS error that passes (default 1e-5 for kernels, 1e-4 for models).")
    var tolerance: Double?

    @Argument(help: "Kernel case files, model directories, or directories to search.")
    var paths: [String]

    func run() throws {
        var failures = 0
        var errors = 0
        var checked = 0
        for path in paths {
            let targets: [VerificationTarget]
            do { targets = try VerificationTarget.discover(URL(fileURLWithPath: path)) } catch {
                printError(error)
                errors += 1
                continue
            }
            for target in targets {
                do {
                    for check in try target.verify(tolerance: tolerance) {
                        checked += 1
                        if !check.pass { failures += 1 }
                        print(json ? check.jsonLine : check.humanLine)
                    }
                } catch {
                    printError(error)
                    errors += 1
                }
            }
        }
        if !json {
            print("\(checked - failures) passed, \(failures) failed" + (errors > 0 ? ", \(errors) errors" : ""))
        }
        if errors > 0 { throw ExitCode(2) }
        if failures > 0 || checked == 0 { throw ExitCode(1) }
    }
}

/// A thing `verify` can check.
enum VerificationTarget {
    case kernelFile(URL)
    case model(URL)

    /// The targets under a path: the path itself, or what a recursive search of a directory finds.
    static func discover(_ url: URL) throws -> [VerificationTarget] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ModelError("\(url.path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [.kernelFile(url)] }
        let found = search(url)
        if found.isEmpty { throw ModelError("\(url.path): no kernel cases or model directories with golden.safetensors") }
        return found
    }

    /// What a directory holds, recursively; folders with nothing to check are skipped.
    private static func search(_ url: URL) -> [VerificationTarget] {
        if ModelVerifier.hasGolden(url) { return [.model(url)] }
        var found: [VerificationTarget] = []
        let entries = (try? FileManager.default.contentsOfDirectory(
            at: url, includingPropertiesForKeys: nil)) ?? []
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            var entryIsDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: entry.path, isDirectory: &entryIsDirectory)
            if entryIsDirectory.boolValue {
                found += search(entry)
            } else if entry.pathExtension == "safetensors", KernelCase.isKernelCase(entry) {
                found.append(.kernelFile(entry))
            }
        }
        return found
    }

    func verify(tolerance: Double?) throws -> [VerificationCheck] {
        switch self {
        case .kernelFile(let url):
            return try KernelCase.load(contentsOf: url).flatMap { try $0.verify(tolerance: tolerance ?? 1e-5) }
        case .model(let url):
            return try ModelVerifier(directory: url).verify(tolerance: tolerance ?? 1e-4)
        }
    }
}

extension VerificationCheck {
    /// Keys in the documented order: path, check, metric, value, tolerance, pass.
    var jsonLine: String {
        let quotedPath = String(data: try! JSONEncoder().encode(path), encoding: .utf8)!
        let number: (Double) -> String = { $0.isFinite ? String(format: "%.6g", $0) : "null" }
        return "{\"path\": \(quotedPath), \"check\": \"\(check)\", \"metric\": \"\(metric)\", "
            + "\"value\": \(number(value)), \"tolerance\": \(number(tolerance)), \"pass\": \(pass)}"
    }
}

func printError(_ error: Error) {
    FileHandle.standardError.write(Data("Error: \(ByteEscaping.escapingControls("\(error)"))\n".utf8))
}
