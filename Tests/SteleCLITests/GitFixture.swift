import Foundation

/// A temporary git repository with a `schemas/` folder, for `stele check --against git:REF`.
struct GitFixture {
    let root: URL
    var schemas: String { root.appendingPathComponent("schemas").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("stele-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "ci@example.com")
        try git("config", "user.name", "CI")
        try git("config", "commit.gpgsign", "false")
    }

    /// Writes `schemas/<path>` (folders created as needed).
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent("schemas").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent("schemas").appendingPathComponent(path))
    }

    func commit(_ message: String, tag: String? = nil) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
        if let tag { try git("tag", tag) }
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        p.currentDirectoryURL = root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The 1-based line of the first line of `schemas/<path>` containing `needle`.
    func line(of needle: String, in path: String) throws -> Int {
        let text = try String(contentsOf: root.appendingPathComponent("schemas").appendingPathComponent(path), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(where: { $0.contains(needle) }) else { throw FixtureError(message: "\(needle) not in \(path)") }
        return i + 1
    }

    struct FixtureError: Error { var message: String }
}

/// The schemas most tests start from: Avro ride (with an enum), location and trip (which
/// references location), and a JSON Schema order.
enum CheckSchemas {
    static let ride = """
        {
          "type": "record",
          "name": "Ride",
          "namespace": "demo",
          "fields": [
            {"name": "id", "type": "string"},
            {"name": "km", "type": "double"},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "DONE"]}}
          ]
        }
        """
    static let location = """
        {"type": "record", "name": "Location", "namespace": "demo",
         "fields": [{"name": "lat", "type": "double"}, {"name": "lon", "type": "double"}]}
        """
    static let trip = """
        {"type": "record", "name": "Trip", "namespace": "demo",
         "fields": [{"name": "from", "type": "Location"}, {"name": "to", "type": "demo.Location"}]}
        """
    static let order = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "properties": {
            "id": {"type": "string"},
            "total": {"type": "number"}
          },
          "required": ["id"],
          "additionalProperties": false
        }
        """

    /// A repository whose `main` holds the four schemas.
    static func baseline() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("ride.avsc", ride)
        try repo.write("location.avsc", location)
        try repo.write("trip.avsc", trip)
        try repo.write("order.json", order)
        try repo.commit("baseline")
        return repo
    }
}
