import Foundation
import SteleAvro
import SteleClient
import SteleSerdes
import SteleTestServer

/// The schemas and Swift types the serdes tests share.
enum Rides {
    static let v1 = """
        {"type":"record","name":"Ride","namespace":"demo","fields":[
          {"name":"ride_id","type":{"type":"string","logicalType":"uuid"}},
          {"name":"pickup","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"fare","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
          {"name":"passengers","type":"int"},
          {"name":"driver","type":["null","string"],"default":null}]}
        """
    /// v1 plus a field with a default: BACKWARD compatible.
    static let v2 = """
        {"type":"record","name":"Ride","namespace":"demo","fields":[
          {"name":"ride_id","type":{"type":"string","logicalType":"uuid"}},
          {"name":"pickup","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"fare","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
          {"name":"passengers","type":"int"},
          {"name":"driver","type":["null","string"],"default":null},
          {"name":"tip","type":"double","default":0.0}]}
        """

    struct Ride: Codable, Equatable {
        var ride_id: UUID
        var pickup: Date
        var fare: Decimal
        var passengers: Int32
        var driver: String?
    }

    struct RideV2: Codable, Equatable {
        var ride_id: UUID
        var pickup: Date
        var fare: Decimal
        var passengers: Int32
        var driver: String?
        var tip: Double
    }

    static let sample = Ride(ride_id: UUID(uuidString: "5f1b7c2e-8d3a-4e6b-9c0d-1a2b3c4d5e6f")!, pickup: Date(timeIntervalSince1970: 1_700_000_000.5),
                             fare: Decimal(string: "23.45")!, passengers: 2, driver: "Ana")

    static func sample(_ i: Int) -> Ride {
        Ride(ride_id: UUID(), pickup: Date(timeIntervalSince1970: Double(1_700_000_000 + i)), fare: Decimal(i) / 100, passengers: Int32(i % 5),
             driver: i % 3 == 0 ? nil : "driver \(i)")
    }

    /// `sample` as a generic datum of v1.
    static let sampleValue: AvroValue = .record([
        .string("5f1b7c2e-8d3a-4e6b-9c0d-1a2b3c4d5e6f"), .long(1_700_000_000_500), .bytes([0x09, 0x29]), .int(2), .union(1, .string("Ana")),
    ])

    static var v1Schema: AvroSchema { try! AvroSchema(parsing: v1) }
    static var v2Schema: AvroSchema { try! AvroSchema(parsing: v2) }
}

/// A client configuration for a live registry (fast retries, so failure tests end quickly).
func liveConfiguration(_ url: String) throws -> RegistryClientConfiguration {
    var configuration = try RegistryClientConfiguration(url: url)
    configuration.retry = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
    return configuration
}

func liveClient(_ url: String) throws -> RegistryClient { try RegistryClient(configuration: try liveConfiguration(url)) }

/// Runs `body` with a client on a fresh live registry, shutting the client down afterwards.
func withLiveClient<T: Sendable>(_ body: @Sendable (RegistryClient) async throws -> T) async throws -> T {
    try await LiveRegistry.with { url, _ in try await withRegistryClient(try liveConfiguration(url), body) }
}

func code(_ body: () async throws -> Void) async -> SerdesError.Code? {
    do { try await body(); return nil } catch let e as SerdesError { return e.code } catch { return nil }
}

enum LiveRegistryRunner {
    static func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await LiveRegistry.with { url, _ in try await body(url) }
    }
}

import SteleJSON

/// JSON equality by value (`1e-7` equals `1e-07`), as a JSON reader compares documents;
/// `JSONValue`'s own `==` compares number spellings.
func sameJSON(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (.int(let x)?, .int(let y)?): return x == y
    case (.number(let x)?, .number(let y)?): return x.double == y.double
    case (.int(let x)?, .number(let y)?), (.number(let y)?, .int(let x)?): return Double(x) == y.double
    case (.array(let x)?, .array(let y)?): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (.object(let x)?, .object(let y)?): return x.count == y.count && x.allSatisfy { sameJSON($0.value, y[$0.key]) }
    default: return a == b
    }
}
