// swift-tools-version: 6.1
import PackageDescription

/// Stele's parts and their one-way dependencies (see DESIGN.md, "Parts and dependencies").
/// SteleJSON and SteleSchema are the core: no files, sockets or databases; the OS stays at the
/// edges (the CLI now; the store, server and client in later targets).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Stele",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stele", targets: ["stele"]),
        .executable(name: "stele-bench", targets: ["stele-bench"]),
        .library(name: "SteleJSON", targets: ["SteleJSON"]),
        .library(name: "SteleSchema", targets: ["SteleSchema"]),
        .library(name: "SteleAvro", targets: ["SteleAvro"]),
        .library(name: "SteleJSONSchema", targets: ["SteleJSONSchema"]),
        .library(name: "SteleRegistry", targets: ["SteleRegistry"]),
        .library(name: "SteleStoreSQLite", targets: ["SteleStoreSQLite"]),
        .library(name: "SteleStorePostgres", targets: ["SteleStorePostgres"]),
        .library(name: "SteleServer", targets: ["SteleServer"]),
        .library(name: "SteleClient", targets: ["SteleClient"]),
        .library(name: "SteleSerdes", targets: ["SteleSerdes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // JSON value, parser (positions, limits, duplicate keys), writer, JSON Pointer.
        .target(name: "SteleJSON", swiftSettings: strictSettings),
        // Format-neutral contract. Depends on SteleJSON because findings carry JSON pointers,
        // source ranges and witness datums, which are JSON values.
        .target(name: "SteleSchema", dependencies: ["SteleJSON"], swiftSettings: strictSettings),
        .target(name: "SteleAvro", dependencies: ["SteleSchema", "SteleJSON"], swiftSettings: strictSettings),
        // JSON Schema: validator compiled per schema (drafts 4–2020-12), bounded regexes, formats.
        .target(name: "SteleJSONSchema", dependencies: ["SteleSchema", "SteleJSON"], swiftSettings: strictSettings),
        // The registry's rules: subjects, versions, ids, config, modes, deletes. No HTTP, no SQL;
        // its counters go through the swift-metrics API (the server picks the backend).
        // Its state is an immutable snapshot of persistent hash tries (HashTreeCollections).
        .target(name: "SteleRegistry", dependencies: ["SteleAvro", "SteleJSONSchema", "SteleSchema", "SteleJSON",
                                                      .product(name: "CoreMetrics", package: "swift-metrics"),
                                                      .product(name: "HashTreeCollections", package: "swift-collections"),
                                                      .product(name: "DequeModule", package: "swift-collections")], swiftSettings: strictSettings),
        // The embedded store on the system libsqlite3 (Debian libsqlite3-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SteleStoreSQLite", dependencies: ["SteleRegistry", "CSQLite", "SteleSchema", "SteleJSON"], swiftSettings: strictSettings),
        // The shared store on postgres-nio: several `stele serve` instances on one database.
        .target(name: "SteleStorePostgres", dependencies: ["SteleRegistry", "SteleSchema", "SteleJSON",
                                                           .product(name: "PostgresNIO", package: "postgres-nio"),
                                                           .product(name: "Logging", package: "swift-log")], swiftSettings: strictSettings),
        // Confluent's REST API on Hummingbird 2: a thin layer over SteleRegistry.
        .target(
            name: "SteleServer",
            dependencies: [
                "SteleRegistry", "SteleStoreSQLite", "SteleStorePostgres", "SteleSchema", "SteleJSON", "SteleJSONSchema", "SteleCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strictSettings
        ),
        // The registry client: AsyncHTTPClient, caches, retries, failover, auth, TLS. It knows the
        // REST API, not the server: no dependency on SteleRegistry or SteleServer.
        .target(
            name: "SteleClient",
            dependencies: [
                "SteleSchema", "SteleJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // Serializers and deserializers producer and consumer code imports: Confluent's wire
        // formats, Avro (generic and Codable) and JSON Schema. No Kafka client dependency:
        // payloads are bytes, headers key/value pairs.
        .target(
            name: "SteleSerdes",
            dependencies: [
                "SteleClient", "SteleAvro", "SteleJSONSchema", "SteleSchema", "SteleJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                "SteleCrypto",
            ],
            swiftSettings: strictSettings
        ),
        // librdkafka (Debian librdkafka-dev), for `stele produce` / `stele consume` only; the
        // shim holds what Swift cannot call (the variadic producev, the delivery callback).
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // OpenSSL 3's libcrypto (Debian libssl-dev), for deterministic AES-SIV only: swift-crypto
        // (BoringSSL) has no AES-SIV, which Confluent's AES256_SIV field encryption uses.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CAESSIVShim", dependencies: ["CLibCrypto"]),
        // Data-key ciphers and KMS drivers of field-level encryption, shared by the serdes and
        // the registry's shared KEKs: Tink's key and ciphertext layouts, AES-GCM from
        // swift-crypto, AES-SIV from OpenSSL.
        .target(name: "SteleCrypto", dependencies: [.product(name: "Crypto", package: "swift-crypto"), "CAESSIVShim"], swiftSettings: strictSettings),
        .target(name: "CRdKafkaShim", dependencies: ["CRdKafka"]),
        // librdkafka's mock cluster, a broker inside the test process (tests only).
        .target(name: "CKafkaTestBroker", dependencies: ["CRdKafka"]),
        .target(
            name: "SteleCLI",
            dependencies: [
                "SteleAvro", "SteleJSONSchema", "SteleSchema", "SteleJSON", "SteleServer", "SteleClient", "SteleSerdes",
                "CRdKafka", "CRdKafkaShim", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // stele.yaml, the manifest of `stele check` and `stele apply`.
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "stele", dependencies: ["SteleCLI"], swiftSettings: strictSettings),
        // Benchmarks are their own executable (never timings in tests); prints bench/ result lines.
        // It runs an in-memory registry on loopback for the serdes benchmark (hence the server).
        .executableTarget(
            name: "stele-bench",
            dependencies: ["SteleAvro", "SteleJSONSchema", "SteleSchema", "SteleJSON", "SteleSerdes", "SteleClient", "SteleServer", "SteleRegistry",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // Test helpers shared by the test targets and the fuzz executable (as NIOTestUtils), and
        // where the test inputs live (TestPaths).
        .target(name: "SteleTestSupport", dependencies: ["SteleAvro"], swiftSettings: strictSettings),
        // A real server on a loopback port, for the client and serdes tests.
        .target(
            name: "SteleTestServer",
            dependencies: ["SteleServer", "SteleRegistry", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // Runs millions of hostile inputs through the decoders; the test suite runs 100,000 per family.
        .executableTarget(name: "stele-fuzz", dependencies: ["SteleAvro", "SteleTestSupport"], swiftSettings: strictSettings),

        // libavro-c (Debian libavro-dev): a differential oracle for the tests only. It leaks or
        // crashes on hostile bytes, so it never sees unvalidated input and never ships in the
        // server or serdes.
        .systemLibrary(name: "CAvro", pkgConfig: "avro-c", providers: [.apt(["libavro-dev"])]),
        .target(name: "CAvroShim", dependencies: ["CAvro"]),

        .testTarget(name: "SteleJSONTests", dependencies: ["SteleJSON"], swiftSettings: strictSettings),
        .testTarget(name: "SteleSchemaTests", dependencies: ["SteleSchema"], swiftSettings: strictSettings),
        .testTarget(name: "SteleAvroTests", dependencies: ["SteleAvro", "CAvroShim", "SteleTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SteleJSONSchemaTests", dependencies: ["SteleJSONSchema", "SteleJSON", "SteleTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SteleCLITests", dependencies: ["SteleCLI", "SteleTestServer", "SteleRegistry", "SteleSchema", "SteleClient", "SteleJSONSchema", "SteleJSON", "SteleTestSupport", "CKafkaTestBroker"], swiftSettings: strictSettings),
        .testTarget(name: "SteleRegistryTests", dependencies: ["SteleRegistry", "SteleStoreSQLite", "SteleStorePostgres", "SteleSchema", "SteleJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "SteleClientTests",
            dependencies: ["SteleClient", "SteleTestServer", "SteleRegistry", "SteleSchema", "SteleJSON",
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SteleSerdesTests",
            dependencies: ["SteleSerdes", "SteleClient", "SteleTestServer", "SteleTestSupport", "SteleRegistry", "SteleAvro", "SteleJSONSchema", "SteleSchema", "SteleJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SteleServerTests",
            dependencies: ["SteleServer", "SteleRegistry", "SteleSchema", "SteleJSON", .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
