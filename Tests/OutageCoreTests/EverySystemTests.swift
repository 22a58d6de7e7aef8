import Foundation
import ICal
import Testing

@testable import OutageCore

/// Every system says its own thing, and nothing is made up for a feed that is not ours.
@Suite("Every system and every shape")
struct EverySystemTests {
    static let t = Fixtures.jst

    static func feedWindows(_ path: String) throws -> [FeedWindow] {
        let text = FeedBuilder().build(try Fixtures.shapesCatalog()).first { $0.path == path }!.contents
        return try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.map(FeedWindow.init)
    }

    static func plan(_ windows: [FeedWindow], at now: String) -> AlertPlanner.Plan {
        AlertPlanner.plan(windows, now: t(now), state: NotifierState(), settings: AlertSettings())
    }

    /// What the registry says for each system and kind, and the words that belong to other systems.
    @Test("each system's windows alert with that system's own action, and no other system's",
          arguments: ["eprescription", "jpki", "online-claims"])
    func actionPerSystem(id: String) throws {
        let catalog = try Fixtures.shapesCatalog()
        let windows = try Self.feedWindows("systems/\(id).ics").filter { !$0.cancelled }
        #expect(!windows.isEmpty)
        let alerts = Self.plan(windows, at: "2025-04-03T00:00:00+09:00").upcoming
        let notice = catalog.notices[0]
        for alert in alerts where alert.kind == .start || alert.kind == .beforeStart {
            let window = try #require(notice.windows.first { alert.window.uid.hasPrefix("shapes.\($0.id)") })
            let systems = catalog.systems.systems(notice.systemIDs(of: window))
            let own = systems.compactMap { $0.guidance[window.kind]?.short }
            #expect(!own.isEmpty)
            for short in own { #expect(alert.body.contains(short), "\(alert.title): \(alert.body)") }
            // No action of a system this window does not stop.
            for other in catalog.systems.systems where !systems.contains(other) {
                for guidance in other.guidance.values where !own.contains(guidance.short) {
                    #expect(!alert.body.contains(guidance.short), "\(alert.title) says \(other.id)'s \(guidance.short)")
                }
            }
        }
    }

    @Test("a feed exported by Google or Outlook gets only its own words: no OutageCal action, kind or urgency")
    func foreignFeed() throws {
        let google = """
            BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n\
            METHOD:PUBLISH\r\nX-WR-CALNAME:院内システム\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VEVENT\r\n\
            DTSTART:20250301T130000Z\r\nDTEND:20250301T150000Z\r\nDTSTAMP:20250201T000000Z\r\nUID:abc123@google.com\r\n\
            DESCRIPTION:電子カルテの更新作業。受付は紙カルテで。\r\nSTATUS:CONFIRMED\r\nSUMMARY:電子カルテ停止 長時間の通信断\r\n\
            END:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Tokyo Standard Time:20250302T090000\r\nDTEND;TZID=Tokyo Standard Time:20250302T100000\r\n\
            UID:040000008200E00074C5B7101A82E008@outlook\r\nSUMMARY:オンライン資格確認等システム メンテナンス\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """
        let windows = try ICalFeedReader.read(google, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.map(FeedWindow.init)
        #expect(windows.count == 2)
        #expect(windows.allSatisfy { $0.action == nil && $0.kind == nil && $0.works == nil && !$0.backup })
        let alerts = Self.plan(windows, at: "2025-02-28T00:00:00+09:00").upcoming
        #expect(!alerts.isEmpty)
        let canned = ["代替手順", "10割", "カードリーダー", "紙の処方箋", "資格情報のお知らせ", "再開後"]
        for alert in alerts {
            #expect(!canned.contains { alert.body.contains($0) || alert.title.contains($0) }, "\(alert.title)\n\(alert.body)")
            #expect(alert.urgency != .critical)
        }
        let start = try #require(alerts.first { $0.kind == .start && $0.window.uid == "abc123@google.com" })
        #expect(start.body.contains("電子カルテの更新作業。受付は紙カルテで。"))
        #expect(!start.body.contains("対応："))
    }

    @Test("an open end: the event shows 終了未定 and the notifier never announces an end")
    func openEnd() throws {
        let windows = try Self.feedWindows("west-japan.ics").filter { $0.uid.hasPrefix("shapes.jpki-open") }
        let window = try #require(windows.first)
        #expect(window.end == nil)
        #expect(window.summary.contains("終了未定"))
        let alerts = Self.plan(windows, at: "2025-05-09T12:00:00+09:00").upcoming
        #expect(alerts.map(\.kind) == [.beforeStart, .beforeStart, .start])
        let start = try #require(alerts.last)
        #expect(start.body.contains("終了未定"))
        #expect(!start.body.contains("まで"))
    }

    @Test("a backup day is alerted only as 'may happen', with no end")
    func backupDay() throws {
        let windows = try Self.feedWindows("prefectures/40-fukuoka.ics").filter { $0.uid.hasPrefix("shapes.claims-backup") }
        let window = try #require(windows.first)
        #expect(window.backup)
        #expect(window.summary.contains("予備日"))
        let alerts = Self.plan(windows, at: "2025-06-01T00:00:00+09:00").upcoming
        #expect(alerts.map(\.kind) == [.beforeStart, .beforeStart, .start])
        #expect(alerts.allSatisfy { $0.title.contains("予備日") && $0.body.contains("作業が延びた場合にだけ停止します") })
        #expect(alerts.allSatisfy { $0.urgency != .critical })
    }

    @Test("all-day dates: one event per date read as whole days in Japan time; a partial window says what still works")
    func allDayPartial() throws {
        let windows = try Self.feedWindows("all.ics").filter { $0.uid.hasPrefix("shapes.issuing-days") }
        #expect(windows.map(\.uid) == ["shapes.issuing-days@outagecal", "shapes.issuing-days.2@outagecal"])
        #expect(windows.allSatisfy { $0.isAllDay })
        #expect(windows.map(\.start) == [Self.t("2025-05-05T00:00:00+09:00"), Self.t("2025-08-17T00:00:00+09:00")])
        #expect(windows.map(\.end) == [Self.t("2025-05-06T00:00:00+09:00"), Self.t("2025-08-18T00:00:00+09:00")])
        let alerts = Self.plan(Array(windows.prefix(1)), at: "2025-05-01T00:00:00+09:00").upcoming
        #expect(alerts.map(\.kind) == [.beforeStart, .start, .end])
        #expect(alerts[0].time == Self.t("2025-05-04T17:00:00+09:00"))
        let start = alerts[1]
        #expect(start.body.contains("2025年5月5日(月)の終わりまで"))
        #expect(start.body.contains("止まる機能：電子処方箋の発行"))
        #expect(start.body.contains("使える機能：調剤結果の登録"))
        #expect(start.urgency == .normal)
    }

    @Test("a prefecture's feed says the area as its reader needs it; the national feed lists every prefecture")
    func areaPerFeed() throws {
        let files = Dictionary(uniqueKeysWithValues: FeedBuilder().build(try Fixtures.shapesCatalog()).map { ($0.path, $0.contents) })
        func description(_ path: String, _ uid: String) throws -> String {
            try ICalFeedReader.read(files[path]!, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).occurrences.first { $0.uid == uid }!.description
        }
        let uid = "shapes.jpki-open@outagecal"
        #expect(try description("prefectures/40-fukuoka.ics", uid).contains("対象：福岡県を含む西日本\n"))
        #expect(try description("west-japan.ics", uid).contains("対象：西日本全域\n"))
        #expect(try description("all.ics", uid).contains("対象：西日本（富山県、石川県、"))
        #expect(files["prefectures/13-tokyo.ics"].map { !$0.contains(uid) } == true)
        let names = try ICalFeedReader.read(files["prefectures/40-fukuoka.ics"]!, from: .distantPast, to: .distantFuture, floatingOffset: JST.offsetSeconds).info.name
        #expect(names == "医療機関向けシステム停止予定（福岡県）")
    }
}

/// The planner on hand-built windows, no feed at all.
@Suite("Alert planning on hand-built windows")
struct PlannerTableTests {
    static let t = Fixtures.jst

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let window: FeedWindow
        let kinds: [AlertKind]
        var testDescription: String { name }
    }

    static func window(end: String?, backup: Bool = false, allDay: Bool = false, kind: WindowKind? = .outage) -> FeedWindow {
        FeedWindow(key: "w", uid: "w@test", start: t("2025-03-01T22:00:00+09:00"), end: end.map(t), isAllDay: allDay, summary: "テスト",
                   action: "テストの対応", kind: kind, tentative: false, cancelled: false, backup: backup, sequence: 0)
    }

    static let cases: [Case] = [
        Case(name: "known end", window: window(end: "2025-03-02T06:00:00+09:00"), kinds: [.beforeStart, .start, .beforeEnd, .end]),
        Case(name: "open end", window: window(end: nil), kinds: [.beforeStart, .start]),
        Case(name: "backup day", window: window(end: "2025-03-02T06:00:00+09:00", backup: true), kinds: [.beforeStart, .start]),
        Case(name: "end too close for a before-end alert", window: window(end: "2025-03-01T22:05:00+09:00"), kinds: [.beforeStart, .start, .end]),
    ]

    @Test("which alerts a window gets", arguments: cases)
    func kinds(_ item: Case) {
        let plan = AlertPlanner.plan([item.window], now: Self.t("2025-03-01T12:00:00+09:00"), state: NotifierState(), settings: AlertSettings())
        #expect(plan.upcoming.map(\.kind) == item.kinds)
        #expect(plan.upcoming.filter { $0.kind == .start || $0.kind == .beforeStart }.allSatisfy { $0.body.contains("対応：テストの対応") })
    }

    @Test("an open end missed while the PC was off is still raised within a day of the start, and dropped after")
    func openEndLate() {
        let window = Self.window(end: nil)
        let soon = AlertPlanner.plan([window], now: Self.t("2025-03-02T08:00:00+09:00"), state: NotifierState(), settings: AlertSettings())
        #expect(soon.due.map(\.kind) == [.start])
        #expect(soon.due.first?.late == true)
        let later = AlertPlanner.plan([window], now: Self.t("2025-03-03T08:00:00+09:00"), state: NotifierState(), settings: AlertSettings())
        #expect(later.due.isEmpty)
    }

    @Test("text from a feed cannot drive the terminal: escape sequences and bidi overrides are neutralised")
    func displayable() {
        #expect(FeedWindow.displayable("停止\u{1B}]0;pwned\u{07}\u{1B}[2J") == "停止\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[2J")
        #expect(FeedWindow.displayable("a\u{202E}b\nc", lines: false) == "a\u{FFFD}b c")
        #expect(FeedWindow.displayable("普通の文\n二行目") == "普通の文\n二行目")
    }
}

/// The new window fields, each mistake reported where it stands.
@Suite("Validating systems and window shapes")
struct WindowValidationTests {
    static let cases: [(name: String, from: String, to: String, line: Int, says: String)] = [
        ("unknown system", "systems: [onshi]", "systems: [onshii]", 5, "unknown system 'onshii'"),
        ("old system key", "systems: [onshi]", "system: オンライン資格確認等システム", 5, "unknown key 'system'"),
        ("dates with start", "    end: 2024-12-31T05:20:00+09:00\n", "    end: 2024-12-31T05:20:00+09:00\n    dates: [2025-05-05]\n", 30, "has both 'dates' and 'start'"),
        ("open end with an end", "    end: 2024-12-31T05:20:00+09:00\n", "    end: 2024-12-31T05:20:00+09:00\n    open_end: true\n", 31, "has an 'end' and 'open_end: true'"),
        ("partial without affects", "    kind: outage\n", "    kind: partial\n", 26, "is partial but does not say what stops"),
        ("window system not in the notice", "    label: 長時間の通信断\n", "    label: 長時間の通信断\n    systems: [jpki]\n", 29, "names system 'jpki', which the notice does not list"),
        ("a year calendars cannot hold", "2024-12-31T03:00:00+09:00", "3001-12-31T03:00:00+09:00", 30, "outside the years calendars can hold"),
        ("an escape character in the text", "issuer: 厚生労働省保険局医療介護連携政策課", "issuer: \"\\e[2J厚生労働省\"", 6, "invisible control character U+001B"),
        ("a url that is not https", "url: https://iryohokenjyoho", "url: http://iryohokenjyoho", 19, "must be a web address starting with https://"),
    ]

    @Test("each mistake in a new field is reported at its line, with a hint", arguments: cases.map(\.name))
    func mistake(name: String) throws {
        let item = Self.cases.first { $0.name == name }!
        #expect(Fixtures.seedNotice.contains(item.from))
        let (catalog, diagnostics) = try Fixtures.loadSeed { $0.replacingOccurrences(of: item.from, with: item.to) }
        #expect(catalog == nil)
        let match = diagnostics.first { $0.severity == .error && $0.message.contains(item.says) }
        #expect(match != nil, "expected '\(item.says)', got \(diagnostics.map(\.description))")
        #expect(match?.line == item.line, "\(match?.description ?? "")")
        #expect(match?.hint?.isEmpty == false)
    }
}
