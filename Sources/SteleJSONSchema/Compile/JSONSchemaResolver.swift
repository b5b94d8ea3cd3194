import SteleJSON

/// Where the validator finds schemas that `$ref` (or `$schema`) names by URI. **No network
/// access, ever**: only what the caller supplies (files on the command line, schema references
/// in the registry) and the bundled meta-schemas. An unknown URI is a compile error naming it.
public protocol JSONSchemaResolver: Sendable {
    /// The document at `uri` (absolute, without fragment), or nil when unknown.
    func document(at uri: String) -> JSONValue?
}

/// Documents given up front, by URI.
public struct JSONSchemaDocuments: JSONSchemaResolver {
    public var documents: [String: JSONValue]
    public init(_ documents: [String: JSONValue] = [:]) { self.documents = documents }
    public func document(at uri: String) -> JSONValue? {
        if let d = documents[uri] { return d }
        if uri.hasSuffix("#") { return documents[String(uri.dropLast())] }
        return nil
    }
}

/// The official meta-schemas of the five drafts and their vocabularies, parsed once.
enum MetaSchemas {
    static let documents: [String: JSONValue] = {
        var d: [String: JSONValue] = [:]
        for (uri, text) in BundledMetaSchemas.texts {
            if let v = try? JSONParser().parse(Array(text.utf8)) { d[uri] = v }
        }
        return d
    }()

    static func document(at uri: String) -> JSONValue? {
        var u = uri
        while u.hasSuffix("#") { u.removeLast() }
        if let d = documents[u] { return d }
        if let draft = JSONSchemaDraft(metaSchemaURI: u) { return documents[draft.metaSchemaURI] }
        return nil
    }
}
