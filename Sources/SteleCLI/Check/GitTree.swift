import Foundation

/// Reads a folder as it is at a git commit, with git itself and without a checkout: `ls-tree`
/// lists the folder's blobs at the ref, one `cat-file --batch` process returns all of them
/// (one process for any number of files, so 500 schemas cost two git runs, not 500).
enum GitTree {
    /// The schema files under `dir` (a folder of the current work tree) as of `ref`.
    static func read(_ dir: String, at ref: String) throws(CommandFailure) -> SchemaTree {
        let cwd = dir.isEmpty ? "." : dir
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .input("\(dir): no such folder")
        }
        let inside = try run(["rev-parse", "--is-inside-work-tree"], in: cwd)
        guard inside.status == 0 else {
            throw .io("\(dir) is not inside a git repository: \(firstLine(inside.stderr, or: "git rev-parse failed"))")
        }
        guard !ref.hasPrefix("-") else { throw .input("unknown git ref \"\(ref)\"") }
        let commit = try run(["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"], in: cwd)
        guard commit.status == 0 else {
            throw .input("unknown git ref \"\(ref)\" (no branch, tag or commit of that name in this repository)")
        }
        let oid = String(decoding: commit.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // Paths come out relative to `cwd` (ls-tree's default), NUL-terminated, never quoted.
        let listing = try run(["ls-tree", "-r", "-z", oid, "--", "."], in: cwd)
        guard listing.status == 0 else { throw .io("git ls-tree \(ref) failed: \(firstLine(listing.stderr, or: "no output"))") }
        var wanted: [(path: String, object: String)] = []
        for record in listing.stdout.split(separator: 0) {
            // "<mode> SP <type> SP <object> TAB <path>"
            guard let tab = record.firstIndex(of: 9) else { continue }
            let meta = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
            let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            guard meta.count == 3, meta[1] == "blob", !SchemaTree.isHidden(path) else { continue }
            guard SchemaTree.isSchemaFile(path) || path == SchemaManifest.fileName else { continue }
            wanted.append((path, String(meta[2])))
            guard wanted.count <= SchemaTree.maxFiles else { throw .input("\(dir) at \(ref) holds more than \(SchemaTree.maxFiles) schema files") }
        }
        var tree = SchemaTree(label: "git:\(ref)", files: [:])
        let blobs = try catFile(wanted.map(\.object), in: cwd)
        for (entry, bytes) in zip(wanted, blobs) {
            let limit = entry.path == SchemaManifest.fileName ? SchemaManifest.maxBytes : SchemaTree.maxFileBytes
            guard bytes.count <= limit else { throw .input("\(entry.path) at \(ref) is larger than the limit of \(limit) bytes") }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .input("\(entry.path) at \(ref) is not valid UTF-8") }
            if entry.path == SchemaManifest.fileName { tree.manifestText = text } else { tree.files[entry.path] = text }
        }
        return tree
    }

    /// `git cat-file --batch`: for each object, "<oid> blob <size>\n<bytes>\n".
    private static func catFile(_ objects: [String], in cwd: String) throws(CommandFailure) -> [[UInt8]] {
        guard !objects.isEmpty else { return [] }
        let input = Array((objects.joined(separator: "\n") + "\n").utf8)
        let result = try run(["cat-file", "--batch"], in: cwd, input: input)
        guard result.status == 0 else { throw .io("git cat-file failed: \(firstLine(result.stderr, or: "no output"))") }
        var out: [[UInt8]] = []
        var i = 0
        let bytes = result.stdout
        for _ in objects {
            guard let eol = bytes[i...].firstIndex(of: 10) else { throw .io("git cat-file: truncated output") }
            let header = String(decoding: bytes[i..<eol], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]), eol + 1 + size <= bytes.count else {
                throw .io("git cat-file: unexpected output \"\(header.joined(separator: " "))\"")
            }
            out.append(Array(bytes[(eol + 1)..<(eol + 1 + size)]))
            i = eol + 1 + size + 1
        }
        return out
    }

    private static func firstLine(_ bytes: [UInt8], or fallback: String) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.split(separator: "\n").first.map(String.init) ?? fallback
    }

    struct Output { var status: Int32; var stdout: [UInt8]; var stderr: [UInt8] }

    /// Runs git with `arguments` in `cwd`, feeding `input` from another thread while reading
    /// both outputs, so no pipe fills up and blocks either side.
    static func run(_ arguments: [String], in cwd: String, input: [UInt8]? = nil) throws(CommandFailure) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // No pager, no prompts, no user config that changes output (color, ls-tree formats).
        process.arguments = ["git", "-c", "core.quotepath=off", "--no-pager"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw .io("cannot run git: \(error.localizedDescription)")
        }
        if let input {
            let writer = stdin.fileHandleForWriting
            let data = Data(input)
            Thread.detachNewThread {
                writer.write(data)
                try? writer.close()
            }
        }
        let errorBox = ErrorBytes()
        let errorReader = Thread { errorBox.bytes = [UInt8](stderr.fileHandleForReading.readDataToEndOfFile()); errorBox.done.signal() }
        errorReader.start()
        let out = [UInt8](stdout.fileHandleForReading.readDataToEndOfFile())
        errorBox.done.wait()
        process.waitUntilExit()
        if process.terminationReason == .exit, process.terminationStatus == 127 {
            throw .io("cannot run git: git is not installed or not on PATH")
        }
        return Output(status: process.terminationStatus, stdout: out, stderr: errorBox.bytes)
    }
}

/// The standard error bytes a reader thread collects; `done` orders the write before the read.
private final class ErrorBytes: @unchecked Sendable {
    // @unchecked: `bytes` is written once by the reader thread before `done.signal()`, and read
    // only after `done.wait()`; the semaphore is the synchronisation.
    var bytes: [UInt8] = []
    let done = DispatchSemaphore(value: 0)
}
