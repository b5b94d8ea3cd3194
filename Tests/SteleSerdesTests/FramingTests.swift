import NIOCore
import SteleSchema
@testable import SteleSerdes
import Testing

@Suite("Wire framing")
struct FramingTests {
    static let guid = SchemaGUID("0b8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f10")!

    func read(_ message: [UInt8], header: [UInt8]? = nil) throws(SerdesError) -> (SchemaIdentifier, Int) {
        try message.reading { (raw) throws(SerdesError) in
            guard let header else { return try WireFormat.read(raw, header: nil) }
            return try header.reading { (h) throws(SerdesError) in try WireFormat.read(raw, header: h) }
        }
    }

    @Test("prefix v0 is 0x00 and the id as 4 bytes big-endian")
    func prefixV0() throws {
        #expect(WireFormat.prefix(id: 1) == [0, 0, 0, 0, 1])
        #expect(WireFormat.prefix(id: 0x01020304) == [0, 1, 2, 3, 4])
        let (id, start) = try read([0, 0, 0, 1, 0x2c, 0x02])
        #expect(id == .id(300) && start == 5)
    }

    @Test("prefix v1 is 0x01 and the 16 GUID bytes in UUID order")
    func prefixV1() throws {
        let prefix = WireFormat.prefix(guid: Self.guid)
        #expect(prefix.count == 17 && prefix[0] == 1 && prefix[1] == 0x0b && prefix[16] == 0x10)
        let (id, start) = try read(prefix + [7])
        #expect(id == .guid(Self.guid) && start == 17)
    }

    @Test("the header wins over the prefix; the whole message is then payload, even when short")
    func headerFirst() throws {
        let (id, start) = try read([0x02], header: WireFormat.prefix(guid: Self.guid))
        #expect(id == .guid(Self.guid) && start == 0)
        // An empty payload (a schema whose data takes no bytes) is a message too.
        #expect(try read([], header: WireFormat.prefix(guid: Self.guid)).1 == 0)
        #expect(try read([], header: [0, 0, 0, 0, 9]).0 == .id(9))
    }

    @Test("an unknown magic byte, a short prefix, or a malformed header is a typed error")
    func badFraming() {
        func code(_ message: [UInt8], header: [UInt8]? = nil) -> SerdesError.Code? {
            do { _ = try read(message, header: header); return nil } catch { return error.code }
        }
        #expect(code([0x7b, 0x22]) == .unknownMagicByte)
        #expect(code([]) == .invalidFraming)
        #expect(code([0, 0, 0]) == .invalidFraming)
        #expect(code([1] + [UInt8](repeating: 0, count: 10)) == .invalidFraming)
        #expect(code([1, 2, 3], header: [1, 2]) == .invalidFraming)
        #expect(code([1, 2, 3], header: WireFormat.prefix(guid: Self.guid) + [0]) == .invalidFraming)
        #expect(code([1, 2, 3], header: [9]) == .unknownMagicByte)
    }

    @Test("the header is looked up for the right field; the last one wins; a header without value is ignored")
    func headerLookup() {
        let headers = [KafkaHeader(key: "__value_schema_id", bytes: [1]), KafkaHeader(key: "__key_schema_id", bytes: [2]),
                       KafkaHeader(key: "__value_schema_id", bytes: [3])]
        #expect(WireFormat.headerValue(headers, field: .value) == ByteBuffer(bytes: [3]))
        #expect(WireFormat.headerValue(headers, field: .key) == ByteBuffer(bytes: [2]))
        #expect(WireFormat.headerValue([KafkaHeader(key: "__value_schema_id", value: nil)], field: .value) == nil)
    }
}
