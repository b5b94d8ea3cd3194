import Hummingbird
import SteleJSON
import SteleRegistry
import SteleSchema

/// Confluent 8.x's `/associations` resource: topics bound to the subjects of their keys and
/// values, which the ASSOCIATED subject-name strategy of new clients resolves a topic's
/// subject through. Authorization: reading an association needs read on its subject, creating,
/// changing or deleting one needs write on it.
struct AssociationRoutes: Sendable {
    let registry: Registry
    let maxBodyBytes: Int

    func add(to router: Router<SteleRequestContext>) {
        let registry = self.registry, limit = maxBodyBytes
        router.get("/associations/subjects/:subject") { request, context in
            let list = registry.associations(subject: try Wire.subject(context), resourceType: Self.resourceType(request),
                                             associationTypes: Self.associationTypes(request), lifecycle: try Self.lifecycle(request))
            return Wire.response(.array(RegistryRoutes.page(list, request).map(Self.json)))
        }
        // One parameter name at one position (Hummingbird's router): `:resource` is the namespace here, the id below.
        router.get("/associations/resources/:resource/:name") { request, context in
            let list = registry.associations(resourceName: try Wire.parameter(context, "name"), namespace: try Wire.parameter(context, "resource"),
                                             resourceType: Self.resourceType(request), associationTypes: Self.associationTypes(request),
                                             lifecycle: try Self.lifecycle(request))
            return Wire.response(.array(RegistryRoutes.page(list.filter { context.access.canRead(subject: $0.subject) }, request).map(Self.json)))
        }
        router.get("/associations/resources/:resource") { request, context in
            let list = registry.associations(resourceId: try Wire.parameter(context, "resource"), resourceType: Self.resourceType(request),
                                             associationTypes: Self.associationTypes(request), lifecycle: try Self.lifecycle(request))
            return Wire.response(.array(RegistryRoutes.page(list.filter { context.access.canRead(subject: $0.subject) }, request).map(Self.json)))
        }
        router.post("/associations") { request, context in
            let body = try Self.createRequest(try await Wire.body(request, limit: limit))
            try Self.requireWrite(body, context)
            return Wire.response(Self.json(try await registry.associate(body, createOnly: true, dryRun: Wire.flag(request, "dryRun"))))
        }
        router.put("/associations/resources/:resource") { request, context in
            var body = try Self.createRequest(try await Wire.body(request, limit: limit))
            let id = try Wire.parameter(context, "resource")
            if let given = body.resourceId, given != id {
                throw RegistryError(42212, "The association specified an invalid value for property: 'resourceId', detail: Resource ID in the path parameter does not match the resource ID in the request body")
            }
            body.resourceId = id
            try Self.requireWrite(body, context)
            return Wire.response(Self.json(try await registry.associate(body, createOnly: false, dryRun: Wire.flag(request, "dryRun"))))
        }
        router.delete("/associations/resources/:resource") { request, context in
            let id = try Wire.parameter(context, "resource"), type = Self.resourceType(request), types = Self.associationTypes(request)
            for a in registry.associations(resourceId: id, resourceType: type, associationTypes: types) where !context.access.may(.write, "Subject:" + a.subject) {
                throw Access.denied(context.access.principal, "Write", "Subject: " + a.subject)
            }
            try await registry.deleteAssociations(resourceId: id, resourceType: type, associationTypes: types, cascade: Wire.flag(request, "cascadeLifecycle"),
                                            dryRun: Wire.flag(request, "dryRun"))
            return Response(status: .noContent)
        }
        router.post("/associations:batchGet") { request, context in
            let requests = try Self.requests(try await Wire.body(request, limit: limit))
            let results: [JSONValue] = requests.map { r in
                Self.outcome {
                    let type = r["resourceType"]?.stringValue ?? "topic"
                    let types = (r["associationTypes"]?.arrayValue ?? []).compactMap(\.stringValue)
                    let lifecycle = try r["lifecycle"]?.stringValue.map { s throws(RegistryError) in
                        guard let l = AssociationLifecycle(rawValue: s) else { throw RegistryError(42212, "Association parameters are invalid") }
                        return l
                    }
                    let found: [Association]
                    if let id = r["resourceId"]?.stringValue {
                        found = registry.associations(resourceId: id, resourceType: type, associationTypes: types, lifecycle: lifecycle)
                    } else if let name = r["resourceName"]?.stringValue {
                        found = registry.associations(resourceName: name, namespace: r["resourceNamespace"]?.stringValue ?? "-", resourceType: type,
                                                      associationTypes: types, lifecycle: lifecycle)
                    } else {
                        throw RegistryError(42212, "The association specified an invalid value for property: 'resourceId', detail: cannot be null or empty")
                    }
                    return Self.resourceJSON(found.filter { context.access.canRead(subject: $0.subject) }, request: r)
                }
            }
            return Wire.response(["results": .array(results)], status: HTTPResponse.Status(code: 207))
        }
        router.post("/associations:batchMutate") { request, context in
            let requests = try Self.requests(try await Wire.body(request, limit: limit))
            let dryRun = Wire.flag(request, "dryRun")
            var results: [JSONValue] = []
            for r in requests { results.append(await Self.outcome(async: { try await Self.mutate(registry, r, context, dryRun: dryRun) })) }
            return Wire.response(["results": .array(results)], status: HTTPResponse.Status(code: 207))
        }
    }

    // MARK: requests

    static func resourceType(_ request: Request) -> String {
        let t = Wire.query(request, "resourceType") ?? ""
        return t.isEmpty ? "topic" : t
    }

    static func associationTypes(_ request: Request) -> [String] { request.uri.queryParameters.getAll("associationType").map { String($0) } }

    static func lifecycle(_ request: Request) throws -> AssociationLifecycle? {
        guard let raw = Wire.query(request, "lifecycle") else { return nil }
        guard let l = AssociationLifecycle(rawValue: raw.uppercased()) else { throw RegistryError(42212, "Association parameters are invalid") }
        return l
    }

    static func string(_ o: JSONObject, _ key: String) throws -> String? {
        guard let v = o[key], v != .null else { return nil }
        guard let s = v.stringValue else { throw RegistryError.invalidAssociationValue(key, "must be a string") }
        return s
    }

    static func createRequest(_ body: JSONValue) throws -> Registry.AssociationRequest {
        guard case .object(let o) = body else { throw RegistryError(422, "The request body must be a JSON object") }
        var items: [Registry.AssociationItem] = []
        for entry in o["associations"]?.arrayValue ?? [] {
            guard case .object(let a) = entry else { throw RegistryError.invalidAssociationValue("associations", "each must be an object") }
            items.append(try item(a))
        }
        return Registry.AssociationRequest(resourceName: try string(o, "resourceName"), resourceNamespace: try string(o, "resourceNamespace"),
                                           resourceId: try string(o, "resourceId"), resourceType: try string(o, "resourceType"), associations: items)
    }

    static func item(_ a: JSONObject) throws -> Registry.AssociationItem {
        var lifecycle: AssociationLifecycle?
        if let l = try string(a, "lifecycle") {
            guard let parsed = AssociationLifecycle(rawValue: l.uppercased()) else { throw RegistryError.invalidAssociationValue("lifecycle", "must be STRONG or WEAK") }
            lifecycle = parsed
        }
        var frozen: Bool?
        if let f = a["frozen"], f != .null {
            guard let b = f.boolValue else { throw RegistryError.invalidAssociationValue("frozen", "must be a boolean") }
            frozen = b
        }
        var schema: Registry.SchemaRequest?
        if let s = a["schema"], s != .null { schema = try Wire.schemaRequest(s) }
        return Registry.AssociationItem(subject: try string(a, "subject"), associationType: try string(a, "associationType"), lifecycle: lifecycle,
                                        frozen: frozen, schema: schema, normalize: a["normalize"]?.boolValue ?? false)
    }

    static func requests(_ body: JSONValue) throws -> [JSONObject] {
        guard case .object(let o) = body, let list = o["requests"]?.arrayValue, !list.isEmpty else {
            throw RegistryError.invalidAssociationValue("requests", "cannot be null or empty")
        }
        return try list.map { entry in
            guard case .object(let r) = entry else { throw RegistryError.invalidAssociationValue("requests", "each must be an object") }
            return r
        }
    }

    /// Every subject the request would associate must be writable by the caller.
    static func requireWrite(_ body: Registry.AssociationRequest, _ context: SteleRequestContext) throws {
        for item in body.associations {
            let subject = item.subject ?? ":.\(body.resourceNamespace ?? ""):\(body.resourceName ?? "")-\(item.associationType ?? "value")"
            guard context.access.may(.write, "Subject:" + subject) else { throw Access.denied(context.access.principal, "Write", "Subject: " + subject) }
        }
    }

    /// One request of `:batchMutate`: its CREATE, UPSERT and DELETE ops in order; the result is
    /// the resource's associations afterwards.
    static func mutate(_ registry: Registry, _ r: JSONObject, _ context: SteleRequestContext, dryRun: Bool) async throws -> JSONValue {
        let resource = Registry.AssociationRequest(resourceName: try string(r, "resourceName"), resourceNamespace: try string(r, "resourceNamespace"),
                                                   resourceId: try string(r, "resourceId"), resourceType: try string(r, "resourceType"), associations: [])
        let ops = r["associations"]?.arrayValue ?? []
        guard !ops.isEmpty else { throw RegistryError.invalidAssociationValue("associations", "cannot be null or empty") }
        let id = resource.resourceId ?? "", type = (resource.resourceType ?? "").isEmpty ? "topic" : resource.resourceType!
        for entry in ops {
            guard case .object(let op) = entry else { throw RegistryError.invalidAssociationValue("associations", "each must be an object") }
            switch try string(op, "opType")?.uppercased() {
            case "CREATE"?, "UPSERT"?:
                var one = resource
                one.associations = [try item(op)]
                try requireWrite(one, context)
                _ = try await registry.associate(one, createOnly: op["opType"]?.stringValue?.uppercased() == "CREATE", dryRun: dryRun)
            case "DELETE"?:
                let associationType = try string(op, "associationType") ?? "value"
                for a in registry.associations(resourceId: id, resourceType: type, associationTypes: [associationType]) where !context.access.may(.write, "Subject:" + a.subject) {
                    throw Access.denied(context.access.principal, "Write", "Subject: " + a.subject)
                }
                try await registry.deleteAssociations(resourceId: id, resourceType: type, associationTypes: [associationType],
                                                cascade: op["cascadeLifecycle"]?.boolValue ?? false, dryRun: dryRun)
            default:
                throw RegistryError.invalidAssociationValue("opType", "must be CREATE, UPSERT or DELETE")
            }
        }
        return resourceJSON(registry.associations(resourceId: id, resourceType: type), request: r)
    }

    /// `{"result": …}` or `{"error": {"error_code", "message"}}`: one entry of a batch answer.
    static func outcome(_ body: () throws -> JSONValue) -> JSONValue {
        do { return ["result": try body()] } catch let e as RegistryError {
            return ["error": ["error_code": .int(Int64(e.code)), "message": .string(e.confluentMessage)]]
        } catch {
            return ["error": ["error_code": 500, "message": .string("\(error)")]]
        }
    }

    static func outcome(async body: () async throws -> JSONValue) async -> JSONValue {
        do { return ["result": try await body()] } catch let e as RegistryError {
            return ["error": ["error_code": .int(Int64(e.code)), "message": .string(e.confluentMessage)]]
        } catch {
            return ["error": ["error_code": 500, "message": .string("\(error)")]]
        }
    }

    // MARK: responses

    static func json(_ a: Association) -> JSONValue {
        var o = JSONObject()
        o["subject"] = .string(a.subject)
        o["guid"] = .string(a.guid)
        o["resourceName"] = .string(a.resourceName)
        o["resourceNamespace"] = .string(a.resourceNamespace)
        o["resourceId"] = .string(a.resourceId)
        o["resourceType"] = .string(a.resourceType)
        o["associationType"] = .string(a.associationType)
        o["lifecycle"] = .string(a.lifecycle.rawValue)
        o["frozen"] = .bool(a.frozen)
        return .object(o)
    }

    static func info(_ a: Association, _ registered: Registry.Registered?) -> JSONValue {
        var o = JSONObject()
        o["subject"] = .string(a.subject)
        o["associationType"] = .string(a.associationType)
        o["lifecycle"] = .string(a.lifecycle.rawValue)
        o["frozen"] = .bool(a.frozen)
        if let registered { o["schema"] = Wire.schema(registered) }
        return .object(o)
    }

    /// AssociationResponse.
    static func json(_ outcome: Registry.AssociationOutcome) -> JSONValue {
        var o = JSONObject()
        o["resourceName"] = .string(outcome.resourceName)
        o["resourceNamespace"] = .string(outcome.resourceNamespace)
        o["resourceId"] = .string(outcome.resourceId)
        o["resourceType"] = .string(outcome.resourceType)
        o["associations"] = .array(outcome.associations.map { info($0.association, $0.registered) })
        return .object(o)
    }

    /// An AssociationResponse for a resource's associations as they are.
    static func resourceJSON(_ list: [Association], request r: JSONObject) -> JSONValue {
        var o = JSONObject()
        o["resourceName"] = .string(list.first?.resourceName ?? r["resourceName"]?.stringValue ?? "")
        o["resourceNamespace"] = .string(list.first?.resourceNamespace ?? r["resourceNamespace"]?.stringValue ?? "")
        o["resourceId"] = .string(list.first?.resourceId ?? r["resourceId"]?.stringValue ?? "")
        o["resourceType"] = .string(list.first?.resourceType ?? r["resourceType"]?.stringValue ?? "topic")
        o["associations"] = .array(list.map { info($0, nil) })
        return .object(o)
    }
}

extension RegistryError {
    static func invalidAssociationValue(_ property: String, _ detail: String) -> RegistryError {
        RegistryError(42212, "The association specified an invalid value for property: '\(property)', detail: \(detail)")
    }
}
