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

    /// Hands each feed file of `set` to `body` as soon as it is built, in path order.
    ///
    /// Each event is built with libical once, worded for the national feed. A feed whose
    /// readers need its area said another way (福岡県を含む西日本) gets a copy with that
    /// DESCRIPTION set in the serialized text (``ICalText/replacingFirst(_:with:)``), not a
    /// second libical build. Both steps use every core: the events, then the feeds a few at a
    /// time, each feed on a core of its own; only those few feeds are held in memory at once.
    public func forEachFeed(_ set: FeedSet, _ body: (FeedFile) throws -> Void) rethrows {
        Self.prepareLibical()
        let units = set.units
        let national = concurrentMap(units) { unit in
            let area = unit.text.area(for: .everyone)
            return (area: area, event: buildEvent(unit, description: unit.text.description(area: area)))
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var start = 0
        while start < set.feeds.count {
            let batch = Array(set.feeds[start..<min(start + workers, set.feeds.count)])
            let files = concurrentMap(batch) { feed in
                var members: [ICalText] = []
                for (index, unit) in units.enumerated() where feed.includes(unit) {
                    let area = unit.text.area(for: feed.audience)
                    let built = national[index]
                    if area == built.area {
                        members.append(built.event)
                    } else {
                        let description = unit.text.description(area: area)
                        members.append(built.event.replacingFirst(.description, with: description) ?? buildEvent(unit, description: description))
                    }
                }
                return FeedFile(path: feed.path, contents: calendar(feed).serialized(inserting: members).text)
            }
            for file in files { try body(file) }
            start += batch.count
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

    private func buildEvent(_ unit: FeedSet.Unit, description: String) -> ICalText {
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

/// `transform` of each element, worked out on every core, in order.
func concurrentMap<Element: Sendable, Result: Sendable>(_ items: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        slots[index] = transform(items[index])
    }
    return results.map { $0! }
}
