import CAvroShim
#if canImport(Glibc)
import Glibc
#endif
@testable import SteleAvro

/// libavro-c as a differential oracle: writes an `AvroValue` through libavro-c's generic value
/// API and reads bytes back into an `AvroValue`. Only ever given valid data (it is not safe on
/// hostile bytes; see DESIGN.md).
final class LibAvroOracle {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let schema: AvroSchema
    private let handle: OpaquePointer

    init(_ schema: AvroSchema) throws {
        self.schema = schema
        var error = [CChar](repeating: 0, count: 512)
        let capacity = error.count
        let text = schema.canonicalText
        guard let h = text.withCString({ stele_avro_new($0, strlen($0), &error, capacity) }) else {
            let message = error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            throw Failure(description: "libavro-c rejected the schema: \(String(decoding: message, as: UTF8.self))")
        }
        handle = h
    }

    deinit { stele_avro_free(handle) }

    func encode(_ value: AvroValue) throws -> [UInt8] {
        let root = stele_avro_root(handle)!
        try set(value, schema.root, root)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        let rc = buffer.withUnsafeMutableBufferPointer { stele_avro_encode(handle, $0.baseAddress, $0.count, &written) }
        guard rc == 0 else { throw Failure(description: "libavro-c could not write: \(String(cString: stele_avro_error()))") }
        return Array(buffer[0..<written])
    }

    /// Reads valid bytes (never hostile ones) with libavro-c.
    func decode(_ bytes: [UInt8]) throws -> AvroValue {
        let rc = bytes.withUnsafeBufferPointer { stele_avro_decode(handle, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw Failure(description: "libavro-c could not read: \(String(cString: stele_avro_error()))") }
        return try get(schema.root, stele_avro_current(handle))
    }

    private func check(_ rc: Int32, _ what: String) throws {
        if rc != 0 { throw Failure(description: "libavro-c \(what): \(String(cString: stele_avro_error()))") }
    }

    private func set(_ value: AvroValue, _ id: AvroNodeID, _ v: UnsafeMutablePointer<avro_value_t>) throws {
        switch (schema[id], value) {
        case (_, .null): try check(stele_set_null(v), "set null")
        case (_, .boolean(let b)): try check(stele_set_boolean(v, b ? 1 : 0), "set boolean")
        case (_, .int(let i)): try check(stele_set_int(v, i), "set int")
        case (_, .long(let l)): try check(stele_set_long(v, l), "set long")
        case (_, .float(let f)): try check(stele_set_float(v, f), "set float")
        case (_, .double(let d)): try check(stele_set_double(v, d), "set double")
        case (_, .bytes(let b)): try check(b.withUnsafeBytes { stele_set_bytes(v, $0.baseAddress, $0.count) }, "set bytes")
        case (_, .fixed(let b)): try check(b.withUnsafeBytes { stele_set_fixed(v, $0.baseAddress, $0.count) }, "set fixed")
        case (_, .string(let s)):
            let utf8 = Array(s.utf8)
            try check(utf8.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { stele_set_string_len(v, $0.baseAddress, $0.count) } }, "set string")
        case (_, .enumeration(let i)): try check(stele_set_enum(v, Int32(i)), "set enum")
        case (.array(let items, _), .array(let elements)):
            for e in elements {
                var child = avro_value_t()
                try check(stele_append(v, &child), "append")
                try set(e, items, &child)
            }
        case (.map(let values, _), .map(let entries)):
            for entry in entries {
                var child = avro_value_t()
                try check(stele_map_add(v, entry.key, &child), "map add")
                try set(entry.value, values, &child)
            }
        case (.record(let r), .record(let fields)):
            for (k, f) in fields.enumerated() {
                var child = avro_value_t()
                try check(stele_field(v, k, &child), "field")
                try set(f, r.fields[k].type, &child)
            }
        case (.union(let branches), .union(let i, let inner)):
            var child = avro_value_t()
            try check(stele_set_branch(v, Int32(i), &child), "set branch")
            try set(inner, branches[i], &child)
        default:
            throw Failure(description: "value does not fit the schema")
        }
    }

    private func get(_ id: AvroNodeID, _ v: UnsafeMutablePointer<avro_value_t>) throws -> AvroValue {
        switch schema[id] {
        case .primitive(.null, _, _): return .null
        case .primitive(.boolean, _, _):
            var b: Int32 = 0
            try check(stele_get_boolean(v, &b), "get boolean")
            return .boolean(b != 0)
        case .primitive(.int, _, _):
            var i: Int32 = 0
            try check(stele_get_int(v, &i), "get int")
            return .int(i)
        case .primitive(.long, _, _):
            var l: Int64 = 0
            try check(stele_get_long(v, &l), "get long")
            return .long(l)
        case .primitive(.float, _, _):
            var f: Float = 0
            try check(stele_get_float(v, &f), "get float")
            return .float(f)
        case .primitive(.double, _, _):
            var d: Double = 0
            try check(stele_get_double(v, &d), "get double")
            return .double(d)
        case .primitive(.bytes, _, _):
            var p: UnsafeRawPointer? = nil
            var n = 0
            try check(stele_get_bytes(v, &p, &n), "get bytes")
            return .bytes(n == 0 ? [] : Array(UnsafeRawBufferPointer(start: p, count: n)))
        case .primitive(.string, _, _):
            var p: UnsafePointer<CChar>? = nil
            var n = 0
            try check(stele_get_string(v, &p, &n), "get string")
            let bytes = n == 0 ? [] : Array(UnsafeRawBufferPointer(start: p, count: n))
            return .string(String(decoding: bytes, as: UTF8.self))
        case .fixed:
            var p: UnsafeRawPointer? = nil
            var n = 0
            try check(stele_get_fixed(v, &p, &n), "get fixed")
            return .fixed(n == 0 ? [] : Array(UnsafeRawBufferPointer(start: p, count: n)))
        case .enumeration:
            var i: Int32 = 0
            try check(stele_get_enum(v, &i), "get enum")
            return .enumeration(Int(i))
        case .array(let items, _):
            var n = 0
            try check(stele_get_size(v, &n), "size")
            var out: [AvroValue] = []
            for k in 0..<n {
                var child = avro_value_t()
                try check(stele_get_index(v, k, &child, nil), "index")
                out.append(try get(items, &child))
            }
            return .array(out)
        case .map(let values, _):
            var n = 0
            try check(stele_get_size(v, &n), "size")
            var out: [AvroMapEntry] = []
            for k in 0..<n {
                var child = avro_value_t()
                var name: UnsafePointer<CChar>? = nil
                try check(stele_get_index(v, k, &child, &name), "index")
                out.append(AvroMapEntry(key: String(cString: name!), value: try get(values, &child)))
            }
            return .map(out)
        case .record(let r):
            var out: [AvroValue] = []
            for k in 0..<r.fields.count {
                var child = avro_value_t()
                try check(stele_get_index(v, k, &child, nil), "field")
                out.append(try get(r.fields[k].type, &child))
            }
            return .record(out)
        case .union(let branches):
            var i: Int32 = 0
            var child = avro_value_t()
            try check(stele_get_branch(v, &i, &child), "branch")
            return .union(Int(i), try get(branches[Int(i)], &child))
        }
    }
}
