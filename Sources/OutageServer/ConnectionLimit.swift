import Foundation
import Logging
import NIOCore
import Synchronization

/// At most `maximum` connections are served at once, well below the limit of open files: at
/// that limit accept(2) fails, new clients wait in the backlog until they time out, and nothing
/// can be opened to answer anyone. A connection beyond the cap is answered 503 with Retry-After
/// and closed (``RefusedConnection``); while many are being refused at once, the rest are closed
/// without an answer. The connections already open are served as before.
final class ConnectionLimit: Sendable {
    let maximum: Int
    /// Refusals in progress beyond which a connection is closed at once.
    let maximumRefusing: Int
    private let open = Atomic<Int>(0)
    private let refusing = Atomic<Int>(0)

    init(maximum: Int, maximumRefusing: Int = 64) {
        self.maximum = maximum
        self.maximumRefusing = maximumRefusing
    }

    /// Connections being served now.
    var count: Int { open.load(ordering: .relaxed) }

    enum Admission { case serve, refuse, drop }

    /// Takes a place for `channel` until it closes, or says how to turn it away.
    func admit(_ channel: any Channel) -> Admission {
        if open.wrappingAdd(1, ordering: .relaxed).newValue <= maximum {
            channel.closeFuture.whenComplete { [self] _ in open.wrappingSubtract(1, ordering: .relaxed) }
            return .serve
        }
        open.wrappingSubtract(1, ordering: .relaxed)
        if refusing.wrappingAdd(1, ordering: .relaxed).newValue <= maximumRefusing {
            channel.closeFuture.whenComplete { [self] _ in refusing.wrappingSubtract(1, ordering: .relaxed) }
            return .refuse
        }
        refusing.wrappingSubtract(1, ordering: .relaxed)
        return .drop
    }
}

/// A connection beyond the cap: 503 with Retry-After and `Connection: close`, whatever it asked
/// (it is not read, only drained), then the server's side is shut so that the client reads the
/// answer before the connection ends; closed within two seconds whatever the client does.
final class RefusedConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var answered = false
    private var deadline: Scheduled<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}  // drained

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func refuse(context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        var date = DateField()
        date.refresh()
        let answer = Answer.unavailable
        var bytes = answer.head.bytes
        bytes.writeStaticString("Connection: close\r\n")
        bytes.writeImmutableBuffer(date.ending)
        if let body = answer.body { bytes.writeImmutableBuffer(body) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(mode: .output, promise: nil) }
        deadline = context.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }
}

/// On the listening channel: when accept(2) fails for want of descriptors or memory (EMFILE,
/// ENFILE, ENOBUFS, ENOMEM), stop accepting for a while instead of trying again at once. NIO
/// keeps a listening socket registered after a failed accept, so without this the event loop
/// wakes, fails and wakes again, a core at 100% until clients leave (NIO's own
/// AcceptBackoffHandler only delays the next read, which is already pending).
final class AcceptBackoff: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let pause: TimeAmount
    private let logger: Logger?
    private var resume: Scheduled<Void>?

    init(pause: TimeAmount = .milliseconds(500), logger: Logger?) {
        self.pause = pause
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? IOError, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        guard resume == nil else { return }
        logger?.warning(
            "cannot accept a connection: \(String(cString: strerror(error.errnoCode))); not accepting for \(pause.nanoseconds / 1_000_000) ms. Lower --max-connections below the limit of open files (ulimit -n), or raise that limit.")
        let channel = context.channel
        try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        resume = context.eventLoop.assumeIsolated().scheduleTask(in: pause) { [self] in
            resume = nil
            try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        resume?.cancel()
        resume = nil
        context.fireChannelInactive()
    }
}
