/// Why a registry call failed. A struct around a code (as AsyncHTTPClient's `HTTPClientError`),
/// so kinds can be added without breaking callers, and a retry decision is a comparison.
///
/// When the registry answered, `httpStatus`, `errorCode` and `message` are Confluent's
/// (`{"error_code": 40401, "message": "Subject 'x' not found."}`); an answer that is not
/// Confluent's error body has `errorCode` -1, as confluent-kafka-python reports it.
public struct RegistryClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable, Hashable {
            case registry, transport, timeout, invalidResponse, invalidArgument, shutdown, cancelled
        }
        fileprivate let base: Base

        /// The registry answered with an error status.
        public static let registry = Code(base: .registry)
        /// No answer: the connection could not be made, was reset, or broke mid-answer.
        public static let transport = Code(base: .transport)
        /// No answer within the request timeout.
        public static let timeout = Code(base: .timeout)
        /// An answer that is not what the API returns (not JSON, wrong shape, too large).
        public static let invalidResponse = Code(base: .invalidResponse)
        /// The call itself was wrong (a bad URL, a missing argument); nothing was sent.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// The client was shut down.
        public static let shutdown = Code(base: .shutdown)
        /// The calling task was cancelled.
        public static let cancelled = Code(base: .cancelled)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The HTTP status, when the registry answered.
    public let httpStatus: Int?
    /// Confluent's `error_code` (e.g. 40401), -1 for an answer without one; nil without an answer.
    public let errorCode: Int?
    public let message: String
    /// The registry URL the final attempt went to (credentials never included).
    public var url: String?

    public init(code: Code, httpStatus: Int? = nil, errorCode: Int? = nil, message: String, url: String? = nil) {
        self.code = code
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.message = message
        self.url = url
    }

    public static func registry(status: Int, errorCode: Int, message: String) -> RegistryClientError {
        RegistryClientError(code: .registry, httpStatus: status, errorCode: errorCode, message: message)
    }

    public static func invalidArgument(_ message: String) -> RegistryClientError { RegistryClientError(code: .invalidArgument, message: message) }
    public static func invalidResponse(_ message: String) -> RegistryClientError { RegistryClientError(code: .invalidResponse, message: message) }
    public static func transport(_ message: String) -> RegistryClientError { RegistryClientError(code: .transport, message: message) }

    /// 40401: the subject does not exist.
    public var isSubjectNotFound: Bool { errorCode == 40401 }
    /// 40402: the version does not exist.
    public var isVersionNotFound: Bool { errorCode == 40402 }
    /// 40403: the schema (by id, GUID, or by text under a subject) does not exist.
    public var isSchemaNotFound: Bool { errorCode == 40403 }
    /// Any "not found" answer (HTTP 404).
    public var isNotFound: Bool { httpStatus == 404 }
    /// 409 / 40901: incompatible with an earlier version.
    public var isIncompatible: Bool { httpStatus == 409 && (errorCode == 409 || errorCode == 40901) }

    public var description: String {
        var text: String
        if let httpStatus {
            text = "schema registry answered \(httpStatus)"
            if let errorCode, errorCode != -1 { text += " (error \(errorCode))" }
            text += ": \(message)"
        } else {
            text = message
        }
        if let url { text += " [\(url)]" }
        return text
    }
}
