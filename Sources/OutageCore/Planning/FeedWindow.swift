import Foundation
import ICal

/// A window as the notifier sees it: one occurrence of an event in a followed feed, ours or
/// anyone's. Everything it says comes from the feed: OutageCal's own properties where the feed
/// is ours, the event's own words where it is not. Nothing is guessed.
public struct FeedWindow: Hashable, Sendable {
    /// UID, plus the original start for an instance of a recurring event.
    public var key: String
    public var uid: String
    public var start: Date
    /// nil when the end is not known (再開未定, or an event with no end): no end is announced.
    public var end: Date?
    public var isAllDay: Bool
    public var summary: String
    /// What staff should do, as the feed says it (X-OUTAGECAL-ACTION, or a 対応： line of the
    /// description); nil when the feed says nothing of the kind.
    public var action: String?
    /// What the event says, for a feed that gives no action: its description's first line.
    public var details: String?
    public var kind: WindowKind?
    /// For a partial window: what still works.
    public var works: String?
    public var stops: String?
    public var tentative: Bool
    public var cancelled: Bool
    /// 予備日: it happens only if the work overruns.
    public var backup: Bool
    public var sequence: Int
    /// Alarm leads the feed asks for, in seconds before the start and before the end.
    public var alarmsBeforeStart: [Int]
    public var alarmsBeforeEnd: [Int]
    /// The notice, when the event links one with an http(s) URL: what 「詳細を見る」 opens.
    public var url: String?
    /// The followed feed it came from (its path, or its address without credentials): alerts
    /// are counted per feed, so that one feed gone wrong cannot flood the desk.
    public var feed: String?

    public init(
        key: String, uid: String, start: Date, end: Date?, isAllDay: Bool = false, summary: String, action: String?,
        details: String? = nil, kind: WindowKind?, works: String? = nil, stops: String? = nil, tentative: Bool, cancelled: Bool,
        backup: Bool = false, sequence: Int, alarmsBeforeStart: [Int] = [], alarmsBeforeEnd: [Int] = [], url: String? = nil
    ) {
        self.url = url
        self.key = key
        self.uid = uid
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.summary = summary
        self.action = action
        self.details = details
        self.kind = kind
        self.works = works
        self.stops = stops
        self.tentative = tentative
        self.cancelled = cancelled
        self.backup = backup
        self.sequence = sequence
        self.alarmsBeforeStart = alarmsBeforeStart
        self.alarmsBeforeEnd = alarmsBeforeEnd
    }

    /// Reads an occurrence: OutageCal's own properties when present, otherwise only what the
    /// event itself says.
    public init(_ occurrence: ICalOccurrence) {
        self.init(occurrence, texts: Texts(occurrence))
    }

    init(_ occurrence: ICalOccurrence, texts: Texts) {
        let recurrence = occurrence.recurrenceID.map { "@\(Int($0.timeIntervalSince1970))" } ?? ""
        let x = occurrence.extensions
        let openEnd = x[FeedContract.openEnd] == FeedContract.yes || occurrence.end <= occurrence.start
        var beforeStart: [Int] = []
        var beforeEnd: [Int] = []
        for alarm in occurrence.alarms {
            switch alarm.trigger {
            case .beforeStart(let seconds):
                if seconds > 0 { beforeStart.append(seconds) }
            case .beforeEnd(let seconds):
                if seconds > 0 && !openEnd { beforeEnd.append(seconds) }
            case .at(let instant):
                if instant < occurrence.start {
                    beforeStart.append(Int(occurrence.start.timeIntervalSince(instant)))
                } else if instant < occurrence.end {
                    beforeEnd.append(Int(occurrence.end.timeIntervalSince(instant)))
                }
            }
        }
        self.init(
            key: occurrence.uid + recurrence, uid: occurrence.uid, start: occurrence.start, end: openEnd ? nil : occurrence.end,
            isAllDay: occurrence.isAllDay,
            summary: texts.summary, action: texts.action, details: texts.details, kind: texts.kind, works: texts.works, stops: texts.stops,
            tentative: occurrence.status == .tentative || texts.hedged,
            cancelled: occurrence.status == .cancelled,
            backup: x[FeedContract.backup] == FeedContract.yes,
            sequence: occurrence.sequence, alarmsBeforeStart: beforeStart, alarmsBeforeEnd: beforeEnd,
            url: texts.url)
    }

    /// What an event says, read from its text: the same for every occurrence of a recurring
    /// event, so ``FollowedFeed`` reads it once per event.
    struct Texts: Sendable {
        let summary: String
        let action: String?
        let details: String?
        let kind: WindowKind?
        let works: String?
        let stops: String?
        let hedged: Bool
        let url: String?

        init(_ occurrence: ICalOccurrence) {
            let x = occurrence.extensions
            let lines = FeedWindow.displayable(occurrence.description).split(separator: "\n").map { $0.trimmingSpaces() }
            let actionLines = lines.filter { $0.hasPrefix("対応：") }.map { String($0.dropFirst(3)) }
            action = x[FeedContract.action].map { FeedWindow.displayable($0) } ?? (actionLines.isEmpty ? nil : actionLines.joined(separator: "\n"))
            details = action == nil ? lines.first(where: { !$0.isEmpty }).map { FeedWindow.shortened(String($0)) } : nil
            summary = occurrence.summary.isEmpty ? "（件名のない予定）" : FeedWindow.displayable(occurrence.summary, lines: false)
            kind = x[FeedContract.kind].flatMap(WindowKind.init(rawValue:))
            works = x[FeedContract.works].map { FeedWindow.displayable($0, lines: false) }
            stops = x[FeedContract.stops].map { FeedWindow.displayable($0, lines: false) }
            hedged = FeedWindow.hedges(occurrence.summary)
            url = occurrence.url.flatMap(FeedWindow.webAddress)
        }

        /// What the texts are read from: occurrences that share it read the same.
        struct Source: Hashable {
            let summary: String
            let description: String
            let url: String?
            let extensions: [String: String]
            init(_ occurrence: ICalOccurrence) {
                summary = occurrence.summary
                description = occurrence.description
                url = occurrence.url
                extensions = occurrence.extensions
            }
        }
    }

    /// `text` when it is an http(s) address with a host and nothing a desktop could mistake for
    /// something else (no spaces or control characters); nil otherwise.
    static func webAddress(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else { return nil }
        return text
    }

    /// The summary hedges (予定): a plain scan for the two characters, no locale-aware search.
    static func hedges(_ text: String) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if previous == "予" && scalar == "定" { return true }
            previous = scalar
        }
        return false
    }

    /// Text from a feed made safe to show anywhere: control characters (ESC sequences that
    /// recolour, retitle or clear a terminal), DEL, C1 controls and bidirectional overrides are
    /// each shown as U+FFFD; line breaks are kept only where `lines` allows, else become spaces.
    public static func displayable(_ text: String, lines: Bool = true) -> String {
        // Most text needs nothing done: a line break where lines are kept is fine as it is.
        guard text.unicodeScalars.contains(where: {
            ($0.value < 0x20 && !(lines && $0.value == 0x0A)) || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        })
        else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(lines ? scalar : " ")
            case 0x09: result.append(" ")
            case 0x0D: continue
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// One line of at most 60 characters.
    static func shortened(_ line: String) -> String {
        line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    /// 2024年12月31日(火) 3:00〜5:20（予定）, 2025年5月5日(月) 終日, …〜（終了未定）.
    public var when: String {
        if isAllDay, let end {
            let last = end.addingTimeInterval(-1)
            let days = JST.day(start) == JST.day(last) ? JST.date(start) : "\(JST.date(start))〜\(JST.date(last))"
            return "\(days) 終日" + (tentative ? "（予定）" : "")
        }
        guard let end else { return "\(JST.date(start)) \(JST.time(start))〜（終了未定）" }
        return JST.range(start, end) + (tentative ? "（予定）" : "")
    }
}
