import Foundation
import ICal

/// Turns a catalog into the feed files: all.ics, one per region, one per prefecture.
///
/// Each window becomes one VEVENT, built and serialized once, then placed into every feed it
/// belongs to. Output depends on the catalog alone (no clock): the same notices give
/// byte-identical feeds.
public struct FeedBuilder: Sendable {
    /// How often calendar apps should fetch the feed (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    public var refreshInterval: Int
    /// The product identifier written as PRODID.
    public static let productID = "-//OutageCal//OutageCal 1.0//JA"
    /// What the calendars are called, before the area: オンライン資格確認等システム 計画停止（西日本）.
    public static let calendarTitle = "オンライン資格確認等システム 計画停止"

    /// How long windows stay in the feeds once over, and once cancelled.
    public var retention: Retention

    /// The subscription page written beside the feeds (index.html).
    public var page: SubscriptionPage

    public init(refreshInterval: Int = 6 * 3600, retention: Retention = Retention(), page: SubscriptionPage = SubscriptionPage()) {
        self.refreshInterval = refreshInterval
        self.retention = retention
        self.page = page
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
            if window.end < newest.addingTimeInterval(-past) { return false }
            if window.cancelled && notice.updated < newest.addingTimeInterval(-cancelled) { return false }
            return true
        }
    }

    /// One built event and the prefectures it concerns, as a bit set over JIS codes.
    struct BuiltEvent {
        let text: ICalText
        let mask: UInt64
    }

    /// Every feed file, sorted by path.
    public func build(_ catalog: Catalog) -> [FeedFile] {
        var files: [FeedFile] = []
        forEachFeed(catalog) { files.append($0) }
        return files
    }

    /// Hands each feed file to `body` as soon as it is built, in path order, so that only one
    /// feed is held in memory at a time (every event is still built only once).
    public func forEachFeed(_ catalog: Catalog, _ body: (FeedFile) throws -> Void) rethrows {
        let newest = catalog.notices.map(\.updated).max() ?? .distantPast
        let kept = catalog.notices
            .flatMap { notice in notice.windows.filter { retention.keeps($0, of: notice, newest: newest) }.map { (notice: notice, window: $0) } }
            .sorted { ($0.window.start, $0.notice.id, $0.window.id) < ($1.window.start, $1.notice.id, $1.window.id) }
        let events = kept.map { buildEvent(notice: $0.notice, window: $0.window, regions: catalog.regions) }

        // What each feed is, cheaply; the feeds themselves are built one by one below.
        var plans: [(path: String, area: String, audience: String, mask: UInt64)] = [
            ("all.ics", "全国", "全国の医療機関・薬局向け", ~0)
        ]
        for region in catalog.regions.regions {
            let names = region.prefectures.map(\.name)
            let span = names.count > 1 ? "\(names.first!)〜\(names.last!)" : names.first ?? ""
            plans.append(("\(region.id).ics", region.name, "\(region.name)（\(span)）の医療機関・薬局向け", Self.mask(region.prefectures)))
        }
        for prefecture in Prefecture.all {
            plans.append(("prefectures/\(prefecture.slug).ics", prefecture.name, "\(prefecture.name)の医療機関・薬局向け", Self.mask([prefecture])))
        }
        for plan in plans.sorted(by: { $0.path < $1.path }) {
            try body(feed(path: plan.path, area: plan.area, audience: plan.audience, mask: plan.mask, events))
        }
        var page = self.page
        if page.baseURL == nil, let baseURL = catalog.baseURL { page = SubscriptionPage(baseURL: baseURL) }
        try body(FeedFile(path: "index.html", contents: page.html(catalog, windows: kept)))
    }

    static func mask(_ prefectures: some Sequence<Prefecture>) -> UInt64 {
        prefectures.reduce(0) { $0 | (1 << UInt64($1.code)) }
    }

    private func feed(path: String, area: String, audience: String, mask: UInt64, _ events: [BuiltEvent]) -> FeedFile {
        let name = "\(Self.calendarTitle)（\(area)）"
        let description = "オンライン資格確認等システムなどの計画停止・通信断の予定です（\(audience)）。厚生労働省などの通知をもとに OutageCal が作成しています。"
        let calendar = ICalComponent(.calendar)
        calendar.build { cal in
            cal.add(.productID, Self.productID)
            cal.add(.version, "2.0")
            cal.add(.calendarScale, "GREGORIAN")
            cal.addMethodPublish()
            cal.add(.name, name)
            cal.addX("X-WR-CALNAME", name)
            cal.add(.description, description)
            cal.addX("X-WR-CALDESC", description)
            cal.addX("X-WR-TIMEZONE", JST.zone.tzid)
            cal.addRefreshInterval(seconds: refreshInterval)
            cal.addX("X-PUBLISHED-TTL", Self.isoDuration(refreshInterval))
            cal.addTimeZone(JST.zone)
        }
        let members = events.filter { $0.mask & mask != 0 }.map(\.text)
        return FeedFile(path: path, contents: calendar.serialized(inserting: members).text)
    }

    private func buildEvent(notice: Notice, window: Window, regions: RegionMap) -> BuiltEvent {
        let prefectures = window.prefectures(in: regions)
        let text = EventText(notice: notice, window: window, regions: regions, prefectures: prefectures)
        let event = ICalComponent(.event)
        event.build { e in
            e.add(.uid, "\(notice.id).\(window.id)@outagecal")
            e.addUTC(.dtstamp, notice.updated)
            e.addUTC(.lastModified, notice.updated)
            e.addSequence(notice.revision)
            e.add(.dtstart, window.start, zone: JST.zone)
            e.add(.dtend, window.end, zone: JST.zone)
            e.addStatus(window.cancelled ? .cancelled : window.tentative ? .tentative : .confirmed)
            e.addTransparent()
            e.add(.summary, text.summary)
            e.add(.description, text.description)
            if let url = notice.url { e.add(.url, uri: url) }
            e.addCategories(text.categories)
            e.addX("X-OUTAGECAL-KIND", window.kind.rawValue)
            e.addX("X-OUTAGECAL-AREA", text.scopeLabel)
            if let guidance = text.guidance { e.addX("X-OUTAGECAL-ACTION", guidance.short) }
            guard !window.cancelled else { return }
            // Outlook keeps only the first VALARM: the before-start reminders come first, the
            // one that reaches staff during working hours leading.
            var seen = Set<AlarmTrigger>()
            for lead in notice.alarms.beforeStart {
                let trigger = AlarmTrigger.beforeStart(seconds: lead.seconds(before: window.start))
                if seen.insert(trigger).inserted { e.addDisplayAlarm(trigger, description: text.beforeStartAlarm) }
            }
            for lead in notice.alarms.beforeEnd {
                let trigger = AlarmTrigger.beforeEnd(seconds: lead.seconds(before: window.end))
                if seen.insert(trigger).inserted { e.addDisplayAlarm(trigger, description: text.beforeEndAlarm) }
            }
        }
        return BuiltEvent(text: event.serialized(), mask: Self.mask(prefectures))
    }

    /// PT6H, PT90M, P1D.
    static func isoDuration(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return "P\(seconds / 86_400)D" }
        if seconds % 3600 == 0 { return "PT\(seconds / 3600)H" }
        if seconds % 60 == 0 { return "PT\(seconds / 60)M" }
        return "PT\(seconds)S"
    }
}
