import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct LogicalTypeTests {
    func logicalType(_ text: String) -> (AvroLogicalType?, [Finding])? {
        guard let s = parsed(text) else { return nil }
        return (s.rootNode.logicalType, s.warnings)
    }

    @Test func validLogicalTypes() {
        let cases: [(String, AvroLogicalType)] = [
            (#"{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}"#, .decimal(precision: 10, scale: 2)),
            (#"{"type":"bytes","logicalType":"decimal","precision":4}"#, .decimal(precision: 4, scale: 0)),
            (#"{"type":"fixed","name":"D","size":8,"logicalType":"decimal","precision":18,"scale":18}"#, .decimal(precision: 18, scale: 18)),
            (#"{"type":"bytes","logicalType":"big-decimal"}"#, .bigDecimal),
            (#"{"type":"string","logicalType":"uuid"}"#, .uuid),
            (#"{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}"#, .uuid),
            (#"{"type":"int","logicalType":"date"}"#, .date),
            (#"{"type":"int","logicalType":"time-millis"}"#, .timeMillis),
            (#"{"type":"long","logicalType":"time-micros"}"#, .timeMicros),
            (#"{"type":"long","logicalType":"timestamp-millis"}"#, .timestampMillis),
            (#"{"type":"long","logicalType":"timestamp-micros"}"#, .timestampMicros),
            (#"{"type":"long","logicalType":"timestamp-nanos"}"#, .timestampNanos),
            (#"{"type":"long","logicalType":"local-timestamp-millis"}"#, .localTimestampMillis),
            (#"{"type":"long","logicalType":"local-timestamp-micros"}"#, .localTimestampMicros),
            (#"{"type":"long","logicalType":"local-timestamp-nanos"}"#, .localTimestampNanos),
            (#"{"type":"fixed","name":"Dur","size":12,"logicalType":"duration"}"#, .duration),
        ]
        for (text, expected) in cases {
            let r = logicalType(text)
            #expect(r?.0 == expected, "\(text)")
            #expect(r?.1.isEmpty == true, "\(text)")
        }
    }

    @Test func invalidLogicalTypesFallBackToTheUnderlyingTypeWithAWarning() throws {
        let cases = [
            #"{"type":"string","logicalType":"decimal","precision":4}"#,
            #"{"type":"bytes","logicalType":"decimal"}"#,
            #"{"type":"bytes","logicalType":"decimal","precision":0}"#,
            #"{"type":"bytes","logicalType":"decimal","precision":4,"scale":5}"#,
            #"{"type":"bytes","logicalType":"decimal","precision":4,"scale":-1}"#,
            #"{"type":"fixed","name":"D","size":2,"logicalType":"decimal","precision":5}"#,
            #"{"type":"long","logicalType":"date"}"#,
            #"{"type":"int","logicalType":"timestamp-millis"}"#,
            #"{"type":"fixed","name":"U","size":15,"logicalType":"uuid"}"#,
            #"{"type":"fixed","name":"Dur","size":16,"logicalType":"duration"}"#,
            #"{"type":"string","logicalType":"big-decimal"}"#,
            #"{"type":"int","logicalType":7}"#,
        ]
        for text in cases {
            let r = logicalType(text)
            #expect(r != nil && r!.0 == nil, "\(text)")
            #expect(r?.1.map(\.rule) == [AvroRules.invalidLogicalType], "\(text)")
            #expect(r?.1.first?.severity == .warning)
        }
        // The attribute is still kept as a property, as Avro Java keeps it.
        let s = try #require(parsed(#"{"type":"long","logicalType":"date"}"#))
        #expect(s.canonicalText == #"{"type":"long","logicalType":"date"}"#)
        #expect(s.parsingCanonicalForm == #""long""#)
    }

    @Test func unknownLogicalTypesAreCustomAndSilent() throws {
        let s = try #require(parsed(#"{"type":"string","logicalType":"iso-country"}"#))
        #expect(s.rootNode.logicalType == nil)
        #expect(s.warnings.isEmpty)
        #expect(s.canonicalText == #"{"type":"string","logicalType":"iso-country"}"#)
    }

    @Test func maxDecimalPrecisionForFixedSizes() {
        #expect(AvroLogicalType.maxDecimalPrecision(fixedSize: 1) == 2)
        #expect(AvroLogicalType.maxDecimalPrecision(fixedSize: 4) == 9)
        #expect(AvroLogicalType.maxDecimalPrecision(fixedSize: 8) == 18)
        #expect(AvroLogicalType.maxDecimalPrecision(fixedSize: 16) == 38)
    }
}
