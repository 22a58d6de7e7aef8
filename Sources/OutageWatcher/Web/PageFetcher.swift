import Foundation
import OutageNotifier

/// Fetches an operator's page, feed or PDF. Injected, so that tests serve anything.
public protocol PageFetcher: Sendable {
    /// GET `url`, conditional on `etag` / `lastModified`: nil when the server says the copy read
    /// last time is current (304).
    func get(_ url: URL, etag: String?, lastModified: String?) async throws -> HTTPFeedFetcher.Download?
}

/// The real fetcher: the notifier's HTTP client (AsyncHTTPClient; redirects followed, at most
/// five and never in a loop), at most `limit` bytes, the whole exchange under one deadline.
public struct HTTPPageFetcher: PageFetcher {
    public var limit: Int
    public var timeout: Duration

    public init(limit: Int = 10_000_000, timeout: Duration = .seconds(60)) {
        self.limit = limit
        self.timeout = timeout
    }

    public func get(_ url: URL, etag: String?, lastModified: String?) async throws -> HTTPFeedFetcher.Download? {
        try await HTTPFeedFetcher.download(url, etag: etag, lastModified: lastModified, limit: limit, timeout: timeout, agent: "watcher")
    }
}
