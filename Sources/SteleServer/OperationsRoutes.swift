import Hummingbird
import NIOCore
import SteleJSON
import SteleRegistry

/// Stele's own routes for operators (not Confluent's API): liveness, readiness and the
/// Prometheus scrape.
struct OperationsRoutes: Sendable {
    let registry: Registry
    let bodies: SchemaBodyCache
    let metrics: ServerMetrics

    func add(to router: Router<SteleRequestContext>) {
        let registry = self.registry, bodies = self.bodies, metrics = self.metrics
        // Live: the process answers requests.
        router.get("/health/live") { _, _ in Wire.response(["status": "UP"]) }
        // Ready: the state is loaded (it is before the server listens) and the store answers.
        router.get("/health/ready") { _, _ -> Response in
            do throws(RegistryError) {
                try await registry.checkStore()
                return Wire.response(["status": "UP"])
            } catch {
                return Wire.response(["status": "DOWN", "reason": .string(error.message)], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: metrics.scrape(registry: registry, cache: bodies)))
        }
    }
}
