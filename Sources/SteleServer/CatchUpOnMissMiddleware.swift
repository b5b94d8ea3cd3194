import Hummingbird
import SteleRegistry

/// Read-your-writes across instances sharing one store: a read that finds nothing (an id, a
/// subject, a version another instance may have just registered) first takes in what the
/// other instances committed, then is answered again. Only reads: a write is always decided
/// on the current state by the commit pipeline.
struct CatchUpOnMissMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: Registry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as RegistryError where error.code / 100 == 404 {
            await registry.catchUp()
            return try await next(request, context)
        }
    }
}
