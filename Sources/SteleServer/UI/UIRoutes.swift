import HTTPTypes
import Hummingbird
import NIOCore

/// `/ui/`: the web UI's page, script and style sheet, from `UIAssets`.
/// (`GET /` sends a browser there too: see `RegistryRoutes`.)
struct UIRoutes: Sendable {
    func add(to router: Router<SteleRequestContext>) {
        // Hummingbird treats `/ui` and `/ui/` as one route; the page's own links are absolute.
        router.get("/ui") { _, _ in Self.asset(UIAssets.indexHTML, "text/html; charset=utf-8") }
        router.get("/ui/index.html") { _, _ in Self.asset(UIAssets.indexHTML, "text/html; charset=utf-8") }
        router.get("/ui/app.js") { _, _ in Self.asset(UIAssets.appJS, "text/javascript; charset=utf-8") }
        router.get("/ui/app.css") { _, _ in Self.asset(UIAssets.appCSS, "text/css; charset=utf-8") }
    }

    static func redirect() -> Response {
        Response(status: .found, headers: [.location: "/ui/"])
    }

    static func asset(_ text: String, _ type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        // The page runs only its own script and style sheet.
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
