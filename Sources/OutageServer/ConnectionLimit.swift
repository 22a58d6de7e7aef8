import Foundation
import Logging
import NIOCore
import Synchronization

/// At most `maximum` connections are served at once, well below the limit of open files: at
/// that limit accept(2) fails, new clients wait in the backlog until they time out, and nothing
/// can be opened to answer anyone. Of these, one client address holds at most
/// `maximumPerAddress`, so that one client (slowloris: hundreds of connections, each sending its
/// request a byte at a time) cannot take every place from the others. A connection beyond either
/// cap is answered 503 with Retry-After and closed (``RefusedConnection``); while many are being
/// refused at once, the rest are closed without an answer. The connections already open are
/// served as before.
final class ConnectionLimit: Sendable {
    let maximum: Int
    let maximumPerAddress: Int
    /// Refusals in progress beyond which a connection is closed at once.
    let maximumRefusing: Int
    private let open = Atomic<Int>(0)
    private let refusing = Atomic<Int>(0)
    /// Places held, by client. Taken once per connection, not per request.
    private let held = Mutex<[Client: Int]>([:])

    /// `maximumPerAddress`: nil for a quarter of `maximum`.
    init(maximum: Int, maximumPerAddress: Int? = nil, maximumRefusing: Int = 64) {
        self.maximum = maximum
        self.maximumPerAddress = maximumPerAddress ?? max(1, maximum / 4)
        self.maximumRefusing = maximumRefusing
    }

    /// Whom a place counts against: an IPv4 address; an IPv6 client by its /64, which one
    /// machine is usually given whole (counting by address would give it 2^64 shares); an IPv4
    /// client on a dual-stack socket (::ffff:a.b.c.d) as that IPv4 address.
    struct Client: Hashable, Sendable {
        let family: UInt8
        let bits: UInt64

        init(_ address: SocketAddress?) {
            switch address {
            case .v4(let v4):
                (family, bits) = (4, UInt64(UInt32(bigEndian: v4.address.sin_addr.s_addr)))
            case .v6(let v6):
                let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
                if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                    (family, bits) = (4, bytes[12..<16].reduce(0) { $0 << 8 | UInt64($1) })
                } else {
                    (family, bits) = (6, bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) })
                }
            default:
                (family, bits) = (0, 0)  // a Unix socket: one local client
            }
        }
    }


    /// Connections being served now.
    var count: Int { open.load(ordering: .relaxed) }

    enum Admission { case serve, refuse, drop }

    /// Takes a place for `channel` until it closes, or says how to turn it away.
    func admit(_ channel: any Channel) -> Admission {
        if open.wrappingAdd(1, ordering: .relaxed).newValue <= maximum {
            let client = Client(channel.remoteAddress)
            let taken = held.withLock { held in
                let count = held[client] ?? 0
                guard count < maximumPerAddress else { return false }
                held[client] = count + 1
                return true
            }
            if taken {
                channel.closeFuture.whenComplete { [self] _ in
                    held.withLock { held in
                        let count = (held[client] ?? 1) - 1
                        held[client] = count > 0 ? count : nil  // no entry left behind per address seen
                    }
                    open.wrappingSubtract(1, ordering: .relaxed)
                }
                return .serve
            }
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
