import Foundation

public struct DirectoryEntry: Hashable, Sendable {
    public var name: String
    public var isDirectory: Bool
    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
    }
}

/// Where path completion looks; behind a protocol so tests can supply a fake directory tree.
public protocol DirectoryListing: Sendable {
    /// The entries of `directory` ("" means the current directory); empty if it cannot be read.
    func entries(inDirectory directory: String) -> [DirectoryEntry]
}

/// The real file system.
public struct FileSystemListing: DirectoryListing {
    public init() {}

    public func entries(inDirectory directory: String) -> [DirectoryEntry] {
        var path = directory.isEmpty ? "." : directory
        if path.hasPrefix("~") { path = NSString(string: path).expandingTildeInPath }
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        return names.map { name in
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: (path as NSString).appendingPathComponent(name),
                                   isDirectory: &isDirectory)
            return DirectoryEntry(name: name, isDirectory: isDirectory.boolValue)
        }
    }
}
