import HTTPTypes
import Hummingbird
import SteleJSON
import SteleJSONSchema
import SteleRegistry
import SteleSchema

/// Every route behind one check, after the route is known (Hummingbird resolves it before the
/// middleware runs): authenticate (401 with Confluent's body and `WWW-Authenticate` when the
/// credentials are missing or wrong), then the operation the route needs on its resource —
/// `Subject:NAME` for a subject's routes, `Config:` for the global config and mode — as
/// Karapace's ACLs name them (403, error 40301, when refused). Routes that read across subjects
/// need only a user; they filter what they answer (`Access`). `/health/*` stays open for probes.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = SteleRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = Wire.route(context)
        // Health probes, and the UI's static files (its data comes through the authorized routes).
        if route.hasPrefix("/health/") || route.hasPrefix("/ui") { return try await next(request, context) }
        var context = context
        let header = request.headers[.authorization]
        if header == nil, authenticator.certificatePrincipals, let name = await ClientCertificate.commonName(of: context.channel) {
            context.access = Access(authenticator: authenticator, principal: Principal(name: name))
            return try await authorized(request, context, route: route, next)
        }
        switch await authenticator.authenticate(header) {
        case .refused(let why):
            return Wire.error(status: 401, code: 40101, message: "Unauthorized: \(why)")
        case .user(let principal):
            context.access = Access(authenticator: authenticator, principal: principal)
        case .anonymous:
            context.access = Access(authenticator: authenticator, principal: nil)
        }
        return try await authorized(request, context, route: route, next)
    }

    /// The route's own check, once the principal is known.
    private func authorized(_ request: Request, _ context: Context, route: String, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        let (route, subject) = try Self.scoped(route: route, context)
        let kekName = context.parameters.get("name").map { URIReference.percentDecoded($0) }
        if let (operation, resource) = Self.requirement(route: route, method: request.method, subject: subject, kekName: kekName),
           !context.access.may(operation, resource) {
            let e = Access.denied(context.access.principal, operation.rawValue, resource.replacingOccurrences(of: "Subject:", with: "Subject: "))
            return Wire.error(status: e.httpStatus, code: e.code, message: e.message)
        }
        return try await next(request, context)
    }

    /// A `/contexts/{context}/…` route as the route it stands for, with its subject qualified
    /// (a context's own config and mode are the subject `:.ctx:`, as `/config/:.ctx:` is), so
    /// both URL forms need the same permission. `DELETE /contexts/{ctx}` writes `:.ctx:`.
    static func scoped(route: String, _ context: Context) throws -> (route: String, subject: String?) {
        let subject = try context.parameters.get("subject") == nil ? nil : Wire.subject(context)
        if route == "/contexts/{context}" { return (route, try Wire.pathContext(context).map { QualifiedSubject.prefix(ofContext: $0) }) }
        let prefix = "/contexts/{context}"
        guard route.hasPrefix(prefix + "/") else { return (route, subject) }
        let inner = String(route.dropFirst(prefix.count))
        if (inner == "/config" || inner == "/mode"), let scope = try Wire.rootScope(context) { return ("/" + inner.dropFirst() + "/{subject}", scope) }
        return (inner, subject)
    }

    /// What `route` needs, if it names one resource (nil: any user; the route filters).
    static func requirement(route: String, method: HTTPRequest.Method, subject: String?, kekName: String? = nil) -> (AuthFile.Operation, String)? {
        let reads = method == .get || method == .head
        if route == "/config" || route == "/mode" { return (reads ? .read : .write, "Config:") }
        // A KEK route without a subject is the KEK's (`Kek:NAME`); creating one names it in the
        // body, so the route checks it there. DEK routes fall through to their subject.
        if route.hasPrefix("/dek-registry/v1/keks/{name}"), subject == nil, let name = kekName {
            return (reads ? .read : .write, "Kek:" + name)
        }
        guard let subject else { return nil }
        let resource = "Subject:" + subject
        // Lookups and compatibility tests read; registrations, deletes, config and mode changes write.
        if route.hasPrefix("/compatibility/") || (route == "/subjects/{subject}" && method == .post) || route == "/stele/v1/subjects/{subject}/check" {
            return (.read, resource)
        }
        return (reads ? .read : .write, resource)
    }
}
