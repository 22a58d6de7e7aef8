import Foundation
import Testing

@testable import OutageCore

/// `outagecal status`: what the desk is told, line by line, for each kind of moment.
@Suite("What is stopped now")
struct DeskStatusTests {
    static let t = Fixtures.jst

    static func window(
        _ key: String, _ start: String, _ end: String?, summary: String = "オンライン資格確認等システム 停止", action: String? = "紙の資格確認書で確認する",
        kind: WindowKind = .outage, works: String? = nil, tentative: Bool = false, cancelled: Bool = false, backup: Bool = false, allDay: Bool = false
    ) -> FeedWindow {
        FeedWindow(key: key, uid: key, start: t(start), end: end.map(t), isAllDay: allDay, summary: summary, action: action, kind: kind,
                   works: works, tentative: tentative, cancelled: cancelled, backup: backup, sequence: 0)
    }

    static let fresh = [FeedHealth(source: "all.ics", lastRead: t("2024-12-31T09:55:00+09:00"), problem: nil)]

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let windows: [FeedWindow]
        let feeds: [FeedHealth]
        let now: String
        let condition: DeskStatus.Condition
        let lines: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "before: nothing stopped, the next one named", windows: [window("w", "2024-12-31T22:00:00+09:00", "2025-01-01T05:00:00+09:00", tentative: true)],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .clear, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "停止中のシステムはありません。",
                "次の予定：2024年12月31日(火) 22:00〜2025年1月1日(水) 5:00（予定）　オンライン資格確認等システム 停止",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "during a hedged stop: its end with 予定, and what to do", windows: [window("w", "2024-12-31T10:00:00+09:00", "2024-12-31T12:00:00+09:00", tentative: true)],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .inEffect, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "■ 停止中：オンライン資格確認等システム 停止",
                "  2024年12月31日(火) 12:00まで（予定）",
                "  対応：紙の資格確認書で確認する",
                "次の予定：ありません。",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "an open end: 終了未定, never a time", windows: [window("w", "2024-12-30T09:00:00+09:00", nil, summary: "電子処方箋管理サービス 発行停止", action: nil, kind: .partial, works: "調剤結果の登録")],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .inEffect, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "■ 停止中：電子処方箋管理サービス 発行停止",
                "  終了未定（終わりの時刻は知らされていません）",
                "  使える機能：調剤結果の登録",
                "次の予定：ありません。",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "a backup day in its hours: said to stop only if the work ran over", windows: [window("b", "2024-12-31T10:00:00+09:00", "2024-12-31T12:00:00+09:00", action: nil, backup: true)],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .inEffect, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "■ 予備日（作業が延びた場合だけ停止）：オンライン資格確認等システム 停止",
                "  2024年12月31日(火) 12:00まで",
                "次の予定：ありません。",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "after the end, and a cancelled window: nothing in effect", windows: [
                window("w", "2024-12-31T03:00:00+09:00", "2024-12-31T05:20:00+09:00"),
                window("c", "2024-12-31T10:00:00+09:00", "2024-12-31T12:00:00+09:00", cancelled: true),
             ],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .clear, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "停止中のシステムはありません。",
                "次の予定：ありません。",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "an all-day stop: to the end of its last day", windows: [window("d", "2024-12-30T00:00:00+09:00", "2025-01-01T00:00:00+09:00", allDay: true)],
             feeds: fresh, now: "2024-12-31T10:15:00+09:00", condition: .inEffect, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "■ 停止中：オンライン資格確認等システム 停止",
                "  2024年12月31日(火)の終わりまで",
                "  対応：紙の資格確認書で確認する",
                "次の予定：ありません。",
                "予定の確認：2024年12月31日(火) 9:55 に確認",
             ]),
        Case(name: "a feed last read two days ago: stale", windows: [],
             feeds: [FeedHealth(source: "all.ics", lastRead: t("2024-12-29T09:00:00+09:00"), problem: "cannot reach the server")],
             now: "2024-12-31T10:15:00+09:00", condition: .stale, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "停止中のシステムはありません。",
                "次の予定：ありません。",
                "予定の確認：2024年12月29日(日) 9:00 に確認（24時間以上前の情報です。管理者にお知らせください）",
             ]),
        Case(name: "a feed never read: nothing claimed", windows: [],
             feeds: [FeedHealth(source: "all.ics", lastRead: nil, problem: "cannot reach the server")],
             now: "2024-12-31T10:15:00+09:00", condition: .stale, lines: [
                "現在の状況（2024年12月31日(火) 10:15 時点）",
                "停止の予定を読めていないため、停止中かどうか分かりません。",
                "次の予定：分かりません。",
                "予定の確認：読めていません。管理者にお知らせください。",
             ]),
    ]

    @Test("each moment, line by line", arguments: cases)
    func lines(_ example: Case) {
        let status = DeskStatus(windows: example.windows, feeds: example.feeds, now: Self.t(example.now))
        #expect(status.condition == example.condition)
        #expect(status.lines == example.lines)
    }

    @Test("the exit codes a script tests")
    func exitCodes() {
        #expect([DeskStatus.Condition.clear, .inEffect, .stale].map(\.exitCode) == [0, 2, 3])
    }

    @Test("the window starting at this very minute is in effect; the one ending now is over")
    func edges() {
        let windows = [Self.window("a", "2024-12-31T09:00:00+09:00", "2024-12-31T10:15:00+09:00"), Self.window("b", "2024-12-31T10:15:00+09:00", "2024-12-31T11:00:00+09:00")]
        let status = DeskStatus(windows: windows, feeds: Self.fresh, now: Self.t("2024-12-31T10:15:00+09:00"))
        #expect(status.inEffect.map(\.key) == ["b"])
    }

    @Test("--json carries the same facts")
    func json() throws {
        let status = DeskStatus(windows: Self.cases[2].windows, feeds: Self.fresh, now: Self.t("2024-12-31T10:15:00+09:00"))
        let object = try #require(try JSONSerialization.jsonObject(with: status.json()) as? [String: Any])
        #expect(object["condition"] as? String == "in-effect")
        let effect = try #require((object["in_effect"] as? [[String: Any]])?.first)
        #expect(effect["end"] is NSNull || effect["end"] == nil)
        #expect(effect["works"] as? String == "調剤結果の登録")
    }
}
