import Foundation
import ICal

extension FeedContract {
    /// The OutageCal events of a published feed (UIDs as ``uid(notice:window:occurrence:)``
    /// writes them), as the versions ``RevisionRules`` compares; other events are left out.
    public static func versions(published text: String) throws(ICalError) -> [WindowVersion] {
        versions(of: try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds, texts: false))
    }

    /// ``versions(published:)`` of the feed in a file, read a piece at a time (all.ics of ten
    /// thousand windows is 37 MB of text that need not stand in memory).
    public static func versions(publishedAt path: String) throws(ICalError) -> [WindowVersion] {
        versions(of: try ICalFeedReader.read(contentsOf: path, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds, texts: false))
    }

    private static func versions(of feed: ICalFeedReader.Result) -> [WindowVersion] {
        feed.occurrences.compactMap { event in
            guard let parts = parseUID(event.uid) else { return nil }
            let openEnd = event.extensions[openEnd] == yes
            return WindowVersion(noticeID: parts.notice, windowID: parts.window, occurrence: parts.occurrence,
                                 start: event.start, end: openEnd ? nil : event.end, isAllDay: event.isAllDay,
                                 cancelled: event.status == .cancelled, revision: event.sequence, facts: facts(in: event.extensions))
        }
    }
}
