import NIOCore
import NIOHTTPTypes

/// Closes a connection that has been quiet for `timeout` (to `2 × timeout`) while the server owes it nothing: a
/// client that connects and says nothing, or stops half-way through a request line, headers or
/// body, frees its socket instead of holding it for ever. A request the server is still
/// answering keeps its connection, however long the answer takes. It sits first among the
/// HTTP handlers, so it sees every request part and every response part, including the ones
/// the fast path answers itself.
final class IdleConnectionCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    /// Requests received whole whose response has not ended.
    private var owed = 0
    /// Counts reads and writes; a timer tick that finds it unchanged found a quiet connection
    /// (no clock read per request part).
    private var activity = 0
    private var activityAtLastTick = 0
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity &+= 1
        if case .end = unwrapInboundIn(data) { owed += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        activity &+= 1
        if case .end = unwrapOutboundIn(data) { owed = max(0, owed - 1) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            handler.tick(context)
        }
    }

    private func tick(_ context: ChannelHandlerContext) {
        if owed == 0 && activity == activityAtLastTick {
            context.close(promise: nil)
            return
        }
        activityAtLastTick = activity
        arm(context)
    }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }
}
