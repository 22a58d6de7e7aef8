import Civil
import Foundation
import ICal

/// Turns the events of a ``FeedSet`` into its feed files, with libical.
///
/// Each window becomes one VEVENT, built and serialized once, then placed into every feed it
/// belongs to. Output depends on the catalog alone (no clock): the same notices give
/// byte-identical feeds.
public struct FeedBuilder: Sendable {
    /// How often calendar apps should fetch the feed (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    public var refreshInterval: Int
    /// The product identifier written as PRODID.
    public static let productID = "-//OutageCal//OutageCal 1.0//JA"
    /// The zone every time in a feed is written in: Asia/Tokyo as a compact VTIMEZONE with one
    /// +09:00 rule, never libical's builtin zone with its historical rules.
    static let zone = ICalZone(tzid: "Asia/Tokyo", offsetSeconds: JST.offsetSeconds, abbreviation: "JST")

    /// How long windows stay in the feeds once over, and once cancelled.
    public var retention: Retention

    public init(refreshInterval: Int = 6 * 3600, retention: Retention = Retention()) {
        self.refreshInterval = refreshInterval
        self.retention = retention
    }

    /// When windows leave the feeds. Measured from the newest `updated` of all notices — not
    /// the clock — so that the same notices always give the same feeds.
    public struct Retention: Hashable, Sendable {
        /// A window that ended this long before the newest update is dropped.
        public var past: TimeInterval = 90 * 86_400
        /// A cancelled window stays (as 【中止】) this long after the update that cancelled it.
        public var cancelled: TimeInterval = 30 * 86_400

        public init(past: TimeInterval = 90 * 86_400, cancelled: TimeInterval = 30 * 86_400) {
            self.past = past
            self.cancelled = cancelled
        }

        /// A period as written on the command line: 90d, 12h, 30m.
        public static func period(_ text: String) -> TimeInterval? {
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            let units: [(String, TimeInterval)] = [("d", 86_400), ("h", 3600), ("m", 60)]
            for (unit, seconds) in units where trimmed.hasSuffix(unit) {
                guard let value = Int(trimmed.dropLast()), value >= 0 else { return nil }
                return TimeInterval(value) * seconds
            }
            return nil
        }

        func keeps(_ window: Window, of notice: Notice, newest: Date) -> Bool {
            // A window whose end is not known is over only once it began long enough ago.
            if (window.end ?? window.start) < newest.addingTimeInterval(-past) { return false }
            if window.cancelled && notice.updated < newest.addingTimeInterval(-cancelled) { return false }
            return true
        }
    }

    /// Every feed file, sorted by path.
    public func build(_ catalog: Catalog) -> [FeedFile] {
        var files: [FeedFile] = []
        forEachFeed(FeedSet(catalog, retention: retention)) { files.append($0) }
        return files
    }

    /// Hands each feed file of `set` to `body`, in path order.
    ///
    /// Each event is built with libical once, on every core, and kept as its serialized text
    /// with the value of its DESCRIPTION left open (``ICalOpenText``), the description escaped
    /// and folded by ``ContentLines`` as libical's own is: the area is the one line
    /// that differs between feeds (福岡県を含む西日本 in Fukuoka's, the thirty prefectures in the
    /// national one). The files handed on are made only as they are written
    /// (``FeedFile/write(to:)``), each event set to its feed's wording as its bytes are copied.
    public func forEachFeed(_ set: FeedSet, _ body: (FeedFile) throws -> Void) rethrows {
        Self.prepareLibical()
        let events = concurrentMap(Array(set.units.indices)) { index in
            let unit = set.units[index]
            let parts = unit.text.descriptionAroundArea
            // libical writes the description only to have it replaced by each feed's: it is
            // given a stand-in, and the open line is filled in as each feed is written.
            let event = buildEvent(unit, description: "-")
            return CalendarBody.Event(
                unit: index, open: ICalOpenText(event, opening: .description), area: unit.text.area,
                before: ICalEscapedText(parts.before), national: ICalEscapedText(unit.text.area.national), after: ICalEscapedText(parts.after))
        }
        let shared = CalendarBody.Events(events, of: set, builder: self)
        for feed in set.feeds {
            let members = set.members(of: feed)
            let (head, end) = calendar(feed).serializedAroundEnd()
            try body(FeedFile(path: feed.path, calendar: CalendarBody(head: head, end: end, feed: feed, members: members, events: shared)))
        }
    }

    /// libical's lazily made globals (the UTC zone), made before any work runs in parallel.
    private static func prepareLibical() {
        _ = ICalComponent(.event).serialized()
    }

    private func calendar(_ plan: FeedSet.Feed) -> ICalComponent {
        let calendar = ICalComponent(.calendar)
        calendar.build { cal in
            cal.add(.productID, Self.productID)
            cal.add(.version, "2.0")
            cal.add(.calendarScale, "GREGORIAN")
            cal.addMethodPublish()
            cal.add(.name, plan.name)
            cal.addX("X-WR-CALNAME", plan.name)
            cal.add(.description, plan.description)
            cal.addX("X-WR-CALDESC", plan.description)
            cal.addX("X-WR-TIMEZONE", Self.zone.tzid)
            cal.addRefreshInterval(seconds: refreshInterval)
            cal.addX("X-PUBLISHED-TTL", Self.isoDuration(refreshInterval))
            cal.addTimeZone(Self.zone)
        }
        return calendar
    }

    func buildEvent(_ unit: FeedSet.Unit, description: String) -> ICalText {
        let (notice, window, occurrence, text) = (unit.notice, unit.window, unit.occurrence, unit.text)
        let event = ICalComponent(.event)
        event.build { e in
            e.add(.uid, FeedContract.uid(notice: notice.id, window: window.id, occurrence: occurrence.index))
            e.addUTC(.dtstamp, notice.updated)
            e.addUTC(.lastModified, notice.updated)
            e.addSequence(notice.revision)
            e.addOrganizer(FeedContract.organizer.address, commonName: FeedContract.organizer.name)
            if let day = occurrence.day {
                e.add(.dtstart, day: CivilTime(year: day.year, month: day.month, day: day.day))
                e.add(.dtend, day: CivilTime(year: day.next.year, month: day.next.month, day: day.next.day))
            } else {
                e.add(.dtstart, occurrence.start, zone: Self.zone)
                // An open end has no DTEND: the event is the moment the stop begins.
                if let end = occurrence.end { e.add(.dtend, end, zone: Self.zone) }
            }
            e.addStatus(window.cancelled ? .cancelled : window.tentative || window.backup ? .tentative : .confirmed)
            e.addTransparent()
            e.add(.summary, text.summary)
            e.add(.description, description)
            if let url = notice.url { e.add(.url, uri: url) }
            e.addCategories(text.categories)
            e.addX(FeedContract.kind, window.kind.rawValue)
            e.addX(FeedContract.systems, notice.systemIDs(of: window).joined(separator: ","))
            e.addX(FeedContract.area, text.scopeLabel)
            if let action = text.action { e.addX(FeedContract.action, action) }
            if let affects = window.affects {
                e.addX(FeedContract.stops, affects.stops.joined(separator: "、"))
                if !affects.works.isEmpty { e.addX(FeedContract.works, affects.works.joined(separator: "、")) }
            }
            if window.backup { e.addX(FeedContract.backup, FeedContract.yes) }
            if occurrence.end == nil { e.addX(FeedContract.openEnd, FeedContract.yes) }
            guard !window.cancelled else { return }
            // Outlook keeps only the first VALARM: the before-start reminders come first, the
            // one that reaches staff during working hours leading. A whole day gets only the
            // day-before reminder; an end that is unknown or that only may come gets none.
            var seen = Set<AlarmTrigger>()
            for lead in notice.alarms.beforeStart {
                if occurrence.isAllDay, case .minutes = lead { continue }
                let trigger = AlarmTrigger.beforeStart(seconds: lead.seconds(before: occurrence.start))
                if seen.insert(trigger).inserted { e.addDisplayAlarm(trigger, description: text.beforeStartAlarm) }
            }
            guard let end = occurrence.end, !occurrence.isAllDay, !window.backup else { return }
            for lead in notice.alarms.beforeEnd {
                let trigger = AlarmTrigger.beforeEnd(seconds: lead.seconds(before: end))
                if seen.insert(trigger).inserted { e.addDisplayAlarm(trigger, description: text.beforeEndAlarm(end: end)) }
            }
        }
        return event.serialized()
    }

    /// PT6H, PT90M, P1D.
    static func isoDuration(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return "P\(seconds / 86_400)D" }
        if seconds % 3600 == 0 { return "PT\(seconds / 3600)H" }
        if seconds % 60 == 0 { return "PT\(seconds / 60)M" }
        return "PT\(seconds)S"
    }
}

/// The bytes of one feed: its calendar's opening lines, its events each worded for the feed's
/// readers, and its END line, made a piece at a time as they are written.
struct CalendarBody: Sendable {
    /// One event, built and serialized once for every feed it goes in. A class, so that the
    /// many feeds that hold it share it without copying its parts.
    final class Event: Sendable {
        /// Its index in the feed set's ``FeedSet/units``.
        let unit: Int
        /// The event with its DESCRIPTION left open; nil only if libical wrote none.
        let open: ICalOpenText?
        /// Its area, as each feed says it.
        let area: EventArea
        /// The description up to the area, the area for the national feed, and the rest.
        let before, national, after: ICalEscapedText

        init(unit: Int, open: ICalOpenText?, area: EventArea, before: ICalEscapedText, national: ICalEscapedText, after: ICalEscapedText) {
            self.unit = unit
            self.open = open
            self.area = area
            self.before = before
            self.national = national
            self.after = after
        }

        var estimatedBytes: Int { (open?.fixedCount ?? 4096) + before.count + national.count + after.count }
    }

    /// Every event of the feed set, shared by all its feeds.
    final class Events: Sendable {
        let all: [Event]
        let set: FeedSet
        let builder: FeedBuilder

        init(_ all: [Event], of set: FeedSet, builder: FeedBuilder) {
            self.all = all
            self.set = set
            self.builder = builder
        }
    }

    let head: [UInt8]
    let end: [UInt8]
    let feed: FeedSet.Feed
    /// Indexes into `events.all`, in time order.
    let members: [Int]
    let events: Events

    var estimatedBytes: Int { head.count + end.count + members.reduce(0) { $0 + events.all[$1].estimatedBytes } }

    /// How many bytes are gathered before they are handed on.
    static let pieceSize = 1 << 18

    func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var buffer = head
        buffer.reserveCapacity(Self.pieceSize + 16 * 1024)
        for index in members {
            // Only the event's area is read here, not its whole text: copying that for each
            // event of each feed cost more than the area's own words.
            let event = events.all[index]
            let area = event.area.text(for: feed.audience)
            if let open = event.open {
                open.append(event.before, area == event.area.national ? event.national : ICalEscapedText(area), event.after, to: &buffer)
            } else {
                // Not reached: every event has a DESCRIPTION. Built again rather than left out.
                let unit = events.set.units[event.unit]
                buffer.append(contentsOf: events.builder.buildEvent(unit, description: unit.text.description(area: area)).text.utf8)
            }
            if buffer.count >= Self.pieceSize {
                try buffer.withUnsafeBytes(sink)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(contentsOf: end)
        try buffer.withUnsafeBytes(sink)
    }
}
