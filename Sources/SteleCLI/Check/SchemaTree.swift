import Foundation

/// The schema files of one side of a comparison, read from a folder or from a git commit:
/// relative path (`/`-separated) → text, plus the manifest's text when there is one. Only
/// `.avsc` and `.json` files and the manifest are read; hidden folders are skipped.
struct SchemaTree: Sendable {
    static let maxFiles = 100_000
    static let maxFileBytes = 4 << 20

    /// How the tree is named in messages: `schemas/`, `git:main`, `../baseline/`.
    var label: String
    var files: [String: String]
    var manifestText: String?

    static func isSchemaFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".avsc") || lower.hasSuffix(".json")
    }

    static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Reads every schema file below `dir`.
    static func folder(_ dir: String) throws(CommandFailure) -> SchemaTree {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) else {
            throw .input("\(dir): no such folder")
        }
        guard isDirectory.boolValue else { throw .input("\(dir) is not a folder") }
        guard let walker = FileManager.default.enumerator(atPath: dir) else { throw .io("cannot read the folder \(dir)") }
        var tree = SchemaTree(label: dir.hasSuffix("/") ? dir : dir + "/", files: [:])
        var paths: [String] = []
        while let next = walker.nextObject() as? String {
            if isHidden(next) {
                if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { walker.skipDescendants() }
                continue
            }
            guard isSchemaFile(next) || next == SchemaManifest.fileName else { continue }
            guard walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory else { continue }
            paths.append(next)
            guard paths.count <= maxFiles else { throw .input("\(dir) holds more than \(maxFiles) schema files") }
        }
        for path in paths {
            let text = try Files.readText(join(dir, path), limit: path == SchemaManifest.fileName ? SchemaManifest.maxBytes : maxFileBytes)
            if path == SchemaManifest.fileName { tree.manifestText = text } else { tree.files[path] = text }
        }
        return tree
    }

    /// `dir/path` without doubled or leading `./` separators.
    static func join(_ dir: String, _ path: String) -> String {
        if dir.isEmpty || dir == "." || dir == "./" { return path }
        return dir.hasSuffix("/") ? dir + path : dir + "/" + path
    }
}
