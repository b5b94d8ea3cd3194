import Foundation
import SteleSchema
import Testing
@testable import SteleAvro
import SteleTestSupport

/// Avro's own vectors: canonical forms and fingerprints, and lang-c's parse pass/fail schemas.
@Suite struct CorpusTests {
    func check(_ cases: [SchemaTestCase]) -> (canonical: Int, fingerprints: Int) {
        var canonical = 0, fingerprints = 0
        for c in cases {
            do {
                let schema = try AvroSchema(parsing: c.input)
                if let expected = c.canonical {
                    #expect(schema.parsingCanonicalForm == expected, "case \(c.number): \(c.input)")
                    if schema.parsingCanonicalForm == expected { canonical += 1 }
                }
                if let expected = c.fingerprint {
                    let fp = schema.fingerprint(.crc64).int64
                    #expect(fp == expected, "case \(c.number) fingerprint")
                    if fp == expected { fingerprints += 1 }
                }
                // The canonical form is itself a schema with the same canonical form.
                let again = try AvroSchema(parsing: schema.parsingCanonicalForm)
                #expect(again.parsingCanonicalForm == schema.parsingCanonicalForm)
            } catch {
                Issue.record("case \(c.number) failed to parse: \(error)\n\(c.input)")
            }
        }
        return (canonical, fingerprints)
    }

    @Test func fixtureCanonicalFormsAndFingerprints() throws {
        let text = try TestPaths.read(TestPaths.fixtures.appendingPathComponent("avro/canonical/schema-tests.txt"))
        let cases = SchemaTestsFile.parse(text)
        #expect(cases.count == 11)
        let (canonical, fingerprints) = check(cases)
        #expect(canonical == 11)
        #expect(fingerprints == 11)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "needs ../shared/corpus (or $STELE_CORPUS): Avro schema-tests.txt (34 canonical forms, 26 fingerprints)"))
    func corpusCanonicalFormsAndFingerprints() throws {
        let corpus = try #require(TestPaths.corpus)
        let text = try TestPaths.read(corpus.appendingPathComponent("avro/share-test/data/schema-tests.txt"))
        let cases = SchemaTestsFile.parse(text)
        #expect(cases.count == 34)
        #expect(cases.filter { $0.fingerprint != nil }.count == 26)
        let (canonical, fingerprints) = check(cases)
        #expect(canonical == 34)
        #expect(fingerprints == 26)
        print("Avro schema-tests.txt: \(canonical)/34 canonical forms, \(fingerprints)/26 fingerprints")
    }

    func checkParseVectors(_ dir: URL) throws -> (passed: Int, failedRejected: Int, pass: Int, fail: Int) {
        let pass = try TestPaths.files(in: dir.appendingPathComponent("pass"))
        let fail = try TestPaths.files(in: dir.appendingPathComponent("fail"))
        var ok = 0, rejected = 0
        for url in pass {
            do {
                let schema = try AvroSchema(parsing: try TestPaths.read(url))
                ok += 1
                // Stored text is stable: parsing it again gives the same text.
                let again = try AvroSchema(parsing: schema.canonicalText)
                #expect(again.canonicalText == schema.canonicalText, "\(url.lastPathComponent)")
                #expect(again.parsingCanonicalForm == schema.parsingCanonicalForm)
            } catch {
                Issue.record("\(url.lastPathComponent) must parse: \(error)")
            }
        }
        for url in fail {
            let text = try TestPaths.read(url)
            do {
                _ = try AvroSchema(parsing: text)
                Issue.record("\(url.lastPathComponent) must be rejected")
            } catch {
                rejected += 1
                #expect(error.primary.range.start.isKnown, "\(url.lastPathComponent) error has a position")
            }
        }
        return (ok, rejected, pass.count, fail.count)
    }

    @Test func fixtureParseVectors() throws {
        let r = try checkParseVectors(TestPaths.fixtures.appendingPathComponent("avro/parse"))
        #expect(r.passed == r.pass && r.pass == 5)
        #expect(r.failedRejected == r.fail && r.fail == 4)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "needs ../shared/corpus (or $STELE_CORPUS): lang-c schema parse vectors (28 pass, 12 fail)"))
    func corpusParseVectors() throws {
        let corpus = try #require(TestPaths.corpus)
        let r = try checkParseVectors(corpus.appendingPathComponent("avro/lang-c-schema_tests"))
        #expect(r.pass == 28 && r.passed == 28)
        #expect(r.fail == 12 && r.failedRejected == 12)
        print("lang-c schema vectors: \(r.passed)/28 pass schemas parsed, \(r.failedRejected)/12 fail schemas rejected")
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "needs ../shared/corpus (or $STELE_CORPUS): share-test/schemas/*.avsc"))
    func corpusShareTestSchemasParse() throws {
        let corpus = try #require(TestPaths.corpus)
        let files = try TestPaths.files(in: corpus.appendingPathComponent("avro/share-test/schemas")).filter { $0.pathExtension == "avsc" }
        #expect(files.count == 6)
        for url in files {
            do {
                let schema = try AvroSchema(parsing: try TestPaths.read(url))
                let again = try AvroSchema(parsing: schema.canonicalText)
                #expect(again.canonicalText == schema.canonicalText, "\(url.lastPathComponent)")
            } catch {
                Issue.record("\(url.lastPathComponent) must parse: \(error)")
            }
        }
    }

    @Test func exampleSchemasOfTheProjectParse() throws {
        for name in ["ride.avsc", "order.avsc"] {
            let schema = try AvroSchema(parsing: try TestPaths.read(TestPaths.repoRoot.appendingPathComponent("schemas/\(name)")))
            #expect(schema.warnings.isEmpty, "\(name): \(schema.warnings)")
        }
    }
}
