import Foundation

extension DeskStatus {
    /// `outagecal status --json`: the same facts as ``lines``, times in JST ISO 8601.
    struct Record: Encodable {
        struct WindowRecord: Encodable {
            let uid: String
            let summary: String
            let start: String
            /// nil: the end is not known (終了未定).
            let end: String?
            let all_day: Bool
            let tentative: Bool
            let backup: Bool
            let kind: String?
            let stops: String?
            let works: String?
            let action: String?
            let url: String?
        }

        struct FeedRecord: Encodable {
            let source: String
            let last_read: String?
            let stale: Bool
            let problem: String?
        }

        let now: String
        let condition: String
        let in_effect: [WindowRecord]
        let next: WindowRecord?
        let feeds: [FeedRecord]
    }

    static func record(_ window: FeedWindow) -> Record.WindowRecord {
        Record.WindowRecord(
            uid: window.uid, summary: window.summary, start: JST.iso(window.start), end: window.end.map(JST.iso),
            all_day: window.isAllDay, tentative: window.tentative, backup: window.backup, kind: window.kind?.rawValue,
            stops: window.stops, works: window.works, action: window.action, url: window.url)
    }

    /// One JSON object, keys sorted.
    public func json() -> Data {
        let record = Record(
            now: JST.iso(now), condition: condition.rawValue, in_effect: inEffect.map(Self.record), next: next.map(Self.record),
            feeds: feeds.map { Record.FeedRecord(source: $0.source, last_read: $0.lastRead.map(JST.iso), stale: staleFeeds.contains($0), problem: $0.problem) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(record)) ?? Data("{}".utf8)
    }
}
