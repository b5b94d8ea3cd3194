import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `GET /schemas/ids/{id}` (no query, cached body) on the event loop that read it,
/// before Hummingbird turns the request into a task: the read every consumer makes on each new
/// schema id costs a cache lookup and one write, with no task, router or JSON work.
/// Anything else — other routes, query parameters, `Connection` headers, unknown ids (their
/// 404 body comes from the router) — passes on untouched. While a passed-on request is still
/// being answered, later requests on the connection pass on too, so pipelined responses keep
/// their order.
final class SchemaByIdFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let cache: SchemaBodyCache
    private let metrics: ServerMetrics?
    /// Requests passed on whose response has not ended yet.
    private var passedOn = 0
    /// The body to send once the request being swallowed ends.
    private var answer: ByteBuffer?
    private var needsFlush = false
    private var date = HTTPDate()

    init(cache: SchemaBodyCache, metrics: ServerMetrics? = nil) {
        self.cache = cache
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if passedOn == 0, let id = Self.schemaId(request), let body = try? cache.body(id: id) {
                answer = body
                return
            }
            passedOn += 1
        case .body:
            if answer != nil { return }
        case .end:
            if let body = answer {
                answer = nil
                respond(context, body)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }

    private func respond(_ context: ChannelHandlerContext, _ body: ByteBuffer) {
        var fields = HTTPFields()
        fields[.contentType] = Wire.contentType
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = date.now()
        fields[.server] = "stele"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
        metrics?.fastPathAnswers.increment()
    }

    /// The id of a plain `GET /schemas/ids/{digits}` that this handler may answer.
    static func schemaId(_ request: HTTPRequest) -> Int? {
        guard request.method == .get, request.headerFields[.connection] == nil, let path = request.path else { return nil }
        let prefix = "/schemas/ids/"
        guard path.hasPrefix(prefix) else { return nil }
        let digits = path.utf8.dropFirst(prefix.utf8.count)
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        var id = 0
        for d in digits { id = id * 10 + Int(d - UInt8(ascii: "0")) }
        return id <= Int(Int32.max) ? id : nil
    }
}
