import Foundation

/// Who a feed is for; an event's description names its area as that reader needs it.
enum FeedAudience: Hashable, Sendable {
    case everyone
    case region(Region)
    case prefecture(Prefecture)
    case system(System)
}

/// Where an event is, as each feed says it: all that the one line differing between feeds
/// needs, apart from the rest of ``EventText``, so that writing an event into fifty feeds
/// copies only this.
struct EventArea: Sendable {
    /// The prefectures it concerns, as a bit set over JIS codes (``FeedSet/mask(_:)``).
    let prefectures: UInt64
    /// 西日本, 全国, 福岡・佐賀.
    let scopeLabel: String
    /// The area as the national and per-system feeds say it: 全国（47都道府県）, or the scope and
    /// every prefecture it covers.
    let national: String
    /// The region, when the window's scope is that one region and nothing else.
    let soleRegion: String?

    init(window: Window, regions: RegionMap, prefectures: Set<Prefecture>) {
        self.prefectures = FeedSet.mask(prefectures)
        let nationwide = prefectures.count == Prefecture.all.count
        scopeLabel = nationwide ? "全国" : regions.names(of: window.scope, shortPrefectures: true)
        national = nationwide ? "全国（47都道府県）" : "\(scopeLabel)（\(prefectures.sorted().map(\.name).joined(separator: "、"))）"
        if window.scope.count == 1, case .region(let id) = window.scope[0] { soleRegion = id } else { soleRegion = nil }
    }

    var isNationwide: Bool { prefectures.nonzeroBitCount == Prefecture.all.count }

    /// Whether it concerns `prefecture`.
    func concerns(_ prefecture: Prefecture) -> Bool { prefectures & (1 << UInt64(prefecture.code)) != 0 }

    /// The area as a reader of this feed needs it: a Fukuoka subscriber reads 福岡県を含む西日本,
    /// not the thirty prefectures; the national and per-system feeds list them all.
    func text(for audience: FeedAudience) -> String {
        switch audience {
        case .everyone, .system:
            return national
        case .prefecture(let prefecture):
            if isNationwide { return "全国" }
            if prefectures.nonzeroBitCount == 1 { return prefecture.name }
            return "\(prefecture.name)を含む\(scopeLabel)"
        case .region(let region):
            if isNationwide { return "全国" }
            let inside = region.prefectures.filter(concerns)
            if inside.count == region.prefectures.count {
                return soleRegion == region.id ? "\(region.name)全域" : "\(region.name)全域を含む\(scopeLabel)"
            }
            return "\(scopeLabel)（\(region.name)では\(inside.map(\.name).joined(separator: "、"))）"
        }
    }
}

/// The Japanese text staff read in a calendar: titles, descriptions and reminders. Short
/// sentences, times in JST, what to do first, and only what the notice and the systems
/// registry say.
struct EventText: Sendable {
    let notice: Notice
    let window: Window
    let occurrence: Window.Occurrence
    /// The systems this window stops, from the registry.
    let systems: [System]
    /// Where it is, as each feed says it.
    let area: EventArea
    /// The prefectures it concerns, as a bit set over JIS codes (``FeedSet/mask(_:)``).
    var prefectures: UInt64 { area.prefectures }
    /// 西日本, 全国, 福岡・佐賀.
    var scopeLabel: String { area.scopeLabel }

    init(notice: Notice, window: Window, occurrence: Window.Occurrence, registry: SystemRegistry, regions: RegionMap, prefectures: Set<Prefecture>) {
        self.notice = notice
        self.window = window
        self.occurrence = occurrence
        self.systems = registry.systems(notice.systemIDs(of: window))
        self.area = EventArea(window: window, regions: regions, prefectures: prefectures)
    }

    /// オンライン資格確認等システム, or the short names of several: JPKI・オン資.
    var systemLabel: String {
        systems.count == 1 ? systems[0].name : systems.map(\.shortName).joined(separator: "・")
    }

    /// （予備日・予定・終了未定）: how sure the notice is, as staff must read it.
    var hedges: String {
        var words: [String] = []
        if window.backup { words.append("予備日") }
        if window.tentative { words.append("予定") }
        if occurrence.end == nil { words.append("終了未定") }
        return words.isEmpty ? "" : "（\(words.joined(separator: "・"))）"
    }

    /// 【西日本】オンライン資格確認等システム 長時間の通信断（予定）, with 【中止】 first when called off.
    var summary: String {
        if window.cancelled { return "【中止】【\(scopeLabel)】\(systemLabel) \(window.label)" }
        return "【\(scopeLabel)】\(systemLabel) \(window.label)\(hedges)"
    }

    /// 2024年12月31日(火) 3:00〜5:20（予定）
    var when: String {
        occurrence.when + (window.tentative && occurrence.end != nil ? "（予定）" : "")
    }

    /// What to do, each with the system it is for when there are several.
    var instructions: [(system: System?, guidance: Guidance)] {
        if let own = window.guidance { return [(nil, own)] }
        if let common = notice.guidance[window.kind] { return [(nil, common)] }
        let resolved = systems.compactMap { system in system.guidance[window.kind].map { (Optional(system), $0) } }
        return resolved.count == 1 ? [(nil, resolved[0].1)] : resolved
    }

    /// The alert line(s): 紙の処方箋を発行する。 or 【JPKI】…\n【オン資】…
    var action: String? {
        let lines = instructions.map { item in (item.system.map { "【\($0.shortName)】" } ?? "") + item.guidance.short }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// Where, when, what stops, what to do, and the source notice; the area as `audience` needs it.
    func description(for audience: FeedAudience) -> String {
        description(area: area.text(for: audience))
    }

    /// The description with the area said as `area`: the only line that differs between feeds.
    func description(area: String) -> String {
        let parts = descriptionAroundArea
        return parts.before + area + parts.after
    }

    /// The description up to the area (…対象：) and after it: what every feed's description of
    /// this event shares.
    var descriptionAroundArea: (before: String, after: String) {
        var lines: [String] = []
        if window.cancelled { lines.append("この予定は中止になりました。通常どおり使えます。") }
        if window.backup && !window.cancelled { lines.append("予備日です。作業が予定どおり終わらなかった場合にだけ停止します。") }
        lines.append("日時：\(when)")
        let before = lines.map { $0 + "\n" }.joined() + "対象："
        lines = []
        lines.append("システム：\(systems.map(\.name).joined(separator: "、"))")
        if let impact = notice.impact { lines.append("影響：\(impact)") }
        if let affects = window.affects {
            lines.append("止まる機能：\(affects.stops.joined(separator: "、"))")
            if !affects.works.isEmpty { lines.append("使える機能：\(affects.works.joined(separator: "、"))") }
        }
        if !window.cancelled {
            for item in instructions { lines.append("対応：" + (item.system.map { "【\($0.shortName)】" } ?? "") + item.guidance.short) }
            for item in instructions {
                lines.append("")
                lines.append((item.system.map { "【\($0.name)】" } ?? "") + item.guidance.japanese)
            }
            if !notice.notes.isEmpty {
                lines.append("")
                lines += notice.notes.map { "※\($0)" }
            }
            if window.tentative { lines.append("※時刻は予定です。変更されることがあります。") }
            if occurrence.end == nil { lines.append("※終了時刻は通知に書かれていません（再開未定）。") }
        }
        lines.append("")
        lines.append("出典：\(source)")
        if let url = notice.url { lines.append("詳細：\(url)") }
        let english = instructions.compactMap(\.guidance.english)
        if !english.isEmpty && !window.cancelled {
            lines.append("")
            lines += english.map { "[English] \($0)" }
        }
        return (before, "\n" + lines.joined(separator: "\n"))
    }

    /// 厚生労働省… 事務連絡（2024年12月24日）→ 日本薬剤師会 日薬業発第362号（2024年12月26日）…
    var source: String {
        var parts = notice.references.map { reference -> String in
            var text = reference.issuer
            if let number = reference.number { text += " \(number)" }
            if let date = reference.date { text += "（\(date.japanese)）" }
            return text
        }
        if parts.isEmpty { parts = [notice.issuer + (notice.issued.map { "（\($0.japanese)）" } ?? "")] }
        return "「\(notice.title)」 " + parts.joined(separator: " → ")
    }

    /// A reminder before the start: what, when, what to do.
    var beforeStartAlarm: String {
        var text = "\(summary)\n\(when)"
        if window.backup { text += "\n予備日：作業が延びた場合にだけ停止します。" }
        if let action { text += "\n対応：\(action)" }
        return text
    }

    /// A reminder before a known end: when it should be over.
    func beforeEndAlarm(end: Date) -> String {
        "まもなく終了予定（\(JST.time(end))）：\(summary)\n終了後もエラーが続く場合は、少し待ってからもう一度お試しください。"
    }

    /// CATEGORIES: the systems, the kind, 予備日 where it is one, and that it is planned.
    var categories: [String] {
        systems.map(\.name) + [window.kind.label] + (window.backup ? ["予備日"] : []) + ["計画停止"]
    }
}
