import Foundation

/// The fuzzer's seed folders, `Tests/FuzzCorpus/<target>/`: the valid fixtures and the malformed cases
/// of the unit tests, written as plain files so libFuzzer can start from them. The tests that own the
/// cases call `sync`, so the files on disk are checked to be exactly what the cases say.
enum SeedCorpus {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/FuzzCorpus")
    }

    /// Seed files named `prefix*` in `target`'s folder that differ from `seeds` (missing, changed or no
    /// longer a case). With `GDN_UPDATE_FUZZ_CORPUS=1` in the environment the folder is rewritten first.
    static func sync(target: String, prefix: String, seeds: [String: Data]) throws -> [String] {
        let folder = root.appendingPathComponent(target)
        let manager = FileManager.default
        let existing = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(prefix) }
        if ProcessInfo.processInfo.environment["GDN_UPDATE_FUZZ_CORPUS"] == "1" {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in existing where seeds[name] == nil { try manager.removeItem(at: folder.appendingPathComponent(name)) }
            for (name, data) in seeds { try data.write(to: folder.appendingPathComponent(name)) }
        }
        let onDisk = Set((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(prefix) }
        let stale = onDisk.subtracting(seeds.keys)
        let wrong = seeds.filter { manager.contents(atPath: folder.appendingPathComponent($0.key).path) != $0.value }.keys
        return (stale.union(wrong)).sorted()
    }

    /// A file name from a test label: lowercase letters, digits and dashes.
    static func fileName(_ label: String, prefix: String) -> String {
        let slug = label.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return prefix + slug
    }

    /// Every seed file of `target`'s folder, by name.
    static func files(of target: String) -> [(name: String, data: Data)] {
        let folder = root.appendingPathComponent(target)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, $0) }
        }
    }
}
