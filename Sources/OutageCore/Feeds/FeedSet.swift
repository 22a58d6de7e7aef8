import Foundation

/// Which feeds OutageCal publishes and which events go in each: all of Japan, each region,
/// each prefecture, each system. The one plan that the feed files (``FeedBuilder``) and the
/// subscription page (``SubscriptionPage``) are both made from, and the one list of the files
/// `generate` owns (``FeedWriter``).
public struct FeedSet: Sendable {
    /// One event to publish: an occurrence of a window, what it says, and whom it concerns.
    struct Unit: Sendable {
        let text: EventText
        var notice: Notice { text.notice }
        var window: Window { text.window }
        var occurrence: Window.Occurrence { text.occurrence }
        /// The prefectures it concerns, as a bit set over JIS codes.
        var mask: UInt64 { text.prefectures }
        let systems: Set<String>
    }

    /// One feed file: its path, name, description and who its events are for.
    struct Feed: Sendable {
        let path: String
        let name: String
        let description: String
        let audience: FeedAudience
        let members: Members
    }

    /// The indexes in ``units`` of the events `feed` holds, in time order.
    func members(of feed: Feed) -> [Int] {
        switch feed.members {
        case .all: Array(units.indices)
        case .prefectures(let mask): units(concerning: mask)
        case .system(let id): units.indices.filter { units[$0].systems.contains(id) }
        }
    }

    /// The indexes in ``units`` of the events concerning any prefecture of `mask`, in time order.
    func units(concerning mask: UInt64) -> [Int] {
        masks.indices.filter { masks[$0] & mask != 0 }
    }

    /// Which events a feed holds.
    enum Members: Sendable {
        case all
        /// Those concerning any of these prefectures (a bit set over JIS codes).
        case prefectures(UInt64)
        /// Those stopping this system.
        case system(String)
    }

    /// What the calendars are called, before the area: 医療機関向けシステム停止予定（福岡県）.
    public static let calendarTitle = "医療機関向けシステム停止予定"
    /// The subscription page, written beside the feeds.
    public static let pagePath = "index.html"
    /// The folders `generate` writes feeds into; every .ics file in them is its own.
    public static let folders = ["", "prefectures/", "systems/"]

    /// The feeds, sorted by path.
    let feeds: [Feed]
    /// The events of every feed, in time order.
    let units: [Unit]
    /// Each unit's ``Unit/mask``, side by side for the feeds' filters.
    private let masks: [UInt64]

    /// Every file `generate` writes: the feeds, then the page.
    public var paths: [String] { feeds.map(\.path) + [Self.pagePath] }

    /// The same files as ``paths``, without working out any event.
    public static func paths(_ catalog: Catalog) -> [String] {
        feeds(catalog).map(\.path) + [pagePath]
    }

    /// Whether `generate` owns the file at `path` (relative to the feeds folder): a feed in one
    /// of ``folders``, or the page.
    public static func owns(_ path: String) -> Bool {
        if path == pagePath { return true }
        guard path.hasSuffix(".ics") else { return false }
        let folder = path.range(of: "/", options: .backwards).map { String(path[..<$0.upperBound]) } ?? ""
        return folders.contains(folder)
    }

    public init(_ catalog: Catalog, retention: FeedBuilder.Retention = FeedBuilder.Retention()) {
        let newest = catalog.notices.map(\.updated).max() ?? .distantPast
        // Each notice's events on whichever core is free; they are sorted together afterwards.
        let units = concurrentMap(catalog.notices) { notice in
            var units: [Unit] = []
            for window in notice.windows where retention.keeps(window, of: notice, newest: newest) {
                let prefectures = window.prefectures(in: catalog.regions)
                let systems = Set(notice.systemIDs(of: window))
                for occurrence in window.occurrences {
                    let text = EventText(notice: notice, window: window, occurrence: occurrence, registry: catalog.systems,
                                         regions: catalog.regions, prefectures: prefectures)
                    units.append(Unit(text: text, systems: systems))
                }
            }
            return units
        }.joined()
        self.units = units.sorted {
            ($0.occurrence.start, $0.notice.id, $0.window.id, $0.occurrence.index) < ($1.occurrence.start, $1.notice.id, $1.window.id, $1.occurrence.index)
        }
        self.masks = self.units.map(\.mask)
        self.feeds = Self.feeds(catalog)
    }

    static func mask(_ prefectures: some Sequence<Prefecture>) -> UInt64 {
        prefectures.reduce(0) { $0 | (1 << UInt64($1.code)) }
    }

    static func path(_ prefecture: Prefecture) -> String { "prefectures/\(prefecture.slug).ics" }
    static func path(_ region: Region) -> String { "\(region.id).ics" }
    static func path(_ system: System) -> String { "systems/\(system.id).ics" }
    static let allPath = "all.ics"

    /// Every feed of the catalog, sorted by path.
    private static func feeds(_ catalog: Catalog) -> [Feed] {
        let systemNames = catalog.systems.systems.map(\.name).joined(separator: "、")
        func description(_ audience: String, _ systems: String) -> String {
            "\(audience)の医療機関・薬局向けに、\(systems)の計画停止の予定をお知らせします。厚生労働省などの通知をもとに OutageCal が作成しています。"
        }
        var feeds = [Feed(path: allPath, name: "\(calendarTitle)（全国）", description: description("全国", systemNames),
                          audience: .everyone, members: .all)]
        for region in catalog.regions.regions {
            let names = region.prefectures.map(\.name)
            let span = names.count > 1 ? "\(names.first!)〜\(names.last!)" : names.first ?? ""
            feeds.append(Feed(path: path(region), name: "\(calendarTitle)（\(region.name)）",
                              description: description("\(region.name)（\(span)）", systemNames),
                              audience: .region(region), members: .prefectures(mask(region.prefectures))))
        }
        for prefecture in Prefecture.all {
            feeds.append(Feed(path: path(prefecture), name: "\(calendarTitle)（\(prefecture.name)）",
                              description: description(prefecture.name, systemNames),
                              audience: .prefecture(prefecture), members: .prefectures(mask([prefecture]))))
        }
        for system in catalog.systems.systems {
            feeds.append(Feed(path: path(system), name: "\(system.name) 停止予定（全国）",
                              description: description("全国", system.name),
                              audience: .system(system), members: .system(system.id)))
        }
        return feeds.sorted { $0.path < $1.path }
    }
}
