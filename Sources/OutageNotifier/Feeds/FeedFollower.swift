import Foundation
import Terminal
import Logging
import OutageCore

/// Follows a set of feeds: refreshes each at its interval, keeps the last copy that parsed,
/// and never lets a bad fetch take away the windows it already knows.
public actor FeedFollower {
    public struct Limits: Sendable {
        /// Largest feed read, in bytes.
        public var maxBytes = 10_000_000
        public var timeout: Duration = .seconds(30)
        /// Refresh interval when the feed names none; a flag may replace the feed's own.
        public var defaultRefresh: TimeInterval = 6 * 3600
        public var refreshOverride: TimeInterval?
        /// After a failure, try again this soon (but never later than the normal interval).
        public var retry: TimeInterval = 5 * 60
        /// How far ahead events are read (recurring ones expanded). The feed is read again as
        /// time moves on (daily), so this needs to reach only past the longest alert lead.
        public var horizon: TimeInterval = 35 * 86_400

        public init() {}
    }

    struct Followed {
        let source: FeedSource
        var windows: [FeedWindow] = []
        var text: String?
        var etag: String?
        var lastModified: String?
        var refreshInterval: TimeInterval?
        var nextRefresh: Date = .distantPast
        var parsedFrom: Date = .distantPast
        /// When the content was last known current (``FeedHealth/lastRead``).
        var lastRead: Date?
        var problem: String?
    }

    private var feeds: [Followed]
    private let fetcher: FeedFetcher
    private let cache: FeedCache?
    private let limits: Limits
    private let logger: Logger

    public init(sources: [FeedSource], fetcher: FeedFetcher, cache: FeedCache?, limits: Limits = Limits(), logger: Logger) {
        feeds = sources.map { Followed(source: $0) }
        self.fetcher = fetcher
        self.cache = cache
        self.limits = limits
        self.logger = logger
    }

    /// Every window of every feed, as last read.
    public var windows: [FeedWindow] { feeds.flatMap(\.windows) }

    /// How each feed stands: when it was last read, and what went wrong on the last try.
    public var health: [FeedHealth] {
        feeds.map { FeedHealth(source: Credentials.redacted($0.source.description), lastRead: $0.lastRead, problem: $0.problem.map(Credentials.redacted)) }
    }

    /// When the next feed is due for a refresh.
    public var nextRefresh: Date? { feeds.map(\.nextRefresh).min() }

    /// Refreshes every feed that is due (all of them when `force`, as on SIGHUP).
    public func refresh(now: Date, force: Bool = false) async {
        for index in feeds.indices where force || feeds[index].nextRefresh <= now {
            await refresh(index, now: now)
        }
        // Recurring events are expanded over a moving period: read again when it has moved far.
        for index in feeds.indices where now.timeIntervalSince(feeds[index].parsedFrom) > 86_400 {
            if let text = feeds[index].text { _ = parse(index, text, now: now) }
        }
    }

    private func interval(_ feed: Followed) -> TimeInterval {
        let wanted = limits.refreshOverride ?? feed.refreshInterval ?? limits.defaultRefresh
        return min(max(wanted, 60), 86_400)
    }

    /// After a good fetch at `now`: the feed's interval, or every few minutes near and during
    /// its windows (``RefreshPolicy``).
    private func scheduleNext(_ index: Int, now: Date) {
        feeds[index].nextRefresh = RefreshPolicy.nextRefresh(after: now, normal: interval(feeds[index]), windows: feeds[index].windows)
    }

    private func refresh(_ index: Int, now: Date) async {
        let source = feeds[index].source
        switch source {
        case .file(let path):
            do {
                let text = try Self.readFile(path, limit: limits.maxBytes)
                if text != feeds[index].text, !parse(index, text, now: now) {
                    feeds[index].problem = "not a usable calendar"
                    break
                }
                feeds[index].lastRead = now
                feeds[index].problem = nil
                scheduleNext(index, now: now)
                return
            } catch {
                feeds[index].problem = "\(error)"
                logger.warning("cannot read feed \(path): \(error); keeping the last good copy")
            }
        case .url(let url):
            if feeds[index].text == nil, let cached = cache?.load(url) {
                if parse(index, cached.text, now: now) {
                    feeds[index].etag = cached.entry.etag
                    feeds[index].lastModified = cached.entry.lastModified
                    feeds[index].lastRead = cached.entry.fetchedAt
                    logger.info("loaded the last good copy of \(url) from \(cached.entry.fetchedAt)")
                }
            }
            do {
                let response = try await fetcher.fetch(url, etag: feeds[index].etag, lastModified: feeds[index].lastModified,
                                                       limit: limits.maxBytes, timeout: limits.timeout)
                switch response {
                case .notModified:
                    feeds[index].lastRead = now
                    feeds[index].problem = nil
                    scheduleNext(index, now: now)
                    return
                case .body(let text, let etag, let lastModified):
                    guard parse(index, text, now: now) else {
                        feeds[index].problem = "not a usable calendar"
                        break
                    }
                    feeds[index].lastRead = now
                    feeds[index].problem = nil
                    feeds[index].etag = etag
                    feeds[index].lastModified = lastModified
                    do {
                        try cache?.save(url, text: text, entry: .init(url: url.absoluteString, etag: etag, lastModified: lastModified, fetchedAt: now))
                    } catch {
                        logger.warning("cannot keep a copy of \(url) on disk: \(error)")
                    }
                    scheduleNext(index, now: now)
                    return
                }
            } catch is CancellationError {
                return
            } catch {
                feeds[index].problem = "\(error)"
                logger.warning("cannot fetch \(url): \(error); alerting from the last good copy")
            }
        }
        feeds[index].nextRefresh = now.addingTimeInterval(min(limits.retry, interval(feeds[index])))
    }

    /// Parses `text` for feed `index`; on success it replaces the feed's windows.
    private func parse(_ index: Int, _ text: String, now: Date) -> Bool {
        let source = feeds[index].source
        do {
            let from = now.addingTimeInterval(-2 * 86_400)
            let feed = try FollowedFeed(text, from: from, to: now.addingTimeInterval(limits.horizon))
            for problem in feed.problems { logger.warning("\(source): \(problem)") }
            feeds[index].windows = feed.windows.map { window in
                var window = window
                window.feed = Credentials.redacted(source.description)
                return window
            }
            feeds[index].text = text
            feeds[index].refreshInterval = feed.refreshInterval.map(TimeInterval.init)
            feeds[index].parsedFrom = now
            return true
        } catch {
            logger.warning("\(source) is not a usable calendar (\(error)); keeping the last good copy")
            return false
        }
    }

    static func readFile(_ path: String, limit: Int) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw FetchError.unreadableFile(path: path, why: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FetchError.unreadableFile(path: path, why: "not a regular file") }
        if Int(status.st_size) > limit { throw FetchError.tooLarge(limit: limit) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FetchError.unreadableFile(path: path, why: access(path, R_OK) == 0 ? "it could not be read" : String(cString: strerror(errno)))
        }
        guard let text = String(data: data, encoding: .utf8) else { throw FetchError.notText }
        return text
    }
}
