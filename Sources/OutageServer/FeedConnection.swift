import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix

/// Where file work (open, fstat, read, gzip) runs. The server never does it on an event loop:
/// an answer the cache holds is written at once, any other waits for a thread of the pool.
enum DiskAccess: Sendable {
    case threadPool(NIOThreadPool)
    /// On the event loop itself: only for EmbeddedChannel tests, which have no other thread.
    case inline
}

/// One client connection, after NIOHTTP1's request decoder. A request whose file the cache
/// holds (checked within the last second) is answered on the event loop as soon as it has been
/// read; one that needs the disk is answered from the thread pool (``DiskAccess``), and the
/// requests pipelined behind it wait, so answers go out in order. The answers of one read are
/// flushed together. Responses are written as bytes: the head that
/// FeedFolder's cache encoded once per file version, then Date, then the body.
///
/// A file too big for the cache is sent from the disk a piece at a time (``FileStream``): the
/// next piece is read (and gzipped) on the thread pool only once the last one has been written
/// and the channel is writable again, so that a connection holds a piece or two, not the file.
///
/// Keeps the connection open unless the client asked to close it (or spoke HTTP/1.0 without
/// keep-alive); a request it cannot parse gets 400 and the connection is closed. It stops
/// reading while the client does not read its answers; closes a connection whose request has
/// not arrived whole within `headerTimeout` of its first byte, or whose first request has not
/// within `headerTimeout` of its accepting (a client sending its request a byte at a time; a
/// quarter of `headerTimeout` later at most);
/// closes one on which nothing moves (no request comes in, no piece of an answer goes out, no
/// file work is under way) for between one and two `idleTimeout`s, a client that stops reading
/// a file included; and closes after the answer in progress when the server is shutting down.
final class FeedConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let folder: FeedFolder
    private let disk: DiskAccess
    private let logger: Logger?
    /// A request is being answered from the thread pool.
    private var busy = false
    /// What was read behind it, in order: requests, or a 400 for an unreadable one.
    private var waiting: [Waiting] = []
    private enum Waiting {
        case request(HTTPRequestHead, started: NIODeadline?)
        case unreadable
    }
    /// Requests held behind a disk answer before reading stops.
    private static let maxWaiting = 16
    /// The request whose head has been read and whose end has not.
    private var request: (head: HTTPRequestHead, started: NIODeadline?)?
    /// Answer nothing more: the connection is closing.
    private var closing = false
    /// Close once the request in progress is answered (the server is shutting down).
    private var quiescing = false
    private var date = DateField()
    /// The file this connection last had from the cache (``FeedFolder/Recent``).
    private var recent: FeedFolder.Recent?
    /// The last keep-alive answer's whole head, with what it was made of: the next answer with
    /// the same head in the same second writes these bytes again, and nothing is copied.
    private var lastHead: (head: ResponseHead, second: Int, bytes: ByteBuffer)?
    private let idleTimeout: TimeAmount
    /// Request heads read, answers from the disk and pieces of files sent, and how many there
    /// were at the last idle check: a connection is idle when none moved.
    private var activity = 0
    private var activityAtCheck = -1
    private var idleCheck: Scheduled<Void>?
    private let headerTimeout: TimeAmount
    /// When the request being read began (its first byte, or the accepting); nil between
    /// requests.
    private var requestBegan: NIODeadline?
    /// Checks ``requestBegan`` every quarter of `headerTimeout` while a request is being read,
    /// rather than a task scheduled and cancelled for each request: NIO cancels by a scan of
    /// every task of the loop, a cost every 304 would pay.
    private var headerCheck: Scheduled<Void>?
    /// This handler's context, for ``requestBytesArrived()``, which the handler in front of the
    /// decoder calls.
    private var context: ChannelHandlerContext?
    /// The file being sent, and what to do once it is.
    private var sending: (reader: PieceReader, keepAlive: Bool, paused: Bool)?
    /// File work for this connection is under way on the thread pool: not idle, whatever the
    /// counts say.
    private var onDisk = false
    private let gauge: BufferGauge?
    /// Bytes of answers written and not yet handed to the kernel, or read and not yet written.
    private var held = 0

    /// `logger`: one access-log line per request, or nil for none.
    init(
        folder: FeedFolder, disk: DiskAccess, logger: Logger?, idleTimeout: TimeAmount, headerTimeout: TimeAmount = .seconds(10),
        gauge: BufferGauge? = nil
    ) {
        self.headerTimeout = headerTimeout
        self.gauge = gauge
        self.folder = folder
        self.disk = disk
        self.logger = logger
        self.idleTimeout = idleTimeout
    }

    // Idle connections: a check every idleTimeout, counting requests, answers and pieces sent
    // rather than reading the clock for each one.

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { started(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if idleCheck == nil { started(context: context) }
        context.fireChannelActive()
    }

    /// The connection is accepted: its first request must arrive within the header deadline.
    private func started(context: ChannelHandlerContext) {
        scheduleIdleCheck(context: context)
        if requestBegan == nil { requestBegins(context: context) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimers()
        sending = nil  // the file is closed, and no further piece read
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimers()
        self.context = nil
    }

    private func stopTimers() {
        idleCheck?.cancel()
        headerCheck?.cancel()
        headerCheck = nil
    }

    private func scheduleIdleCheck(context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) { [self] in
            if activity == activityAtCheck && !onDisk {
                if !closing {
                    closing = true
                    context.close(promise: nil)
                }
            } else {
                activityAtCheck = activity
                scheduleIdleCheck(context: context)
            }
        }
    }

    /// Bytes have come in (``RequestBytes``, in front of the decoder): when no request was being
    /// read, this is the first byte of one, and its deadline starts. A request's end stops it.
    func requestBytesArrived() {
        if requestBegan == nil, let context { requestBegins(context: context) }
    }

    private func requestBegins(context: ChannelHandlerContext) {
        requestBegan = .now()
        if headerCheck == nil { scheduleHeaderCheck(context: context) }
    }

    /// Closes the connection once a request has been read for `headerTimeout` (a quarter more
    /// at most). Stops between requests: an idle keep-alive connection is the idle check's.
    private func scheduleHeaderCheck(context: ChannelHandlerContext) {
        headerCheck = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(headerTimeout.nanoseconds / 4)) { [self] in
            headerCheck = nil
            guard !closing, let began = requestBegan else { return }
            if busy {
                // While an earlier answer is read from the disk or sent, the server may not be
                // reading (backpressure): that time is not the client's.
                requestBegan = .now()
            } else if NIODeadline.now() - began >= headerTimeout {
                closing = true
                context.close(promise: nil)
                return
            }
            scheduleHeaderCheck(context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            activity &+= 1
            request = (head, logger == nil ? nil : .now())
        case .body:
            break  // GET and HEAD have none worth reading; others are refused once read.
        case .end:
            requestBegan = nil
            guard let (head, started) = request else { return }
            request = nil
            if busy {
                waiting.append(.request(head, started: started))
                if waiting.count == Self.maxWaiting { try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false) }
            } else {
                handle(context: context, head, started: started)
            }
        }
    }

    private func handle(context: ChannelHandlerContext, _ head: HTTPRequestHead, started: NIODeadline?) {
        // After a request to upgrade (to WebSocket, say) the decoder reads no further
        // requests: the connection closes after the answer.
        let keepAlive = head.isKeepAlive && !quiescing && !head.headers.contains(name: "Upgrade")
        // A body whose length is known only at its end goes in chunks, which HTTP/1.0 lacks.
        let chunked = head.version.major > 1 || head.version.minor >= 1
        switch folder.prepare(method: head.method, target: head.uri, headers: head.headers, chunked: chunked, recent: &recent) {
        case .ready(let answer):
            respond(context: context, answer, head: head, keepAlive: keepAlive, started: started)
        case .needsDisk:
            let folder = folder
            let (method, target, headers) = (head.method, head.uri, head.headers)
            switch disk {
            case .inline:
                respond(context: context, folder.answer(method: method, target: target, headers: headers, chunked: chunked), head: head, keepAlive: keepAlive, started: started)
            case .threadPool(let pool):
                busy = true
                onDisk = true
                pool.runIfActive(eventLoop: context.eventLoop) { folder.answer(method: method, target: target, headers: headers, chunked: chunked) }
                    .assumeIsolated().whenComplete { [self] result in
                        busy = false
                        onDisk = false
                        activity &+= 1
                        guard !closing else { return }
                        respond(context: context, (try? result.get()) ?? .unavailable, head: head, keepAlive: keepAlive && !quiescing, started: started)
                        drain(context: context)
                    }
            }
        }
    }

    /// Answers what waited behind a disk answer, until the next one that needs the disk.
    private func drain(context: ChannelHandlerContext) {
        while !busy && !closing && !waiting.isEmpty {
            switch waiting.removeFirst() {
            case .request(let head, let started): handle(context: context, head, started: started)
            case .unreadable: badRequest(context: context)
            }
        }
        context.flush()
        if !busy && !closing {
            if quiescing && request == nil {
                closing = true
                context.close(promise: nil)
            } else {
                try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable)
            }
        }
    }

    private func badRequest(context: ChannelHandlerContext) {
        logger?.info("unreadable request: 400, connection closed")
        respond(context: context, .badRequest, head: nil, keepAlive: false, started: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    /// Writes the answer as the head encoded once per file version, then Date and the end of
    /// the head (the same bytes for every answer within a second), then the body: no header is
    /// encoded, and a keep-alive answer like the last one within the same second writes the
    /// same head bytes again, with nothing copied or allocated.
    private func respond(context: ChannelHandlerContext, _ answer: Answer, head: HTTPRequestHead?, keepAlive: Bool, started: NIODeadline?) {
        date.refresh()
        let usual = keepAlive && head?.version != .http1_0
        let whole: ByteBuffer
        if usual, let last = lastHead, last.head === answer.head, last.second == date.second {
            whole = last.bytes
        } else {
            var ending = date.ending
            if !usual {
                ending.moveWriterIndex(to: ending.writerIndex - 2)
                ending.writeStaticString(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n")
            }
            // The whole head as one write.
            var bytes = context.channel.allocator.buffer(capacity: answer.head.bytes.readableBytes + ending.readableBytes)
            bytes.writeImmutableBuffer(answer.head.bytes)
            bytes.writeImmutableBuffer(ending)
            if usual { lastHead = (answer.head, date.second, bytes) }
            whole = bytes
        }
        let body: ByteBuffer?
        let stream: FileStream?
        if case .HEAD = head?.method { (body, stream) = (nil, nil) } else { (body, stream) = (answer.body, answer.stream) }
        if let logger, let head {
            let elapsed = started.map { Double((NIODeadline.now() - $0).nanoseconds) / 1e6 } ?? 0
            let agent = head.headers.values(of: "user-agent").first { _ in true } ?? "-"
            // A gzipped stream's length is known only at its end: the file's size is logged.
            let bytes = body?.readableBytes ?? stream?.file.stamp.size ?? 0
            logger.info(
                "\(head.method.rawValue) \(Self.loggable(head.uri)) \(answer.head.status.rawValue) \(bytes) \(String(format: "%.2f", elapsed))ms \"\(Self.loggable(agent))\"")
        }
        if let stream {
            context.write(wrapOutboundOut(whole), promise: nil)
            send(stream, context: context, keepAlive: keepAlive)
            return
        }
        // When the connection is to close, it closes once the last write has gone out.
        let written = keepAlive ? nil : context.eventLoop.makePromise(of: Void.self)
        if let body {
            context.write(wrapOutboundOut(whole), promise: nil)
            let sent = written ?? (gauge == nil ? nil : context.eventLoop.makePromise(of: Void.self))
            if let gauge, let sent {
                held += body.readableBytes
                gauge.note(held)
                sent.futureResult.assumeIsolated().whenComplete { [self] _ in held -= body.readableBytes }
            }
            context.write(wrapOutboundOut(body), promise: sent)
        } else {
            context.write(wrapOutboundOut(whole), promise: written)
        }
        if let written {
            closing = true
            context.flush()
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Starts sending a file a piece at a time; the requests behind it wait, as behind a disk answer.
    private func send(_ stream: FileStream, context: ChannelHandlerContext, keepAlive: Bool) {
        guard case .threadPool = disk, let reader = try? PieceReader(stream) else {
            // No thread pool (EmbeddedChannel tests), or no memory for zlib: nothing more can be
            // said on this connection once the head is out.
            closing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        busy = true
        sending = (reader, keepAlive, false)
        context.flush()
        sendNextPiece(context: context)
    }

    /// Reads the next piece on the thread pool and writes it, once the channel can take it:
    /// while the client does not read, nothing more is read from the file.
    private func sendNextPiece(context: ChannelHandlerContext) {
        guard let current = sending, case .threadPool(let pool) = disk else { return }
        guard context.channel.isWritable else {
            sending?.paused = true  // channelWritabilityChanged goes on
            return
        }
        let reader = current.reader
        let allocator = context.channel.allocator
        onDisk = true
        pool.runIfActive(eventLoop: context.eventLoop) { try reader.next(allocator: allocator) }
            .assumeIsolated().whenComplete { [self] result in
                onDisk = false
                guard let now = sending, now.reader === reader, !closing else { return }
                guard case .success(let piece) = result else {
                    // The file shrank, or zlib failed: the client must not take a short body for
                    // a whole one, so the connection ends here.
                    sending = nil
                    closing = true
                    context.close(promise: nil)
                    return
                }
                let size = piece.readableBytes
                held += size
                gauge?.note(held)
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.assumeIsolated().whenComplete { [self] _ in
                    held -= size
                    activity &+= 1
                }
                context.writeAndFlush(wrapOutboundOut(piece), promise: written)
                if reader.finished {
                    sending = nil
                    busy = false
                    if now.keepAlive {
                        drain(context: context)
                    } else {
                        closing = true
                        let channel = context.channel
                        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
                    }
                } else {
                    sendNextPiece(context: context)
                }
            }
    }

    /// The longest request path or User-Agent logged whole: a client must not fill the log.
    static let loggedLength = 200

    /// `text`, cut to ``loggedLength`` characters with what was cut said.
    static func loggable(_ text: String) -> String {
        guard text.utf8.count > loggedLength else { return text }
        return "\(text.prefix(loggedLength))…(\(text.utf8.count) bytes)"
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !closing else { return }
        if error is HTTPParserError {
            request = nil
            if busy { waiting.append(.unreadable) } else { badRequest(context: context) }
        } else {
            // Connection reset and the like: nothing to answer.
            closing = true
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiescing = true
            if request == nil && !busy && !closing {
                closing = true
                context.close(promise: nil)
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Backpressure: while the client does not read our answers, do not read its requests
    /// (by turning automatic reading off, which costs nothing per request).
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // Fails only on a closed channel, where there is nothing left to read.
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable)
        if context.channel.isWritable, sending?.paused == true {
            sending?.paused = false
            sendNextPiece(context: context)
        }
        context.fireChannelWritabilityChanged()
    }
}

/// In front of NIOHTTP1's decoder, which knows nothing of time: tells the connection when bytes
/// come in, so that a request's deadline runs from its first byte (``FeedConnection``). One call
/// per read, nothing copied.
final class RequestBytes: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connection: FeedConnection

    init(_ connection: FeedConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.requestBytesArrived()
        context.fireChannelRead(data)
    }
}

/// The Date field and the empty line that ends a head, formatted again only when the second
/// changes.
struct DateField {
    /// The second `ending` says, since 1970.
    private(set) var second = -1
    /// `Date: …\r\n\r\n`.
    private(set) var ending = ByteBuffer()

    mutating func refresh() {
        let now = time(nil)
        guard now != second else { return }
        second = now
        ending = ByteBuffer(string: "Date: \(HTTPDate.format(seconds: now))\r\n\r\n")
    }
}
