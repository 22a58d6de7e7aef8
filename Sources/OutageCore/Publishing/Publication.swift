import Foundation

/// Everything `generate` publishes into the feeds folder: the feeds of one ``FeedSet``, then
/// the subscription page made from the same set. Data goes one way: catalog → feed set →
/// (feed files, page).
public struct Publication: Sendable {
    public var feeds: FeedBuilder
    public var page: SubscriptionPage

    public init(feeds: FeedBuilder = FeedBuilder(), page: SubscriptionPage = SubscriptionPage()) {
        self.feeds = feeds
        self.page = page
    }

    /// Hands each file to `body` as it is made, feeds in path order, then index.html.
    public func forEachFile(_ catalog: Catalog, _ body: (FeedFile) throws -> Void) throws {
        let set = FeedSet(catalog, retention: feeds.retention)
        try feeds.forEachFeed(set, body)
        var page = self.page
        if page.baseURL == nil, let baseURL = catalog.baseURL { page = SubscriptionPage(baseURL: baseURL) }
        try body(try page.file(catalog, feeds: set))
    }

    /// Every file, in the order ``forEachFile(_:_:)`` makes them.
    public func files(_ catalog: Catalog) throws -> [FeedFile] {
        var files: [FeedFile] = []
        try forEachFile(catalog) { files.append($0) }
        return files
    }
}
