#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SteleAvro
import SteleJSON

/// The same workloads through `Codable` structs (`AvroEncoder` / `AvroDecoder`).
enum CodableBenchmark {
    struct Ride: Codable, Equatable {
        var VendorID: Int32
        var tpep_pickup_datetime: Date
        var tpep_dropoff_datetime: Date
        var passenger_count: Int32
        var trip_distance: Double
        var RatecodeID: Int32
        var store_and_fwd_flag: String
        var PULocationID: Int32
        var DOLocationID: Int32
        var payment_type: Int32
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
    struct Customer: Codable, Equatable { var name: String; var email: String; var tier: Int32 }
    struct Address: Codable, Equatable { var street, city, postcode, country: String }
    struct LineItem: Codable, Equatable { var sku: String; var quantity: Int32; var unit_price: Decimal; var discount: Double? }
    struct Order: Codable, Equatable {
        var order_id: String
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

    static func run<T: Codable & Equatable>(_ type: T.Type, workload: String, schema: AvroSchema, payloads: [[UInt8]], reps: Int) throws {
        let encoder = AvroEncoder(schema: schema)
        let decoder = AvroDecoder(schema: schema)
        // Structs built before timing, from the reference bytes.
        let values = try payloads.map { try decoder.decode(type, from: $0) }
        let n = values.count
        let totalBytes = payloads.reduce(0) { $0 + $1.count }
        if BenchIO.wants("codable-encode") {
        let (eBest, eMed) = try timePasses(reps: reps) {
            for v in values { consume(try encoder.encode(v)) }
        }
        let encoded = try values.map { try encoder.encode($0) }
        // A Swift dictionary has no order, so map entries may be written in another order
        // than the reference file's: bytes match, or they decode to the same struct.
        var matches = 0
        for (i, mine) in encoded.enumerated() {
            if mine == payloads[i] {
                matches += 1
            } else if try decoder.decode(type, from: mine) == values[i] {
                matches += 1
            }
        }
        print(resultLine(impl: "stele-codable", workload: workload, op: "encode", n: n, bytes: totalBytes, best: eBest, median: eMed, reps: reps, extra: "match=\(matches)/\(n)"))
        }
        guard BenchIO.wants("codable-decode") else { return }
        let (dBest, dMed) = try timePasses(reps: reps) {
            for p in payloads { consume(try decoder.decode(type, from: p)) }
        }
        let dMatches = try zip(payloads, values).filter { try decoder.decode(type, from: $0) == $1 }.count
        print(resultLine(impl: "stele-codable", workload: workload, op: "decode", n: n, bytes: totalBytes, best: dBest, median: dMed, reps: reps, extra: "match=\(dMatches)/\(n)"))
    }
}
