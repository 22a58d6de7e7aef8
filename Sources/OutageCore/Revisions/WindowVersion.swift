import Foundation

/// One date of one window as a subscriber's calendar holds it: what the revision rules compare
/// between two versions of the notices, or between the notices and what was published.
public struct WindowVersion: Hashable, Sendable {
    public var noticeID: String
    public var windowID: String
    /// Which date of the window (0 for the first).
    public var occurrence: Int
    public var start: Date
    /// nil when the end is not known.
    public var end: Date?
    /// The date of an all-day occurrence, as a calendar shows it.
    public var isAllDay: Bool
    public var cancelled: Bool
    /// The notice's revision (the event's SEQUENCE).
    public var revision: Int
    /// What the event is and whom it concerns, in the feed contract's words: a change in any
    /// of these is a change a calendar must take (``FeedContract/facts``).
    public var facts: [String: String]

    public init(noticeID: String, windowID: String, occurrence: Int, start: Date, end: Date?, isAllDay: Bool,
                cancelled: Bool, revision: Int, facts: [String: String]) {
        self.noticeID = noticeID
        self.windowID = windowID
        self.occurrence = occurrence
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.cancelled = cancelled
        self.revision = revision
        self.facts = facts
    }

    /// 2024年12月31日(火) 3:00〜5:20, as ``Window/Occurrence/when`` says it.
    var when: String {
        Window.Occurrence(index: occurrence, start: start, end: end, day: isAllDay ? JST.day(start) : nil).when
    }

    /// Every date of every window of `notices`, as ``FeedBuilder`` publishes it.
    public static func versions(of notices: [Notice], regions: RegionMap, systems: SystemRegistry) -> [WindowVersion] {
        notices.flatMap { notice in
            notice.windows.flatMap { window in
                let prefectures = window.prefectures(in: regions)
                return window.occurrences.map { occurrence in
                    let text = EventText(notice: notice, window: window, occurrence: occurrence, registry: systems,
                                         regions: regions, prefectures: prefectures)
                    return WindowVersion(noticeID: notice.id, windowID: window.id, occurrence: occurrence.index,
                                         start: occurrence.start, end: occurrence.end, isAllDay: occurrence.isAllDay,
                                         cancelled: window.cancelled, revision: notice.revision,
                                         facts: FeedContract.facts(kind: window.kind.rawValue, systems: notice.systemIDs(of: window),
                                                                   area: text.scopeLabel, backup: window.backup))
                }
            }
        }
    }
}
