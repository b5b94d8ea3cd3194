import SteleAvro
import SteleClient
import SteleJSONSchema

/// Why a message could not be serialized or deserialized. A struct around a code (the
/// swift-nio pattern), carrying the registry's error, the Avro decoder's byte offset, or the
/// validator's findings where one caused it.
public struct SerdesError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The first byte is neither 0x00 (schema id) nor 0x01 (GUID).
        case unknownMagicByte
        /// The message or header is too short for its framing, or the header is malformed.
        case invalidFraming
        /// The registry has no schema with the message's id or GUID.
        case unknownSchema
        /// The registry could not be reached or refused the call (see `registryError`).
        case registry
        /// The payload does not decode with the writer's schema (see `avroError` for the
        /// offset), or not into the requested Swift type.
        case invalidPayload
        /// The value does not fit the schema it is serialized with.
        case invalidValue
        /// The document fails JSON Schema validation (see `validationErrors`).
        case validationFailed
        /// The schema from the registry (or given) is not usable: unparsable, wrong type, or not
        /// compatible as `latestCompatibilityStrict`/`idCompatibilityStrict` require.
        case incompatibleSchema
        /// The serde's configuration is contradictory or incomplete.
        case configuration
        /// An `ENCRYPT` rule could not run: no field encryption configured, no KMS driver or
        /// secret, a key that does not unwrap, a ciphertext that does not decrypt, AES-SIV.
        case encryption
    }

    public let code: Code
    public let message: String
    public var registryError: RegistryClientError?
    public var avroError: AvroDecodingError?
    public var validationErrors: [JSONSchemaValidator.ValidationError]

    public init(_ code: Code, _ message: String, registryError: RegistryClientError? = nil, avroError: AvroDecodingError? = nil,
                validationErrors: [JSONSchemaValidator.ValidationError] = []) {
        self.code = code
        self.message = message
        self.registryError = registryError
        self.avroError = avroError
        self.validationErrors = validationErrors
    }

    /// A registry failure while finding `what`; 40403/40401 become `unknownSchema`.
    static func registry(_ e: RegistryClientError, _ what: String) -> SerdesError {
        let unknown = e.isSchemaNotFound || e.isSubjectNotFound || e.isVersionNotFound
        return SerdesError(unknown ? .unknownSchema : .registry, "\(what): \(e)", registryError: e)
    }

    public var description: String { message }
}
