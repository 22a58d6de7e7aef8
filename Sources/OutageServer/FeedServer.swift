import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Serves a Feeds/ folder: GET and HEAD only; text/calendar for .ics; ETag and Last-Modified
/// with 304 on If-None-Match and If-Modified-Since; Cache-Control from the feeds' refresh
/// interval; gzip when asked; nothing outside the folder. Files are checked against the disk at
/// most once a second, so feeds written by `outagecal generate` are served without a restart.
///
/// A SwiftNIO server: NIOHTTP1 parses, FeedConnection answers on the event loop. Run it in a
/// ServiceGroup: on graceful shutdown it stops accepting, lets each connection finish the
/// request in progress, and returns once all are closed.
public struct FeedServer: Service {
    public struct Configuration: Sendable {
        public var directory: String
        public var host: String
        /// 0 for any free port (see `onListening`).
        public var port: Int
        /// How long clients and caches may keep a feed (the feeds' REFRESH-INTERVAL).
        public var feedMaxAge: Int
        /// How long for the page and the rest.
        public var pageMaxAge: Int
        /// One log line per request.
        public var accessLog: Bool
        /// How soon a rewritten file is noticed.
        public var revalidateAfter: Duration = .seconds(1)
        /// A connection on which no request arrives for this long (up to twice as long) is closed.
        public var idleTimeout: Duration = .seconds(60)
        /// Connections served at once; more are answered 503 with Retry-After and closed. Keep it
        /// well below the limit of open files (`ulimit -n`).
        public var maxConnections = 512
        /// A request's head (and its body, if it has one) must arrive whole within this of its
        /// first byte, and a connection's first request within this of the connection being
        /// accepted: a client that sends slowly must not hold a place for long.
        public var headerTimeout: Duration = .seconds(10)
        /// Connections one client address may hold at once (an IPv6 client: its /64); nil for a
        /// quarter of `maxConnections`. Behind a reverse proxy on the same machine every client
        /// comes from the proxy's address: set it to `maxConnections` there.
        public var maxConnectionsPerAddress: Int?
        /// What the file cache holds (``FileCache/Limits``).
        var cacheLimits = FileCache.Limits()
        /// Counts the bytes each connection holds (tests).
        var gauge: BufferGauge?

        public init(
            directory: String, host: String = "127.0.0.1", port: Int = 8080, feedMaxAge: Int = 6 * 3600, pageMaxAge: Int = 300,
            accessLog: Bool = true
        ) {
            self.accessLog = accessLog
            self.directory = directory
            self.host = host
            self.port = port
            self.feedMaxAge = feedMaxAge
            self.pageMaxAge = pageMaxAge
        }
    }

    /// Why the server could not start, said so that the person starting it can act.
    public struct ListenError: Error, CustomStringConvertible {
        public let host: String
        public let port: Int
        public let reason: String

        public var description: String {
            "cannot listen on \(host):\(port): \(reason). Choose another --port or --host, or stop the program that uses this one."
        }
    }

    let configuration: Configuration
    let logger: Logger
    let group: any EventLoopGroup
    let onListening: @Sendable (Int) -> Void

    /// `onListening` is called with the port once the server accepts connections.
    public init(
        _ configuration: Configuration, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        self.onListening = onListening
    }

    public func run() async throws {
        let folder = FeedFolder(
            directory: configuration.directory, feedMaxAge: configuration.feedMaxAge, pageMaxAge: configuration.pageMaxAge,
            revalidateAfter: configuration.revalidateAfter, cacheLimits: configuration.cacheLimits)
        let accessLogger = configuration.accessLog ? logger : nil
        let idleTimeout = TimeAmount(configuration.idleTimeout)
        let quiescing = ServerQuiescingHelper(group: group)
        let headerTimeout = TimeAmount(configuration.headerTimeout)
        let limit = ConnectionLimit(maximum: configuration.maxConnections, maximumPerAddress: configuration.maxConnectionsPerAddress)
        let gauge = configuration.gauge
        warnIfBeyondOpenFiles(configuration.maxConnections)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptBackoff(logger: logger))
                        try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    switch limit.admit(channel) {
                    case .serve:
                        return channel.eventLoop.makeCompletedFuture {
                            let pipeline = channel.pipeline.syncOperations
                            let connection = FeedConnection(
                                folder: folder, disk: .threadPool(.singleton), logger: accessLogger, idleTimeout: idleTimeout,
                                headerTimeout: headerTimeout, gauge: gauge)
                            // In front of the decoder, which knows nothing of time: the header
                            // deadline runs from a request's first byte.
                            try pipeline.addHandler(RequestBytes(connection))
                            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                            try pipeline.addHandler(connection)
                        }
                    case .refuse:
                        return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RefusedConnection()) }
                    case .drop:
                        // A failed set-up closes the connection at once.
                        return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
                    }
                }
                .bind(host: configuration.host, port: configuration.port).get()
        } catch SocketAddressError.unknown {
            throw ListenError(host: configuration.host, port: configuration.port, reason: "no such host name")
        } catch let error as IOError {
            throw ListenError(host: configuration.host, port: configuration.port, reason: String(cString: strerror(error.errnoCode)))
        } catch {
            throw ListenError(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
        onListening(channel.localAddress?.port ?? configuration.port)

        let stopped = channel.eventLoop.makePromise(of: Void.self)
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await stopped.futureResult.get()
            } onCancel: {
                // Not graceful: stop accepting and return; open connections end with the process.
                channel.close(promise: nil)
                stopped.succeed()
            }
        } onGracefulShutdown: {
            logger.info("stopping: no new connections; open ones close after the request in progress")
            quiescing.initiateShutdown(promise: stopped)
        }
    }

    /// Each connection takes a descriptor, and the server needs some for itself (event loops,
    /// the files it reads): say so when the cap would run into the limit of open files.
    private func warnIfBeyondOpenFiles(_ maxConnections: Int) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return }  // RLIM_INFINITY
        let open = Int(clamping: limit.rlim_cur)
        if maxConnections + 64 > open {
            logger.warning(
                "--max-connections \(maxConnections) is too close to the limit of open files (\(open)): at that limit no connection can be accepted. Lower --max-connections, or raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit).")
        }
    }
}
