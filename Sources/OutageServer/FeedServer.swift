import Foundation
import Hummingbird
import Logging

/// Serves a Feeds/ folder: GET and HEAD only; text/calendar for .ics; ETag and Last-Modified
/// with 304 on If-None-Match and If-Modified-Since; Cache-Control from the feeds' refresh
/// interval; gzip when asked; nothing outside the folder. Files are read per request, so feeds
/// written by `outagecal generate` are served without a restart.
public enum FeedServer {
    public struct Configuration: Sendable {
        public var directory: String
        public var host: String
        public var port: Int
        /// How long clients and caches may keep a feed (the feeds' REFRESH-INTERVAL).
        public var feedMaxAge: Int
        /// How long for the page and the rest.
        public var pageMaxAge: Int
        /// One log line per request.
        public var accessLog: Bool
        /// How soon a rewritten file is noticed.
        public var revalidateAfter: Duration = .seconds(1)

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

    /// The router: the access log (unless turned off), then the files.
    public static func router(_ configuration: Configuration, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router()
        if configuration.accessLog { router.middlewares.add(AccessLogMiddleware(logger: logger)) }
        router.middlewares.add(FeedFilesMiddleware(directory: configuration.directory, feedMaxAge: configuration.feedMaxAge,
                                                   pageMaxAge: configuration.pageMaxAge, revalidateAfter: configuration.revalidateAfter))
        return router
    }

    /// The application; run it with `runService()` (graceful shutdown on SIGTERM and SIGINT).
    public static func application(_ configuration: Configuration, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(configuration, logger: logger),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "OutageCal"),
            logger: logger)
    }
}

