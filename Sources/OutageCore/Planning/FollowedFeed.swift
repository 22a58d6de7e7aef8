import Foundation
import ICal

/// A followed feed read for the planner: its windows, how often it asks to be fetched, and what
/// was wrong with it. The notifier reads feeds through this, never through the C layer.
public struct FollowedFeed: Sendable {
    public var windows: [FeedWindow]
    /// REFRESH-INTERVAL or X-PUBLISHED-TTL, in seconds.
    public var refreshInterval: Int?
    /// What was left out or cut, for the log.
    public var problems: [String]

    /// Reads the windows of `text` between `from` and `to`; floating times are Japan time.
    /// Occurrences of recurring events expanded per feed, all events together: enough for a
    /// thousand daily events over the notifier's horizon, not for rules that repeat every second.
    static let feedLimit = 100_000

    public init(_ text: String, from: Date, to: Date) throws {
        let result = try ICalFeedReader.read(text, from: from, to: to, floatingOffset: JST.offsetSeconds, feedLimit: Self.feedLimit)
        // The occurrences of a recurring event share their texts: each is read once.
        var read: [FeedWindow.Texts.Source: FeedWindow.Texts] = [:]
        var windows = result.occurrences.map { occurrence in
            let source = FeedWindow.Texts.Source(occurrence)
            if let texts = read[source] { return FeedWindow(occurrence, texts: texts) }
            let texts = FeedWindow.Texts(occurrence)
            read[source] = texts
            return FeedWindow(occurrence, texts: texts)
        }
        // Several VEVENTs with one UID and no RECURRENCE-ID (invalid, but seen): tell them apart
        // by start, or each would look like the other one moved.
        let counts = Dictionary(windows.map { ($0.key, 1) }, uniquingKeysWith: +)
        for i in windows.indices where counts[windows[i].key, default: 0] > 1 {
            windows[i].key += "#\(Int(windows[i].start.timeIntervalSince1970))"
        }
        self.windows = windows
        refreshInterval = result.info.refreshInterval
        problems = result.problems
    }
}
