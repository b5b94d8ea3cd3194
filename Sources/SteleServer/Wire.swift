import Hummingbird
import NIOCore
import SteleJSON
import SteleJSONSchema
import SteleRegistry
import SteleSchema

/// Confluent's JSON shapes (reference §1.2) and the request details every route shares.
enum Wire {
    static let contentType = "application/vnd.schemaregistry.v1+json"

    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var out: [UInt8] = []
        JSONWriter().write(value, into: &out)
        return Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: out)))
    }

    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Confluent's error body; a 401 also carries the basic-auth challenge.
    static func error(status: Int, code: Int, message: String) -> Response {
        var r = response(["error_code": .int(Int64(code)), "message": .string(message)], status: HTTPResponse.Status(code: status))
        if status == 401 { r.headers[.wwwAuthenticate] = "Basic realm=\"Stele\"" }
        return r
    }

    /// The route pattern the request matched, as Confluent's docs write routes
    /// (`/subjects/{subject}/versions`), or `unmatched`: the label of metrics and logs, and
    /// what authorization looks up. Hummingbird's `:name` parameters, if it reports them so,
    /// become `{name}`; a pattern without any is returned as it is, with no work per request.
    static func route(_ context: some RequestContext) -> String {
        guard let path = context.endpointPath else { return "unmatched" }
        guard path.contains(":") else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    /// JAX-RS booleans: "true" in any case is true, anything else false.
    static func flag(_ request: Request, _ names: String...) -> Bool {
        for n in names { if let v = request.uri.queryParameters[n[...]], v.lowercased() == "true" { return true } }
        return false
    }

    static func query(_ request: Request, _ names: String...) -> String? {
        for n in names { if let v = request.uri.queryParameters[n[...]] { return String(v) } }
        return nil
    }

    /// A path parameter, percent-decoded (clients encode subjects with no safe characters).
    static func parameter(_ context: some RequestContext, _ name: String) throws -> String {
        URIReference.percentDecoded(try context.parameters.require(name))
    }

    /// The context a `/contexts/{context}/…` route names, normalized (`.ctx`); nil elsewhere.
    static func pathContext(_ context: some RequestContext) throws -> String? {
        guard let raw = context.parameters.get("context") else { return nil }
        guard let c = QualifiedSubject.normalizeContext(URIReference.percentDecoded(raw)) else { throw RegistryError.invalidContext }
        return c
    }

    /// `name` as a `/contexts/{context}/…` route means it: qualified with the path's context
    /// unless it names its own (`:.other:s`, `:*:s`), as Confluent's ContextFilter rewrites it.
    static func qualified(_ name: String, in context: some RequestContext) throws -> String {
        guard let pathContext = try pathContext(context), !name.hasPrefix(":.") && !name.hasPrefix(":*:") else { return name }
        return QualifiedSubject.prefix(ofContext: pathContext) + name
    }

    /// The `{subject}` of the route, qualified with the path's context.
    static func subject(_ context: some RequestContext) throws -> String {
        try qualified(try parameter(context, "subject"), in: context)
    }

    /// What `/config` and `/mode` address: the top level (nil), or under `/contexts/{ctx}` the
    /// context's own scope (`:.ctx:`; the default context's is the top level).
    static func rootScope(_ context: some RequestContext) throws -> String? {
        guard let c = try pathContext(context), c != QualifiedSubject.defaultContext else { return nil }
        return QualifiedSubject.prefix(ofContext: c)
    }

    /// A `subject` or `subjectPrefix` query value, qualified with the path's context (a
    /// `/contexts/{ctx}/…` route without one means the context itself: `:.ctx:`).
    static func scopedQuery(_ request: Request, _ context: some RequestContext, _ names: String...) throws -> String? {
        var value: String?
        for n in names where value == nil { value = request.uri.queryParameters[n[...]].map(String.init) }
        guard try pathContext(context) != nil else { return value }
        return try qualified(value ?? "", in: context)
    }

    /// The JSON body, at most `limit` bytes: malformed JSON is 400 (error code 400), as Jackson
    /// errors are in Confluent; a body over the limit is 413.
    static func bodyTooLarge(_ limit: Int) -> RegistryError { RegistryError(413, "Request body too large: the limit is \(limit) bytes") }

    static func body(_ request: Request, limit: Int) async throws -> JSONValue {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch { throw bodyTooLarge(limit) }
        let bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty { throw RegistryError(422, "Request body is empty") }
        do { return try JSONParser(options: .init(maxDepth: 512, maxBytes: limit)).parse(bytes) } catch {
            throw RegistryError(400, "Unexpected character or malformed JSON: \(error.description)")
        }
    }

    /// RegisterSchemaRequest.
    static func schemaRequest(_ v: JSONValue) throws(RegistryError) -> Registry.SchemaRequest {
        guard case .object(let o) = v else { throw RegistryError(422, "Request body must be a JSON object") }
        var type = SchemaType.avro
        if case .string(let t)? = o["schemaType"] {
            guard let parsed = SchemaType(lenient: t), parsed != .protobuf else { throw RegistryError(42201, "Invalid schema type \(t)") }
            type = parsed
        }
        var schema: String?
        switch o["schema"] {
        case .string(let s)?: schema = s
        case nil, .null?: schema = nil
        default: throw RegistryError(42201, "Invalid schema: the schema field must be a string")
        }
        var refs: [SchemaReference] = []
        if case .array(let list)? = o["references"] {
            for r in list {
                guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, let version = r["version"]?.intValue else {
                    throw RegistryError(42201, "Invalid schema: each reference needs name, subject and version")
                }
                refs.append(SchemaReference(name: name, subject: subject, version: Int(version)))
            }
        }
        func int(_ k: String) -> Int? { o[k]?.intValue.map { Int($0) } }
        let metadata = o["metadata"].flatMap { $0 == .null ? nil : $0 }
        let ruleSet = o["ruleSet"].flatMap { $0 == .null ? nil : $0 }
        return Registry.SchemaRequest(schemaType: type, schema: schema, references: refs, metadata: metadata, ruleSet: ruleSet, id: int("id"), version: int("version"))
    }

    static func references(_ refs: [SchemaReference]) -> JSONValue {
        .array(refs.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] })
    }

    /// The Schema entity (subject, version, id, schemaType, references, metadata, ruleSet, schema);
    /// `text` replaces the stored text (a `format` other than the default).
    static func schema(_ r: Registry.Registered, text: String? = nil, deletedField: Bool = false) -> JSONValue {
        var o = JSONObject()
        o["subject"] = .string(r.version.subject)
        o["version"] = .int(Int64(r.version.version))
        o["id"] = .int(Int64(r.record.id))
        o["guid"] = .string(r.record.guid.description)
        o["schemaType"] = .string(r.record.schemaType.rawValue)
        if !r.record.references.isEmpty { o["references"] = references(r.record.references) }
        if let m = r.record.metadata { o["metadata"] = m }
        if let rs = r.record.ruleSet { o["ruleSet"] = rs }
        o["schema"] = .string(text ?? r.record.schema)
        o["ts"] = .int(r.version.timestamp)
        if deletedField || r.version.deleted { o["deleted"] = .bool(r.version.deleted) }
        return .object(o)
    }

    /// The SchemaString entity of `/schemas/ids/{id}`; `text` as for `schema`.
    static func schemaString(_ r: SchemaRecord, text: String? = nil) -> JSONValue {
        var o = JSONObject()
        o["schema"] = .string(text ?? r.schema)
        o["schemaType"] = .string(r.schemaType.rawValue)
        o["guid"] = .string(r.guid.description)
        if !r.references.isEmpty { o["references"] = references(r.references) }
        if let m = r.metadata { o["metadata"] = m }
        if let rs = r.ruleSet { o["ruleSet"] = rs }
        return .object(o)
    }
}

/// Every error becomes Confluent's body: registry errors with their own code and message;
/// other errors get's generic body: `{"error_code": <status>, "message": …}`
/// (`HTTP 404 Not Found` for unknown routes, 413 for oversized bodies, 500 otherwise), never
/// an empty body.
struct ConfluentErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    var dialect: ConfluentDialect = .newest

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as RegistryError {
            return Wire.error(status: e.httpStatus, code: dialect.errorCode(e.code), message: e.confluentMessage)
        } catch let e as HTTPError {
            let code = Int(e.status.code)
            let message: String
            switch code {
            case 404: message = "HTTP 404 Not Found"
            case 405: message = "HTTP 405 Method Not Allowed"
            case 413: message = "Request body too large"
            default: message = e.body ?? "HTTP \(code) \(e.status.reasonPhrase)"
            }
            return Wire.error(status: code, code: code, message: message)
        } catch {
            // The cause goes to the log (with the request id), never to the client.
            context.logger.error("internal error", metadata: ["error": .string(String(describing: error))])
            return Wire.error(status: 500, code: 500, message: "Internal Server Error")
        }
    }
}
