import Foundation
import ICal
import Testing

@testable import OutageCore

/// The planner on the seed feeds at fixed moments: no clock, no sleeping.
@Suite("Alert planning")
struct AlertPlannerTests {
    static func windows(_ feed: String = "west-japan.ics", edit: (inout Catalog) -> Void = { _ in }) throws -> [FeedWindow] {
        var catalog = try Fixtures.seedCatalog()
        edit(&catalog)
        let text = FeedBuilder().build(catalog).first { $0.path == feed }!.contents
        return try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.map(FeedWindow.init)
    }

    static let t = Fixtures.jst
    static let settings = AlertSettings()

    /// Plans at `now`, records the result as the daemon does, and returns both.
    static func run(_ windows: [FeedWindow], at now: String, state: NotifierState = NotifierState()) -> (AlertPlanner.Plan, NotifierState) {
        let plan = AlertPlanner.plan(windows, now: t(now), state: state, settings: settings)
        return (plan, AlertPlanner.record(plan, windows: windows, now: t(now), in: state))
    }

    /// The alerts of one window of the seed notice.
    static func of(_ alerts: [Alert], _ window: String) -> [Alert] {
        alerts.filter { $0.window.uid == "2024-12-network-renewal.\(window)@outagecal" }
    }

    @Test("West Japan's 03:00–05:20 outage: the evening before, 30 min before, at the start, before and at the end")
    func seedOutage() throws {
        let (plan, _) = Self.run(try Self.windows(), at: "2024-12-30T12:00:00+09:00")
        let outage = plan.upcoming.filter { $0.window.uid.hasSuffix("west-outage@outagecal") }
        #expect(outage.map(\.kind) == [.beforeStart, .beforeStart, .start, .beforeEnd, .end])
        #expect(outage.map(\.time) == ["2024-12-30T17:00:00+09:00", "2024-12-31T02:30:00+09:00", "2024-12-31T03:00:00+09:00",
                                       "2024-12-31T05:10:00+09:00", "2024-12-31T05:20:00+09:00"].map(Self.t))
        #expect(plan.due.isEmpty)
        #expect(plan.nextAlert == Self.t("2024-12-30T17:00:00+09:00"))
        let start = outage[2]
        #expect(start.urgency == .critical)
        #expect(start.title == "開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）")
        #expect(start.body.contains("5:20まで（予定）"))
        #expect(start.body.contains("10割負担にしない"))
        #expect(outage[1].title.hasPrefix("30分後に開始："))
        #expect(outage[4].body == "終了予定時刻になりました。使えるか確かめてください。")
    }

    @Test("an intermittent window says: retry after a moment, restart the card reader")
    func intermittentText() throws {
        let (plan, _) = Self.run(try Self.windows("east-japan.ics"), at: "2024-12-31T09:00:00+09:00")
        let start = try #require(plan.upcoming.first { $0.kind == .start })
        #expect(start.body.contains("少し待って再試行"))
        #expect(start.body.contains("カードリーダーを再起動"))
        #expect(start.urgency == .normal)
    }

    @Test("an alert is raised once: at its time, then never again, also after a restart")
    func noRepeat() throws {
        let windows = try Self.windows()
        let (plan, state) = Self.run(windows, at: "2024-12-31T02:30:10+09:00", state: Self.run(windows, at: "2024-12-31T01:00:00+09:00").1)
        #expect(plan.due.map(\.kind) == [.beforeStart])
        #expect(plan.due.first?.late == false)
        // A restart: the state goes through its file format.
        let reloaded = try JSONDecoder().decode(NotifierState.self, from: JSONEncoder().encode(state))
        let (again, _) = Self.run(windows, at: "2024-12-31T02:31:00+09:00", state: reloaded)
        #expect(again.due.isEmpty)
    }

    @Test("after a sleep, only the latest missed alert of a window is raised, marked late")
    func catchUp() throws {
        let windows = try Self.windows()
        let (_, before) = Self.run(windows, at: "2024-12-30T12:00:00+09:00")
        let (plan, after) = Self.run(windows, at: "2024-12-31T03:40:00+09:00", state: before)
        let outage = Self.of(plan.due, "west-outage")
        #expect(outage.map(\.kind) == [.start])
        #expect(outage.first?.late == true)
        #expect(outage.first?.body.hasPrefix("（遅れて通知：本来は12/31 3:00）") == true)
        #expect(Self.of(plan.superseded, "west-outage").map(\.kind) == [.beforeStart, .beforeStart])
        // The 08:00 intermittent window's reminder of the evening before was missed too: raised, late.
        #expect(Self.of(plan.due, "west-intermittent").map(\.kind) == [.beforeStart])
        // Late, it counts from now: the 08:00 window starts in 4 h 20 min, not "15 hours".
        #expect(Self.of(plan.due, "west-intermittent").first?.title.hasPrefix("4時間20分後に開始：") == true)
        #expect(Self.run(windows, at: "2024-12-31T03:41:00+09:00", state: after).0.due.isEmpty)
    }

    @Test("alerts of a window that ended while the PC was off are dropped, not raised")
    func dropsOld() throws {
        let windows = try Self.windows()
        let (_, before) = Self.run(windows, at: "2024-12-30T12:00:00+09:00")
        let (plan, _) = Self.run(windows, at: "2024-12-31T06:00:00+09:00", state: before)
        #expect(Self.of(plan.due, "west-outage").isEmpty)
        #expect(Self.of(plan.dropped, "west-outage").count == 5)
        #expect(plan.upcoming.first?.window.uid.hasSuffix("west-intermittent@outagecal") == true)
    }

    @Test("the end alert is raised on time even though the window is then over")
    func endOnTime() throws {
        let windows = try Self.windows()
        let (_, before) = Self.run(windows, at: "2024-12-31T05:15:00+09:00")
        let (plan, _) = Self.run(windows, at: "2024-12-31T05:20:00+09:00", state: before)
        #expect(plan.due.map(\.kind) == [.end])
    }

    @Test("a window cancelled after it was announced gets one alert; one never seen gets none")
    func cancellation() throws {
        let active = try Self.windows()
        let cancelled = try Self.windows { $0.notices[0].windows[0].cancelled = true }
        let (_, seen) = Self.run(active, at: "2024-12-30T16:00:00+09:00")
        let (plan, state) = Self.run(cancelled, at: "2024-12-30T16:30:00+09:00", state: seen)
        #expect(plan.due.map(\.kind) == [.cancelled])
        #expect(plan.due.first?.title == "中止：【中止】【西日本】オンライン資格確認等システム 長時間の通信断")
        #expect(plan.upcoming.allSatisfy { !$0.window.uid.hasSuffix("west-outage@outagecal") })
        #expect(Self.run(cancelled, at: "2024-12-30T16:35:00+09:00", state: state).0.due.isEmpty)
        let (fresh, _) = Self.run(cancelled, at: "2024-12-30T16:30:00+09:00")
        #expect(Self.of(fresh.due + fresh.upcoming, "west-outage").isEmpty)
    }

    @Test("a window that moved gets a change alert now and fresh alerts that say so")
    func reschedule() throws {
        let original = try Self.windows()
        let moved = try Self.windows {
            $0.notices[0].windows[0].timing = .timed(start: Self.t("2024-12-31T04:00:00+09:00"), end: Self.t("2024-12-31T06:00:00+09:00"))
            $0.notices[0].revision = 2
        }
        let (_, seen) = Self.run(original, at: "2024-12-30T18:00:00+09:00")
        let (plan, state) = Self.run(moved, at: "2024-12-30T20:00:00+09:00", state: seen)
        // A new revision is news for every window of the notice in this feed: each gets a change alert.
        #expect(plan.due.map(\.kind) == [.changed, .changed])
        let change = try #require(Self.of(plan.due, "west-outage").first)
        #expect(change.kind == .changed)
        #expect(change.body.contains("4:00〜6:00"))
        let start = try #require(plan.upcoming.first { $0.kind == .start && $0.window.uid.hasSuffix("west-outage@outagecal") })
        #expect(start.time == Self.t("2024-12-31T04:00:00+09:00"))
        #expect(start.title.hasPrefix("【変更】開始："))
        // Still marked as changed when it is raised, hours later.
        let (later, _) = Self.run(moved, at: "2024-12-31T04:00:30+09:00", state: state)
        #expect(later.due.first { $0.kind == .start }?.title.hasPrefix("【変更】") == true)
    }

    @Test("a recurring window alerts at every occurrence")
    func recurring() throws {
        let text = """
            BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly@test\r\nDTSTART;TZID=Asia/Tokyo:20250105T020000\r\n\
            DTEND;TZID=Asia/Tokyo:20250105T040000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:電子処方箋管理サービス 定期メンテナンス\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n
            """
        let windows = try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.map(FeedWindow.init)
        #expect(windows.count == 3)
        let (plan, _) = Self.run(windows, at: "2025-01-01T00:00:00+09:00")
        let starts = plan.upcoming.filter { $0.kind == .start }.map(\.time)
        #expect(starts == ["2025-01-05T02:00:00+09:00", "2025-01-12T02:00:00+09:00", "2025-01-19T02:00:00+09:00"].map(Self.t))
        // No alarms in the feed: the defaults (30 min before the start, 10 before the end).
        #expect(plan.upcoming.filter { $0.kind == .beforeStart }.map(\.lead) == [1800, 1800, 1800])
        #expect(Set(plan.upcoming.map(\.window.key)).count == 3)
        // Not an OutageCal feed: no action of ours is made up for it, not even for a system we know.
        #expect(plan.upcoming.allSatisfy { $0.window.action == nil })
        #expect(!plan.upcoming.contains { $0.body.contains("代替手順") || $0.body.contains("カードリーダー") || $0.body.contains("10割") })
    }

    @Test("--before and --before-end replace the feed's alarms")
    func overrides() throws {
        let settings = AlertSettings(beforeStart: AlertSettings.parseLeads("60m,10m"), beforeEnd: AlertSettings.parseLeads("5m"))
        let plan = AlertPlanner.plan(try Self.windows("east-japan.ics"), now: Self.t("2024-12-31T09:00:00+09:00"), state: NotifierState(), settings: settings)
        #expect(plan.upcoming.map(\.kind) == [.beforeStart, .beforeStart, .start, .beforeEnd, .end])
        #expect(plan.upcoming.map(\.time) == ["2024-12-31T11:00:00+09:00", "2024-12-31T11:50:00+09:00", "2024-12-31T12:00:00+09:00",
                                              "2024-12-31T13:25:00+09:00", "2024-12-31T13:30:00+09:00"].map(Self.t))
        #expect(AlertSettings.parseLeads("soon") == nil)
    }
}

/// A feed that repeats an event every second (issue 26, item 10): the desk sees a few alerts
/// and one that says how many were held back, and a good feed beside it is not crowded out.
@Suite("Alert floods")
struct AlertFloodTests {
    static let t = Fixtures.jst

    /// `count` windows of `feed`, one a second from `first`, each an hour long.
    static func flood(_ feed: String, count: Int, first: String = "2026-12-07T09:00:00+09:00") -> [FeedWindow] {
        (0..<count).map { index in
            let start = t(first).addingTimeInterval(Double(index))
            var window = FeedWindow(key: "\(feed)-\(index)", uid: "\(feed)-\(index)", start: start, end: start.addingTimeInterval(3_600),
                                    summary: "点検", action: nil, kind: .outage, tentative: false, cancelled: false, sequence: 0)
            window.feed = feed
            return window
        }
    }

    @Test("thousands due at once: a turn's share raised, one says how many were held back, all recorded; the next turns raise nothing more that hour")
    func oneFeed() {
        let windows = Self.flood("bad.ics", count: 1_800)
        let settings = AlertSettings()
        let plan = AlertPlanner.plan(windows, now: Self.t("2026-12-07T09:30:00+09:00"), state: NotifierState(), settings: settings)
        #expect(plan.due.filter { (alert: Alert) in alert.kind != .heldBack }.count == settings.maxAlertsPerTurn)
        let notice = plan.due.first { (alert: Alert) in alert.kind == .heldBack }
        #expect(notice != nil)
        #expect(plan.due.count == settings.maxAlertsPerTurn + 1)
        #expect(notice?.body.contains("一度に\(plan.heldBack.count)件の通知が届いたため") == true)
        #expect(notice?.title.contains("通知が多すぎる") == true)
        #expect(plan.due.count + plan.heldBack.count > 1_800)
        var state = AlertPlanner.record(plan, windows: windows, now: Self.t("2026-12-07T09:30:00+09:00"), in: NotifierState())
        // Each second another window starts: nothing more this hour, and no second notice.
        for second in ["09:30:01", "09:30:02", "09:59:00"] {
            let now = Self.t("2026-12-07T\(second)+09:00")
            let next = AlertPlanner.plan(windows, now: now, state: state, settings: settings)
            #expect(next.due.isEmpty, "\(second): \(next.due.map { (alert: Alert) in alert.title })")
            state = AlertPlanner.record(next, windows: windows, now: now, in: state)
        }
    }

    @Test("a good feed beside a flooding one still gets its alerts")
    func fairShare() {
        var good = FeedWindow(key: "good", uid: "good", start: Self.t("2026-12-07T09:30:00+09:00"), end: Self.t("2026-12-07T10:30:00+09:00"),
                              summary: "オンライン資格確認の停止", action: "紙の保険証で確認", kind: .outage, tentative: false, cancelled: false, sequence: 0)
        good.feed = "good.ics"
        let plan = AlertPlanner.plan(Self.flood("bad.ics", count: 500) + [good], now: Self.t("2026-12-07T09:30:00+09:00"), state: NotifierState(), settings: AlertSettings())
        #expect(plan.due.contains { (alert: Alert) in alert.window.key == "good" && alert.kind == .start })
        #expect(!plan.heldBack.contains { $0.window.feed == "good.ics" })
    }

    @Test("after a wake, the alerts a later one covered do not count against the hour: twelve windows' ends are all raised")
    func wakeThenEnds() {
        // Twelve 20-minute windows at 09:00; the PC wakes at 09:00:20: twelve starts raised,
        // twelve 30-minutes-before reminders covered by them.
        let windows = Self.flood("all.ics", count: 12, first: "2026-12-07T09:00:00+09:00").map { window -> FeedWindow in
            var window = window
            window.start = Self.t("2026-12-07T09:00:00+09:00")
            window.end = Self.t("2026-12-07T09:20:00+09:00")
            return window
        }
        let wake = Self.t("2026-12-07T09:00:20+09:00")
        let first = AlertPlanner.plan(windows, now: wake, state: NotifierState(), settings: AlertSettings())
        #expect(first.due.count == 12 && first.superseded.count == 12)
        let state = AlertPlanner.record(first, windows: windows, now: wake, in: NotifierState())
        let ends = AlertPlanner.plan(windows, now: Self.t("2026-12-07T09:20:05+09:00"), state: state, settings: AlertSettings())
        #expect(ends.heldBack.isEmpty, "\(ends.heldBack.count) held back")
        #expect(ends.due.filter { (alert: Alert) in alert.kind == .end }.count == 12)
    }

    @Test("an ordinary day is untouched: several windows starting together are all raised")
    func ordinary() {
        let windows = Self.flood("all.ics", count: 12, first: "2026-12-07T22:00:00+09:00")
        let plan = AlertPlanner.plan(windows, now: Self.t("2026-12-07T22:00:20+09:00"), state: NotifierState(), settings: AlertSettings())
        #expect(plan.due.count == 12)
        #expect(plan.heldBack.isEmpty)
    }
}
