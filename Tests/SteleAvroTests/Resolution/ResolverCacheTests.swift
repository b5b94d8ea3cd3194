import Testing
@testable import SteleAvro

@Suite struct ResolverCacheTests {
    let reader = try! AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":"-"}]}"#)
    let v1 = try! AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"id","type":"int"}]}"#)
    let v2 = try! AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"note","type":"string"}]}"#)

    @Test func compilesOncePerWriterAndResolvesEach() throws {
        let cache = AvroResolverCache(reader: reader)
        var asked = 0
        for _ in 0..<3 {
            let r1 = cache.resolver(writerID: 1) { asked += 1; return v1 }
            #expect(try r1.decode(try AvroCodec(schema: v1).encode(.record([.int(4)]))) == .record([.long(4), .string("-")]))
            let r2 = cache.resolver(writerID: 2) { asked += 1; return v2 }
            #expect(try r2.decode(try AvroCodec(schema: v2).encode(.record([.long(5), .string("n")]))) == .record([.long(5), .string("n")]))
        }
        #expect(asked == 2)
        #expect(cache.count == 2)
    }

    @Test func staysWithinItsCapacity() {
        let cache = AvroResolverCache(reader: reader, capacity: 4)
        for id in 0..<100 { _ = cache.resolver(writerID: id) { v1 } }
        #expect(cache.count == 4)
        var asked = false
        _ = cache.resolver(writerID: 99) { asked = true; return v1 }
        #expect(!asked, "the newest entry is kept")
    }

    @Test func aFailingSchemaLookupIsNotCached() {
        struct Missing: Error {}
        let cache = AvroResolverCache(reader: reader)
        #expect(throws: Missing.self) { try cache.resolver(writerID: 7) { throw Missing() } }
        #expect(cache.count == 0)
    }

    @Test func concurrentLookupsAgree() async {
        let cache = AvroResolverCache(reader: reader)
        let v1 = self.v1
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<64 { group.addTask { _ = cache.resolver(writerID: i % 8) { v1 } } }
        }
        #expect(cache.count == 8)
    }
}
