import Foundation
import Testing
@testable import SteleAvro
import SteleTestSupport

@Suite struct CodableTests {
    // Deliberately not stele-bench's models: these use Int, UUID and Decimal where the bench
    // uses Int32 and String, to exercise other Swift ↔ Avro mappings.
    struct Ride: Codable, Equatable {
        var VendorID: Int32
        var tpep_pickup_datetime: Date
        var tpep_dropoff_datetime: Date
        var passenger_count: Int
        var trip_distance: Double
        var RatecodeID: Int
        var store_and_fwd_flag: String
        var PULocationID: Int
        var DOLocationID: Int
        var payment_type: Int
        var fare_amount: Double
        var extra: Double
        var mta_tax: Double
        var tip_amount: Double
        var tolls_amount: Double
        var improvement_surcharge: Double
        var total_amount: Double
        var congestion_surcharge: Double
    }

    enum OrderStatus: String, Codable { case PENDING, PAID, SHIPPED, DELIVERED, CANCELLED }
    struct Customer: Codable, Equatable { var name: String; var email: String; var tier: Int }
    struct Address: Codable, Equatable { var street, city, postcode, country: String }
    struct LineItem: Codable, Equatable { var sku: String; var quantity: Int; var unit_price: Decimal; var discount: Double? }
    struct Order: Codable, Equatable {
        var order_id: UUID
        var customer_id: Int64
        var created_at: Date
        var status: OrderStatus
        var customer: Customer
        var shipping_address: Address?
        var coupon: String?
        var items: [LineItem]
        var attributes: [String: String]
        var note: Data
        var total: Decimal
        var checksum: Data
    }

    func schema(_ name: String) throws -> AvroSchema {
        try AvroSchema(parsing: try TestPaths.read(TestPaths.repoRoot.appendingPathComponent("schemas/\(name)")))
    }

    @Test func rideRoundTripsAndMatchesTheGenericEncoding() throws {
        let s = try schema("ride.avsc")
        let ride = Ride(
            VendorID: 2, tpep_pickup_datetime: Date(timeIntervalSince1970: 1_577_836_800.123), tpep_dropoff_datetime: Date(timeIntervalSince1970: 1_577_837_400),
            passenger_count: 1, trip_distance: 2.5, RatecodeID: 1, store_and_fwd_flag: "N", PULocationID: 142, DOLocationID: 236, payment_type: 1,
            fare_amount: 9.5, extra: 0.5, mta_tax: 0.5, tip_amount: 2.0, tolls_amount: 0, improvement_surcharge: 0.3, total_amount: 15.3, congestion_surcharge: 2.5)
        let bytes = try AvroEncoder(schema: s).encode(ride)
        let generic = try AvroCodec(schema: s).decode(bytes)
        guard case .record(let fields) = generic else { Issue.record("not a record"); return }
        #expect(fields[0] == .int(2))
        #expect(fields[1] == .long(1_577_836_800_123))  // timestamp-millis
        let back = try AvroDecoder(schema: s).decode(Ride.self, from: bytes)
        #expect(back.tpep_pickup_datetime.timeIntervalSince1970 == 1_577_836_800.123)
        #expect(back == ride)
    }

    @Test func orderWithEveryKindOfField() throws {
        let s = try schema("order.avsc")
        let id = UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!
        let order = Order(
            order_id: id, customer_id: 42, created_at: Date(timeIntervalSince1970: 1_700_000_000), status: .SHIPPED,
            customer: Customer(name: "Ada", email: "ada@example.com", tier: 3),
            shipping_address: Address(street: "1 Main St", city: "Springfield", postcode: "12345", country: "US"), coupon: nil,
            items: [LineItem(sku: "ABC-12345", quantity: 2, unit_price: Decimal(string: "19.99")!, discount: 0.1),
                    LineItem(sku: "XYZ-00001", quantity: 1, unit_price: Decimal(string: "-0.05")!, discount: nil)],
            attributes: ["gift": "yes"], note: Data([0, 1, 255]), total: Decimal(string: "39.93")!, checksum: Data(repeating: 7, count: 16))
        let bytes = try AvroEncoder(schema: s).encode(order)
        let back = try AvroDecoder(schema: s).decode(Order.self, from: bytes)
        #expect(back == order)
        // The direct paths take this shape, and agree with the general ones.
        #expect(AvroEncoder(schema: s).directEncode(order) == bytes)
        #expect(try AvroCodec(schema: s).encode(try AvroEncoder(schema: s).avroValue(order)) == bytes)
        #expect(AvroDecoder(schema: s).directDecode(Order.self, from: bytes) == order)
        // The generic view shows the Avro representation.
        guard case .record(let f) = try AvroCodec(schema: s).decode(bytes) else { Issue.record("shape"); return }
        #expect(f[0] == .string("3f2504e0-4f89-41d3-9a0c-0305e82c3301"))
        #expect(f[3] == .enumeration(2))
        #expect(f[6] == .union(0, .null))
        guard case .array(let items) = f[7], case .record(let item0) = items[0] else { Issue.record("items"); return }
        #expect(item0[2] == .bytes([0x07, 0xCF]))  // 1999 unscaled, big-endian two's complement
        guard case .record(let item1) = items[1] else { Issue.record("item 1"); return }
        #expect(item1[2] == .bytes([0xFB]))  // -5
        #expect(item1[3] == .union(0, .null))
    }

    @Test func decimalEncodingMatchesJavaBigInteger() {
        let cases: [(String, Int, [UInt8])] = [
            ("0", 2, [0x00]), ("1.27", 2, [0x7F]), ("1.28", 2, [0x00, 0x80]), ("-1.28", 2, [0x80]), ("-1.29", 2, [0xFF, 0x7F]),
            ("12345678901234567890.12", 2, [0x42, 0xED, 0x12, 0x3B, 0x0B, 0xD8, 0x20, 0x3A, 0x14]),
        ]
        for (text, scale, bytes) in cases {
            #expect(AvroLogicalValues.decimalBytes(Decimal(string: text)!, scale: scale, size: nil) == bytes, "\(text)")
            #expect(AvroLogicalValues.decimal(bytes, scale: scale) == Decimal(string: text)!, "\(text)")
        }
        #expect(AvroLogicalValues.decimalBytes(Decimal(string: "1.234")!, scale: 2, size: nil) == nil)
        #expect(AvroLogicalValues.decimalBytes(Decimal(string: "-1")!, scale: 0, size: 4) == [0xFF, 0xFF, 0xFF, 0xFF])
    }

    struct Wrong: Codable { var items: [Item]; struct Item: Codable { var qty: String } }

    @Test func mismatchesNameTheFieldPath() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"qty","type":"int"}]}}}]}"#)
        do {
            _ = try AvroEncoder(schema: s).encode(Wrong(items: [Wrong.Item(qty: "x")]))
            Issue.record("encoded a string as int")
        } catch let EncodingError.invalidValue(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["items", "[0]", "qty"])
        }
        let good = try AvroCodec(schema: s).encode(.record([.array([.record([.int(5)])])]))
        do {
            _ = try AvroDecoder(schema: s).decode(Wrong.self, from: good)
            Issue.record("decoded an int as string")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["items", "[0]", "qty"])
        }
    }

    struct Sparse: Codable { var id: Int64 }

    @Test func missingFieldsTakeDefaultsOrNull() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"note","type":["null","string"]},{"name":"n","type":"int","default":7}]}"#)
        let v = try AvroEncoder(schema: s).avroValue(Sparse(id: 1))
        #expect(v == .record([.long(1), .union(0, .null), .int(7)]))
        struct Strict: Codable { var id: Int64 }
        let t = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"must","type":"string"}]}"#)
        #expect(throws: EncodingError.self) { try AvroEncoder(schema: t).encode(Strict(id: 1)) }
    }
}
