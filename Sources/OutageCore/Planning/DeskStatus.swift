import Foundation

/// What the desk asks when a card reader shows an error: is a planned stop in effect now, what
/// still works, what to do, when it ends; what comes next; and whether the feed can be trusted.
/// A pure function of the windows, the feeds' health and the moment.
public struct DeskStatus: Hashable, Sendable {
    /// What a script can test (`outagecal status` exits with its code).
    public enum Condition: String, Hashable, Sendable {
        /// Nothing in effect, and every feed current.
        case clear
        /// A window (or a backup day, which may come) is in effect.
        case inEffect = "in-effect"
        /// Nothing known in effect, but a feed could not be read lately: the answer may be old.
        case stale

        /// 0, 2 and 3: 1 is any other failure (a bad flag, no feed named).
        public var exitCode: Int32 {
            switch self {
            case .clear: 0
            case .inEffect: 2
            case .stale: 3
            }
        }
    }

    public var now: Date
    /// In effect at `now`, earliest start first.
    public var inEffect: [FeedWindow]
    /// The first window to start after `now`.
    public var next: FeedWindow?
    public var feeds: [FeedHealth]
    /// The feeds not read within ``staleAfter`` (or never).
    public var staleFeeds: [FeedHealth]

    /// A feed not read for this long may have missed a change: calendars refresh every 8–24 h,
    /// the notifier every few hours, and every 5 minutes near a window.
    public static let staleAfter: TimeInterval = 24 * 3_600

    public var condition: Condition {
        if !inEffect.isEmpty { return .inEffect }
        return staleFeeds.isEmpty ? .clear : .stale
    }

    public init(windows: [FeedWindow], feeds: [FeedHealth], now: Date) {
        self.now = now
        let live = windows.filter { !$0.cancelled }
        inEffect = live.filter { $0.start <= now && ($0.end.map { now < $0 } ?? true) }
            .sorted { ($0.start, $0.key) < ($1.start, $1.key) }
        next = live.filter { $0.start > now }.min { ($0.start, $0.key) < ($1.start, $1.key) }
        self.feeds = feeds
        staleFeeds = feeds.filter { feed in
            guard let read = feed.lastRead else { return true }
            return now.timeIntervalSince(read) > Self.staleAfter
        }
    }

    /// The short Japanese the desk reads, a line each.
    public var lines: [String] {
        var lines = ["現在の状況（\(JST.date(now)) \(JST.time(now)) 時点）"]
        // With no feed ever read, "nothing is stopped" would be a guess.
        let known = feeds.contains { $0.lastRead != nil }
        if inEffect.isEmpty {
            lines.append(known ? "停止中のシステムはありません。" : "停止の予定を読めていないため、停止中かどうか分かりません。")
        }
        for window in inEffect {
            lines.append((window.backup ? "■ 予備日（作業が延びた場合だけ停止）：" : "■ 停止中：") + window.summary)
            lines.append("  " + Self.ending(window))
            if let stops = window.stops { lines.append("  止まる機能：\(stops)") }
            if let works = window.works { lines.append("  使える機能：\(works)") }
            if let action = window.action {
                lines += action.split(separator: "\n").map { "  対応：\($0)" }
            } else if let details = window.details {
                lines.append("  \(details)")
            }
        }
        if let next {
            lines.append("次の予定：\(next.when)　\(next.summary)" + (next.backup ? "（予備日）" : ""))
        } else {
            lines.append(known ? "次の予定：ありません。" : "次の予定：分かりません。")
        }
        for feed in feeds {
            guard let read = feed.lastRead else {
                lines.append("予定の確認：読めていません。管理者にお知らせください。")
                continue
            }
            let stale = staleFeeds.contains(feed) ? "（24時間以上前の情報です。管理者にお知らせください）" : ""
            lines.append("予定の確認：\(JST.date(read)) \(JST.time(read)) に確認" + stale)
        }
        return lines
    }

    /// 12月31日(火) 5:20まで（予定）, 12月24日(火)の終わりまで, 終了未定: the end as the feed gives it,
    /// （予定） where it hedges, and never an end it does not give.
    static func ending(_ window: FeedWindow) -> String {
        ending(window.end, allDay: window.isAllDay, tentative: window.tentative)
    }

    /// The same for an end of a window of the notices (the subscription page's 現在の状況 says
    /// it as `outagecal status` does).
    static func ending(_ end: Date?, allDay: Bool, tentative: Bool) -> String {
        guard let end else { return "終了未定（終わりの時刻は知らされていません）" }
        let hedge = tentative ? "（予定）" : ""
        if allDay { return "\(JST.date(end.addingTimeInterval(-1)))の終わりまで" + hedge }
        return "\(JST.date(end)) \(JST.time(end))まで" + hedge
    }
}
