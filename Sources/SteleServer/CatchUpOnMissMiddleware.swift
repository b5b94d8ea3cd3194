import Hummingbird
import SteleRegistry

/// Read-your-writes across instances sharing one store: a read that finds nothing (an id, a
/// subject, a version, a lookup of a schema another instance may have just registered) first
/// takes in what the other instances committed, then is answered again. Only reads (and the
/// `POST /subjects/{s}` lookup, whose body is kept to be read twice): a write is always
/// decided on the current state by the commit pipeline. While the database is unreachable such
/// a miss is a 500 (50001), which clients retry, not a 404.
struct CatchUpOnMissMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: Registry
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if request.method == .post {
            guard Self.isLookup(request.uri.path) else { return try await next(request, context) }
            do { _ = try await request.collectBody(upTo: maxBodyBytes) } catch { throw Wire.bodyTooLarge(maxBodyBytes) }
        } else if request.method != .get && request.method != .head {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as RegistryError where error.code / 100 == 404 {
            // Not found here; unless the database says this instance is current, the answer
            // is "cannot tell" (a retriable 5xx), never a "not found" a consumer would give up on.
            guard await registry.catchUp() else {
                throw RegistryError(50001, "Error in the backend data store: cannot tell whether it exists while the shared store is unreachable")
            }
            return try await next(request, context)
        }
    }

    /// `POST /subjects/{s}` (a lookup), not `…/versions` (a registration).
    static func isLookup(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count == 2 && parts[0] == "subjects"
    }
}
