import Foundation
import Testing

@testable import OutageCore

/// The planner with the desk's opening hours (notify.yaml `hours:`): where each alert goes and
/// why, across weekends, holidays, the new year, lunch breaks and windows that span closing time.
@Suite("Alert planning in opening hours")
struct AlertPlannerHoursTests {
    static let t = Fixtures.jst
    typealias Hours = OpeningHoursTests

    static let weekdays = Hours.hours([("月-金", "9:00-18:00")])

    static func settings(_ hours: OpeningHours?, before: String? = nil) -> AlertSettings {
        var settings = AlertSettings(beforeStart: before.flatMap(AlertSettings.parseLeads))
        settings.hours = hours
        return settings
    }

    /// A window with no alarms of its own: reminders 30 minutes before the start and 10 before the end.
    static func window(_ start: String, _ end: String?, kind: WindowKind = .outage) -> FeedWindow {
        FeedWindow(key: "w", uid: "w", start: t(start), end: end.map(t), summary: "【全国】オンライン資格確認等システム 停止",
                   action: "資格確認は代替手順で。", kind: kind, tentative: false, cancelled: false, sequence: 0)
    }

    /// 2/18 17:59 before-start ← 2/19 0:30 before-start・2/19 1:00 start：診療時間外のため前日17:59に; a left-out alert as
    /// "– 2/19 3:50 before-end（…）".
    static func rows(_ plan: AlertPlanner.Plan) -> [String] {
        let raised = (plan.due + plan.upcoming).map { alert -> (Date, String) in
            var row = "\(JST.short(alert.time)) \(alert.kind.rawValue)"
            if let move = alert.move {
                let from = move.from.map { "\(JST.short($0.time)) \($0.kind.rawValue)" }.joined(separator: "・")
                row += " ← " + (from.isEmpty ? "" : from + "：") + move.reason
            }
            return (alert.time, row)
        }
        let silenced = plan.silenced.map { ($0.time, "– \(JST.short($0.time)) \($0.kind.rawValue)（\($0.move?.reason ?? "")）") }
        return (raised + silenced).enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }

    /// Every alert raised falls while the desk is open, and none after its window is over.
    static func checkPlaced(_ plan: AlertPlanner.Plan, _ hours: OpeningHours) {
        for alert in plan.upcoming {
            #expect(hours.isOpen(alert.time), "\(JST.short(alert.time)) \(alert.kind) falls while the desk is closed")
            #expect(alert.time < (alert.window.end ?? .distantFuture) || alert.kind == .end, "\(JST.short(alert.time)) is after the window")
        }
    }

    @Test("where each alert goes, and why", arguments: [
        ("a night window on a weekday: reminded at 17:59 the evening before, nothing at night",
         weekdays, "2025-02-19T01:00:00+09:00", "2025-02-19T04:00:00+09:00", [
            "2/18 17:59 before-start ← 2/19 0:30 before-start・2/19 1:00 start：診療時間外のため前日17:59に",
            "– 2/19 3:50 before-end（診療時間外のうちに終わるため）",
            "– 2/19 4:00 end（診療時間外のうちに終わるため）",
         ]),
        ("a Monday night window: back to Saturday's closing",
         Hours.clinic, "2025-02-17T03:00:00+09:00", "2025-02-17T05:00:00+09:00", [
            "2/15 12:59 before-start ← 2/17 2:30 before-start・2/17 3:00 start：診療時間外のため2月15日(土) 12:59に",
            "– 2/17 4:50 before-end（診療時間外のうちに終わるため）",
            "– 2/17 5:00 end（診療時間外のうちに終わるため）",
         ]),
        ("after a Sunday holiday and its 振替休日: back to Friday",
         weekdays, "2025-02-25T07:00:00+09:00", "2025-02-25T08:00:00+09:00", [
            "2/21 17:59 before-start ← 2/25 6:30 before-start・2/25 7:00 start：診療時間外のため2月21日(金) 17:59に",
            "– 2/25 7:50 before-end（診療時間外のうちに終わるため）",
            "– 2/25 8:00 end（診療時間外のうちに終わるため）",
         ]),
        ("the new year, closed 12/29-1/3: reminded the Saturday before; its end left out",
         Hours.newYear, "2026-01-02T10:00:00+09:00", "2026-01-02T12:00:00+09:00", [
            "12/27 12:59 before-start ← 1/2 9:30 before-start・1/2 10:00 start：休診日のため12月27日(土) 12:59に",
            "– 1/2 11:50 before-end（休診日のうちに終わるため）",
            "– 1/2 12:00 end（休診日のうちに終わるため）",
         ]),
        ("a window across closing time: its start as ever, its end left out",
         weekdays, "2025-02-19T17:00:00+09:00", "2025-02-19T22:00:00+09:00", [
            "2/19 16:30 before-start",
            "2/19 17:00 start",
            "– 2/19 21:50 before-end（診療時間外のうちに終わるため）",
            "– 2/19 22:00 end（診療時間外のうちに終わるため）",
         ]),
        ("a window on through the night: 現在も停止中 when the desk opens",
         weekdays, "2025-02-19T17:00:00+09:00", "2025-02-20T10:00:00+09:00", [
            "2/19 16:30 before-start",
            "2/19 17:00 start",
            "2/20 9:00 still-on ← 開院時も続くため",
            "2/20 9:50 before-end",
            "2/20 10:00 end",
         ]),
        ("a window that begins before opening: reminded the evening before, 現在も停止中 at opening",
         weekdays, "2025-02-19T08:00:00+09:00", "2025-02-19T11:00:00+09:00", [
            "2/18 17:59 before-start ← 2/19 7:30 before-start・2/19 8:00 start：診療時間外のため前日17:59に",
            "2/19 9:00 still-on ← 診療時間外に始まり、開院時も続くため",
            "2/19 10:50 before-end",
            "2/19 11:00 end",
         ]),
        ("a lunch break: reminded before lunch, 現在も停止中 after it",
         Hours.lunch, "2025-02-19T13:00:00+09:00", "2025-02-19T15:00:00+09:00", [
            "2/19 12:29 before-start ← 2/19 12:30 before-start・2/19 13:00 start：診療時間外のため当日12:29に",
            "2/19 14:00 still-on ← 診療時間外に始まり、開院時も続くため",
            "2/19 14:50 before-end",
            "2/19 15:00 end",
         ]),
        ("a window through the lunch break: the desk was told before lunch, nothing more after it",
         Hours.lunch, "2025-02-19T11:00:00+09:00", "2025-02-19T16:00:00+09:00", [
            "2/19 10:30 before-start",
            "2/19 11:00 start",
            "2/19 15:50 before-end",
            "2/19 16:00 end",
         ]),
        ("its end reminder in the lunch break, the window on after it: 現在も停止中 stands for it",
         Hours.lunch, "2025-02-19T11:00:00+09:00", "2025-02-19T14:05:00+09:00", [
            "2/19 10:30 before-start",
            "2/19 11:00 start",
            "2/19 14:00 still-on ← 2/19 13:55 before-end：開院時も続くため",
            "2/19 14:05 end",
         ]),
        ("a window of several days: 現在も停止中 each morning",
         weekdays, "2025-02-19T12:00:00+09:00", "2025-02-21T12:00:00+09:00", [
            "2/19 11:30 before-start",
            "2/19 12:00 start",
            "2/20 9:00 still-on ← 開院時も続くため",
            "2/21 9:00 still-on ← 開院時も続くため",
            "2/21 11:50 before-end",
            "2/21 12:00 end",
         ]),
        ("an end not known, from a Saturday: Friday's closing, then once when the desk next opens (after the 振替休日)",
         weekdays, "2025-02-22T00:00:00+09:00", nil, [
            "2/21 17:59 before-start ← 2/21 23:30 before-start・2/22 0:00 start：休診日のため前日17:59に",
            "2/25 9:00 still-on ← 休診日に始まり、開院時も続くため",
         ]),
    ] as [(String, OpeningHours, String, String?, [String])])
    func placed(_ name: String, _ hours: OpeningHours, _ start: String, _ end: String?, _ expected: [String]) {
        let window = Self.window(start, end)
        let plan = AlertPlanner.plan([window], now: window.start.addingTimeInterval(-30 * 86_400), state: NotifierState(), settings: Self.settings(hours))
        #expect(Self.rows(plan) == expected, "\(name)")
        Self.checkPlaced(plan, hours)
    }

    @Test("a reminder the day before, on a 振替休日, goes to the Friday: the reason names the holiday")
    func holidayReason() {
        let window = Self.window("2025-02-25T10:00:00+09:00", "2025-02-25T11:00:00+09:00")
        let plan = AlertPlanner.plan([window], now: Self.t("2025-02-01T00:00:00+09:00"), state: NotifierState(),
                                     settings: Self.settings(Self.weekdays, before: "1d,30m"))
        #expect(Self.rows(plan).first == "2/21 17:59 before-start ← 2/24 10:00 before-start：祝日（振替休日）のため2月21日(金) 17:59に")
    }

    /// The seed notice's West Japan windows, as Fukuoka's feed carries them.
    static func seed() throws -> [FeedWindow] { try AlertPlannerTests.windows() }

    @Test("the seed with 月-金 9:00-18:00: the 03:00 start to 17:59 the evening before; 現在も停止中 at 9:00 for the 08:00 window")
    func seedNotice() throws {
        let plan = AlertPlanner.plan(try Self.seed(), now: Self.t("2024-12-30T12:00:00+09:00"), state: NotifierState(),
                                     settings: Self.settings(Self.weekdays))
        let outage = AlertPlanner.Plan(upcoming: AlertPlannerTests.of(plan.upcoming, "west-outage"), silenced: AlertPlannerTests.of(plan.silenced, "west-outage"))
        #expect(Self.rows(outage) == [
            "12/30 17:00 before-start",  // the feed's own reminder, the evening before: the desk is open
            "12/30 17:59 before-start ← 12/31 2:30 before-start・12/31 3:00 start：診療時間外のため前日17:59に",
            "– 12/31 5:10 before-end（診療時間外のうちに終わるため）",
            "– 12/31 5:20 end（診療時間外のうちに終わるため）",
        ])
        let intermittent = AlertPlanner.Plan(upcoming: AlertPlannerTests.of(plan.upcoming, "west-intermittent"),
                                             silenced: AlertPlannerTests.of(plan.silenced, "west-intermittent"))
        #expect(Self.rows(intermittent) == [
            "12/30 17:00 before-start",
            "12/30 17:59 before-start ← 12/31 7:30 before-start・12/31 8:00 start：診療時間外のため前日17:59に",
            "12/31 9:00 still-on ← 診療時間外に始まり、開院時も続くため",
            // 1/1 is 元日: the desk opens on 1/2, when the window is long over.
            "– 1/1 2:50 before-end（祝日（元日）のうちに終わるため）",
            "– 1/1 3:00 end（祝日（元日）のうちに終わるため）",
        ])
        Self.checkPlaced(plan, Self.weekdays)
        // What the desk reads.
        let moved = try #require(AlertPlannerTests.of(plan.upcoming, "west-outage").first { $0.move != nil })
        #expect(moved.title == "12/31 3:00に開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）")
        #expect(moved.body.hasPrefix("2024年12月31日(火) 3:00〜5:20（予定）\n"))
        #expect(moved.body.contains("対応：資格確認は代替手順で。10割負担にしない。"))
        #expect(moved.urgency == .normal)
        let still = try #require(plan.upcoming.first { $0.kind == .stillOn })
        #expect(still.title == "現在も停止中：【西日本】オンライン資格確認等システム 数分間の通信断（予定）")
        #expect(still.body.hasPrefix("2024年12月31日(火) 8:00〜2025年1月1日(水) 3:00（予定）\n"))
        #expect(still.body.contains("対応：エラー時は少し待って再試行。直らなければカードリーダーを再起動。"))
    }

    @Test("現在も停止中 of a stop interrupts as its start would; of a partial stop, it does not")
    func stillOnUrgency() {
        for (kind, urgency) in [(WindowKind.outage, Urgency.critical), (.partial, .normal)] {
            let window = Self.window("2025-02-19T08:00:00+09:00", "2025-02-19T11:00:00+09:00", kind: kind)
            let plan = AlertPlanner.plan([window], now: Self.t("2025-02-19T09:00:00+09:00"), state: NotifierState(), settings: Self.settings(Self.weekdays))
            #expect(plan.due.map(\.kind) == [.stillOn])
            #expect(plan.due.first?.urgency == urgency)
            #expect(plan.due.first?.late == false)
        }
    }

    @Test("no hours, or hours that never close: every plan is the one without hours", arguments: [
        "2024-12-30T12:00:00+09:00", "2024-12-31T02:30:10+09:00", "2024-12-31T03:40:00+09:00", "2024-12-31T09:00:00+09:00",
    ])
    func alwaysOpen(_ moment: String) throws {
        let always = Hours.hours([("月-日", "0:00-24:00"), ("祝", "通常")])
        let windows = try Self.seed() + [Self.window("2024-12-31T01:00:00+09:00", nil)]
        let (_, seen) = AlertPlannerTests.run(windows, at: "2024-12-30T12:00:00+09:00")
        let without = AlertPlanner.plan(windows, now: Self.t(moment), state: seen, settings: Self.settings(nil))
        let with = AlertPlanner.plan(windows, now: Self.t(moment), state: seen, settings: Self.settings(always))
        #expect(with == without)
        #expect(without.silenced.isEmpty && (without.due + without.upcoming).allSatisfy { $0.move == nil })
    }

    @Test("a moved alert is raised once: at its new time, not again after a restart, nor when the hours change")
    func raisedOnce() throws {
        let windows = try Self.seed()
        let settings = Self.settings(Self.weekdays)
        func run(_ moment: String, _ state: NotifierState, _ settings: AlertSettings) -> (AlertPlanner.Plan, NotifierState) {
            let plan = AlertPlanner.plan(windows, now: Self.t(moment), state: state, settings: settings)
            return (plan, AlertPlanner.record(plan, windows: windows, now: Self.t(moment), in: state))
        }
        let (_, before) = run("2024-12-30T17:30:00+09:00", NotifierState(), settings)
        let (at, after) = run("2024-12-30T17:59:05+09:00", before, settings)
        #expect(at.due.map(\.kind) == [.beforeStart, .beforeStart])
        #expect(at.due.allSatisfy { $0.move != nil && !$0.late })
        // A restart: the state through its file.
        let reloaded = try JSONDecoder().decode(NotifierState.self, from: JSONEncoder().encode(after))
        #expect(run("2024-12-30T17:59:40+09:00", reloaded, settings).0.due.isEmpty)
        // The desk now closes at 17:00: the moved alerts would be at 16:59, but they were raised.
        let earlier = Self.settings(Hours.hours([("月-金", "9:00-17:00")]))
        #expect(run("2024-12-30T18:30:00+09:00", reloaded, earlier).0.due.isEmpty)
        // At opening, 現在も停止中, once.
        let (morning, next) = run("2024-12-31T09:00:10+09:00", reloaded, settings)
        #expect(morning.due.map(\.kind) == [.stillOn])
        #expect(run("2024-12-31T09:01:00+09:00", next, settings).0.due.isEmpty)
    }

    @Test("missed while the PC was off: the latest moved alert, marked late, if its window is still to come")
    func lateMoved() throws {
        let windows = try Self.seed()
        let settings = Self.settings(Self.weekdays)
        let before = AlertPlanner.record(AlertPlanner.plan(windows, now: Self.t("2024-12-30T12:00:00+09:00"), state: NotifierState(), settings: settings),
                                         windows: windows, now: Self.t("2024-12-30T12:00:00+09:00"), in: NotifierState())
        let plan = AlertPlanner.plan(windows, now: Self.t("2024-12-30T20:00:00+09:00"), state: before, settings: settings)
        let outage = AlertPlannerTests.of(plan.due, "west-outage")
        #expect(outage.count == 1)
        #expect(outage.first?.late == true)
        #expect(outage.first?.body.hasPrefix("（遅れて通知：本来は12/30 17:59）") == true)
        #expect(outage.first?.title.hasPrefix("12/31 3:00に開始：") == true)
    }
}
