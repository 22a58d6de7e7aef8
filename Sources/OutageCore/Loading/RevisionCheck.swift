import Foundation
import ICal

/// Compares the notices with what was published (Feeds/all.ics): a window that changed needs a
/// higher revision, so that calendars replace it; a published window must be cancelled, not
/// removed, so that calendars strike it out instead of keeping a stale copy.
public enum RevisionCheck {
    /// A published event, as far as this check needs it.
    public struct Published: Hashable, Sendable {
        public var noticeID: String
        public var windowID: String
        /// Which date of the window (0 for the first).
        public var occurrence: Int
        public var start: Date
        /// nil when published with its end not known.
        public var end: Date?
        public var cancelled: Bool
        public var sequence: Int
    }

    /// The OutageCal events of a published feed (UIDs as ``FeedContract/uid(notice:window:occurrence:)`` writes them).
    public static func published(_ text: String) throws(ICalError) -> [Published] {
        try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.compactMap { occurrence in
            guard let parts = FeedContract.parseUID(occurrence.uid) else { return nil }
            let openEnd = occurrence.extensions[FeedContract.openEnd] == FeedContract.yes
            return Published(noticeID: parts.notice, windowID: parts.window, occurrence: parts.occurrence,
                             start: occurrence.start, end: openEnd ? nil : occurrence.end, cancelled: occurrence.status == .cancelled,
                             sequence: occurrence.sequence)
        }
    }

    public static func check(_ catalog: Catalog, against published: [Published], feedPath: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let notices = Dictionary(catalog.notices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var reportedNotices = Set<String>()
        for event in published {
            guard let notice = notices[event.noticeID] else {
                if reportedNotices.insert(event.noticeID).inserted {
                    diagnostics.append(Diagnostic(.error, file: feedPath, "notice '\(event.noticeID)' is published but its file is gone",
                                                  hint: "restore Feeds/notices/\(event.noticeID).yaml and set cancelled: true on its windows, so that calendars strike them out"))
                }
                continue
            }
            let where_ = catalog.sources[notice.id] ?? SourceLocation(file: feedPath, line: 0, column: 0)
            guard let window = notice.windows.first(where: { $0.id == event.windowID }) else {
                diagnostics.append(Diagnostic(.error, file: where_.file, line: where_.line, column: where_.column,
                                              "window '\(event.windowID)' was published and is no longer in the notice",
                                              hint: "keep it and add `cancelled: true` (and raise revision), so that calendars show it as 中止"))
                continue
            }
            let at = catalog.sources["\(notice.id)/\(window.id)"] ?? where_
            if notice.revision < event.sequence {
                diagnostics.append(Diagnostic(.error, file: at.file, line: where_.line, column: where_.column,
                                              "revision went down: \(notice.revision), but \(event.sequence) is published",
                                              hint: "revisions only go up; set revision: \(event.sequence + 1)"))
                continue
            }
            let occurrences = window.occurrences
            guard event.occurrence < occurrences.count else {
                diagnostics.append(Diagnostic(.error, file: at.file, line: at.line, column: at.column,
                                              "window '\(window.id)' had \(event.occurrence + 1) or more dates published and now has \(occurrences.count)",
                                              hint: "keep the published dates (calendars would keep a removed one); to call the window off, set cancelled: true"))
                continue
            }
            let current = occurrences[event.occurrence]
            let moved = current.start != event.start || current.end != event.end
            let changed = moved || window.cancelled != event.cancelled
            if changed && notice.revision == event.sequence {
                var what = window.cancelled != event.cancelled ? (window.cancelled ? "was cancelled" : "was un-cancelled") : ""
                if moved {
                    let was = Window.Occurrence(index: event.occurrence, start: event.start, end: event.end, day: current.day.map { _ in JST.day(event.start) })
                    what = "moved from \(was.when) to \(current.when)"
                }
                diagnostics.append(Diagnostic(.error, file: at.file, line: at.line, column: at.column,
                                              "window '\(window.id)' \(what), but the revision is still \(notice.revision)",
                                              hint: "set revision: \(notice.revision + 1) and updated to now, so that calendars take the change"))
            }
        }
        return diagnostics
    }
}
