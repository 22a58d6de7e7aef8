import Foundation

/// How a followed feed stands: when its content was last known to be current, and what went
/// wrong on the last try, if anything.
public struct FeedHealth: Hashable, Sendable {
    /// The feed's path, or its address without credentials.
    public var source: String
    /// When the feed was last read or fetched (a 304 counts); for a copy from the cache, when
    /// that copy was fetched. nil when it has never been read.
    public var lastRead: Date?
    /// Why the last try failed; nil when it worked.
    public var problem: String?

    public init(source: String, lastRead: Date?, problem: String?) {
        self.source = source
        self.lastRead = lastRead
        self.problem = problem
    }
}
