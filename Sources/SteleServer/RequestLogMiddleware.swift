import HTTPTypes
import Hummingbird
import Logging

/// One structured log line per request at `info` (method, route pattern, status, duration,
/// request id), and the request id on the response (`X-Request-Id`: the client's when it
/// sent a sane one, else a new one) and in the metadata of every log line the request makes.
/// Never logged: headers (credentials live there), bodies, query strings.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIdHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.requestIdHeader].flatMap(Self.sane) ?? Self.newId()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[Self.requestIdHeader] = id
        let route = Wire.route(context)
        let micros = (ContinuousClock.now - start).nanoseconds / 1_000
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(response.status.code), "duration_us": .stringConvertible(micros),
        ])
        return response
    }

    /// A client's id is kept when it is short and plain (letters, digits, `-_.:`), so it
    /// cannot forge log lines.
    static func sane(_ text: String) -> String? {
        guard (1...64).contains(text.utf8.count), text.utf8.allSatisfy({ c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x3A
        }) else { return nil }
        return text
    }

    static func newId() -> String {
        var g = SystemRandomNumberGenerator()
        let value = g.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
