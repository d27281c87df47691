import ArgumentParser
import Foundation
import GatedDeltaNet
import TextEscaping

/// A file that could not be read or was refused (checkpoint, config, weights, prompt file): exit
/// status 2 in every command, as `verify` has for an unreadable kernel case.
struct FileRefused: Error, CustomStringConvertible {
    let description: String

    /// Runs `body`, which reads files, and marks any error it throws as a refused file.
    static func reading<Value>(_ body: () throws -> Value) throws -> Value {
        do { return try body() } catch { throw FileRefused(description: "\(error)") }
    }
}

/// How a command ends on an error: one line on stderr, escaped (paths and file contents may hold
/// newlines or escape sequences), and a status that says what failed:
/// 2 a file was refused, 1 anything else (an unusable terminal, a model error while running);
/// ArgumentParser's own errors keep their handling (usage errors 64 with the usage, help 0).
enum FailureReport {
    static let fileRefused: Int32 = 2
    static let failed: Int32 = 1

    static func exit(with error: Error) -> Never {
        let status: Int32
        switch error {
        case is FileRefused: status = fileRefused
        case is ModelError, is UsageError: status = failed
        default: GDNTool.exit(withError: error)
        }
        FileHandle.standardError.write(Data("Error: \(ByteEscaping.escapingControls("\(error)"))\n".utf8))
        Foundation.exit(status)
    }
}
