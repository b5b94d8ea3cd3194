import Foundation
import Testing
@testable import SteleCLI

@Suite struct CanonicalCommandTests {
    let order = repoRoot.appendingPathComponent("schemas/order.avsc").path

    @Test func printsTheParsingCanonicalForm() async throws {
        let file = try temporaryFile(#"{"fields":[], "type":"record", "name":"foo", "namespace":"x.y", "doc":"d"}"#)
        let r = await stele("canonical", file)
        #expect(r.code == 0)
        #expect(r.out == #"{"name":"x.y.foo","type":"record","fields":[]}"# + "\n")
        #expect(r.err.isEmpty)
    }

    @Test func printsFingerprints() async throws {
        let file = try temporaryFile(#""null""#)
        let crc = await stele("canonical", file, "--fingerprint", "crc64")
        #expect(crc.out == "7195948357588979594 0x63dd24e7cc258f8a\n")
        let md5 = await stele("canonical", file, "--fingerprint", "md5")
        // MD5 of the six bytes "null" with quotes.
        #expect(md5.out == "9b41ef67651c18488a8b08bb67c75699\n")
        let sha = await stele("canonical", file, "--fingerprint", "sha256")
        #expect(sha.out == "f072cbec3bf8841871d4284230c5e983dc211a56837aed862487148f947d1a1f\n")
        let json = await stele("canonical", file, "--fingerprint", "crc64", "--format", "json")
        #expect(json.out == #"{"algorithm":"crc64","hex":"0x63dd24e7cc258f8a","signed":7195948357588979594}"# + "\n")
    }

    @Test func printsTheStoredAndNormalizedForms() async throws {
        let stored = await stele("canonical", order, "--form", "confluent")
        #expect(stored.code == 0)
        #expect(stored.out.hasPrefix(#"{"type":"record","name":"Order","namespace":"bench.order","fields":[{"name":"order_id","type":{"type":"string","logicalType":"uuid"}}"#))
        let normalized = await stele("canonical", order, "--form", "normalized")
        #expect(normalized.out.hasPrefix(#"{"name":"bench.order.Order","type":"record","fields":[{"name":"order_id","type":{"type":"string","logicalType":"uuid"},"order":"ASCENDING"}"#))
    }

    @Test func invalidSchemasExitOneWithTheRuleAndPosition() async throws {
        let file = try temporaryFile("{\n  \"type\": \"record\",\n  \"name\": \"R\",\n  \"fields\": [{\"name\": \"a\", \"type\": \"int\", \"default\": null}]\n}")
        let r = await stele("canonical", file)
        #expect(r.code == 1)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("\(file):4:54: AVRO_INVALID_DEFAULT"))
        let json = try temporaryFile("{\"type\": ")
        let j = await stele("canonical", json)
        #expect(j.code == 1)
        #expect(j.err.contains("AVRO_INVALID_JSON"))
    }

    @Test func warningsGoToStandardError() async throws {
        let file = try temporaryFile(#"{"type":"long","logicalType":"date"}"#)
        let r = await stele("canonical", file)
        #expect(r.code == 0)
        #expect(r.out == "\"long\"\n")
        #expect(r.err.contains("warning: \(file):1:30: AVRO_INVALID_LOGICAL_TYPE"))
    }

    @Test func referencesFromFiles() async throws {
        let address = try temporaryFile(#"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#, name: "address.avsc")
        let customer = try temporaryFile(#"{"type":"record","name":"Customer","namespace":"acme","fields":[{"name":"home","type":"Address"}]}"#)
        let r = await stele("canonical", customer, "--ref", "acme.Address=\(address)", "--form", "confluent")
        #expect(r.code == 0)
        #expect(r.out == #"{"type":"record","name":"Customer","namespace":"acme","fields":[{"name":"home","type":"Address"}]}"# + "\n")
        let missing = await stele("canonical", customer)
        #expect(missing.code == 1)
        #expect(missing.err.contains("AVRO_UNDEFINED_NAME"))
        let badRef = await stele("canonical", customer, "--ref", "nonsense")
        #expect(badRef.code == 1)
    }

    @Test func usageAndIOErrors() async throws {
        let noFile = await stele("canonical")
        #expect(noFile.code == 1)  // ArgumentParser's 64 mapped to the contract's 1
        #expect(noFile.err.contains("Missing expected argument"))
        let badOption = await stele("canonical", order, "--fingerprint", "sha1")
        #expect(badOption.code == 1)
        let missing = await stele("canonical", "/nonexistent/schema.avsc")
        #expect(missing.code == 2)
        #expect(missing.err.contains("cannot open /nonexistent/schema.avsc"))
        let invalidUTF8 = try temporaryFile("")
        try Data([0x22, 0xFF, 0x22]).write(to: URL(fileURLWithPath: invalidUTF8))
        let u = await stele("canonical", invalidUTF8)
        #expect(u.code == 1)
        #expect(u.err.contains("not valid UTF-8"))
    }

    @Test func helpScreensArePinned() {
        let expected = """
            OVERVIEW: Print a schema's Parsing Canonical Form, stored form or fingerprint.

            Parses FILE (or - for standard input) and prints its Avro Parsing Canonical
            Form. With --fingerprint, prints the fingerprint of that form instead: crc64
            (CRC-64-AVRO) as a signed decimal, like Avro's schema-tests.txt, and as hex;
            md5 and sha256 as hex. Invalid schemas exit 1 with the reason and its
            line:column.

            USAGE: stele canonical <file> [--type <type>] [--fingerprint <fingerprint>] [--form <form>] [--ref <ref> ...] [--format <format>]

            ARGUMENTS:
              <file>                  The schema file, or - for standard input.

            OPTIONS:
              --type <type>           Schema type. Only avro has a canonical form. (values:
                                      avro; default: avro)
              --fingerprint <fingerprint>
                                      Print this fingerprint of the chosen form instead of
                                      the form itself (Avro defines its fingerprints on the
                                      Parsing Canonical Form). (values: crc64, md5, sha256)
              --form <form>           Which canonical text to print: pcf (Parsing Canonical
                                      Form), confluent (the stored form), or normalized.
                                      (values: pcf, confluent, normalized; default: pcf)
              --ref <ref>             A referenced schema as NAME=FILE (repeatable,
                                      dependencies first).
              --format <format>       Output format: text or json. (values: text, json;
                                      default: text)
              --version               Show the version.
              -h, --help              Show help information.

            """
        #expect(Stele.helpMessage(for: Stele.Canonical.self, columns: 80) == expected)
        let root = Stele.helpMessage(columns: 80)
        #expect(root.contains("canonical               Print a schema's Parsing Canonical Form"))
    }
}
