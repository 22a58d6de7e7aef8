import Foundation
import Testing

@testable import OutageCore

/// The desk's hours: the friendly form of notify.yaml read (and every mistake told with its
/// line), then the questions the planner asks of them across weekends, holidays and the new year.
@Suite("Opening hours")
struct OpeningHoursTests {
    static let t = Fixtures.jst

    /// Hours from `key: value` pairs, one a line from line 2 (line 1 is `hours:`).
    static func parse(_ days: [(String, String)], closed: [String] = []) -> (OpeningHours?, [OpeningHours.Problem]) {
        let entries = days.enumerated().map { OpeningHours.Entry(key: $0.element.0, value: $0.element.1, line: $0.offset + 2) }
        let items = closed.map { OpeningHours.Entry(value: $0, line: 100) }
        return OpeningHours.parse(hours: entries, closed: items, line: 1)
    }

    static func hours(_ days: [(String, String)], closed: [String] = []) -> OpeningHours {
        let (hours, problems) = parse(days, closed: closed)
        precondition(problems.isEmpty, "\(problems)")
        return hours!
    }

    /// 月-金 9:00-18:00, 土 9:00-13:00; holidays closed.
    static let clinic = hours([("月-金", "9:00-18:00"), ("土", "9:00-13:00")])
    /// The same, closed over the new year.
    static let newYear = hours([("月-金", "9:00-18:00"), ("土", "9:00-13:00")], closed: ["12/29-1/3"])
    /// 月-金 with a lunch break.
    static let lunch = hours([("mon-fri", "9:00-12:30,14:00-18:00")])

    @Test("the friendly form, read and written back", arguments: [
        ([("月-金", "9:00-18:00"), ("土", "9:00-13:00"), ("日", "closed"), ("祝", "休み")], [String](),
         "月-金 9:00-18:00 / 土 9:00-13:00 / 日 休み / 祝 休み"),
        ([("mon-fri", "9:00-12:30, 14:00-18:00"), ("sat", "9-13")], [],
         "月-金 9:00-12:30,14:00-18:00 / 土 9:00-13:00 / 日 休み / 祝 休み"),
        ([("平日", "９：００〜１８：００"), ("祝", "通常")], [], "月-金 9:00-18:00 / 土-日 休み / 祝 通常"),
        ([("月・水・金", "9時〜18時"), ("火木", "9時半-12時")], [],
         "月 9:00-18:00 / 火 9:30-12:00 / 水 9:00-18:00 / 木 9:30-12:00 / 金 9:00-18:00 / 土-日 休み / 祝 休み"),
        ([("土日祝", "10:00-16:00")], [], "月-金 休み / 土-日 10:00-16:00 / 祝 10:00-16:00"),
        ([("金-月", "8:00-20:00")], [], "月 8:00-20:00 / 火-木 休み / 金-日 8:00-20:00 / 祝 休み"),
        ([("月曜日", "9:00-12:00,12:00-18:00"), ("Tuesday", "0:00-24:00")], [],
         "月 9:00-18:00 / 火 0:00-24:00 / 水-日 休み / 祝 休み"),
        ([("月-金", "9:00-18:00")], ["12/29-1/3", "2025-08-13〜2025-08-15", "12月31日", "2026/5/7", "8/13から8/16"],
         "月-金 9:00-18:00 / 土-日 休み / 祝 休み | 12/29-1/3, 2025-08-13〜2025-08-15, 12/31, 2026-05-07, 8/13-8/16"),
    ])
    func friendly(_ days: [(String, String)], _ closed: [String], _ expected: String) throws {
        let (hours, problems) = Self.parse(days, closed: closed)
        #expect(problems.isEmpty, "\(problems)")
        let written = try #require(hours).friendly
        let text = written.hours.map { "\($0.key) \($0.value)" }.joined(separator: " / ")
            + (written.closed.isEmpty ? "" : " | " + written.closed.joined(separator: ", "))
        #expect(text == expected)
        // What is written reads back the same.
        let (again, _) = Self.parse(written.hours.map { ($0.key, $0.value) }, closed: written.closed)
        #expect(again == hours)
    }

    @Test("every mistake is told, with its line and how to put it right", arguments: [
        ([("月-金", "9:00-18:00"), ("水", "9:00-12:00")], [String](), [(3, "水 is given twice (also on line 2)")]),
        ([("munday", "9-18")], [], [(2, "'munday': 'munday' is not a day. Did you mean 'monday'?")]),
        ([("月-祝", "9-18")], [], [(2, "'月-祝': 祝 (public holidays) cannot be part of a range")]),
        ([("月", "22:00-6:00")], [], [(2, "月: '22:00-6:00' runs past midnight; give it as 22:00-24:00 on one day and 0:00-6:00 on the next")]),
        ([("月", "9:00-13:00,12:00-18:00")], [], [(2, "月: 9:00-13:00 and 12:00-18:00 overlap")]),
        ([("月", "9:00")], [], [(2, "月: '9:00' is not a span of hours; give the open hours as 9:00-18:00")]),
        ([("月", "9:60-18:00")], [], [(2, "月: '9:60-18:00' is not a span of hours")]),
        ([("月", "25:00-26:00")], [], [(2, "月: '25:00-26:00' is not a span of hours")]),
        ([("月", "")], [], [(2, "月: give the open hours as 9:00-18:00")]),
        ([("月", "通常")], [], [(2, "'通常' (as on its weekday) is for 祝 only")]),
        ([("月-日", "休み")], [], [(1, "'hours' never opens the desk")]),
        ([("月-金", "9-18")], ["13/1"], [(100, "closed: '13/1' is not a day or a range of days")]),
        ([("月-金", "9-18")], ["2025-12-29-1/3"], [(100, "closed: '2025-12-29-1/3' mixes a day of every year with a day of one year")]),
        ([("月-金", "9-18")], ["2025-08-15〜2025-08-13"], [(100, "closed: '2025-08-15〜2025-08-13' ends before it begins")]),
        // Collected, not stopped at the first.
        ([("月", "9"), ("火", "9:00-18:00"), ("xyz", "9-18")], [], [(2, "月: '9' is not a span of hours"), (4, "'xyz': 'xyz' is not a day.")]),
    ] as [([(String, String)], [String], [(Int, String)])])
    func mistakes(_ days: [(String, String)], _ closed: [String], _ expected: [(Int, String)]) {
        let (hours, problems) = Self.parse(days, closed: closed)
        #expect(hours == nil)
        #expect(problems.count == expected.count, "\(problems)")
        for (problem, (line, prefix)) in zip(problems, expected) {
            #expect(problem.line == line)
            #expect(problem.message.hasPrefix(prefix), "\(problem.message)")
        }
    }

    @Test("open or closed at a moment: opening minute, closing time, Saturday, Sunday, 振替休日, the new year", arguments: [
        (clinic, "2025-02-21T09:00:00+09:00", true),  // Friday, the opening minute
        (clinic, "2025-02-21T17:59:59+09:00", true),
        (clinic, "2025-02-21T18:00:00+09:00", false),  // closing time is closed
        (clinic, "2025-02-21T08:59:00+09:00", false),
        (clinic, "2025-02-22T12:59:00+09:00", true),  // Saturday morning
        (clinic, "2025-02-22T13:00:00+09:00", false),
        (clinic, "2025-02-23T10:00:00+09:00", false),  // Sunday, and 天皇誕生日
        (clinic, "2025-02-24T10:00:00+09:00", false),  // Monday, 振替休日
        (clinic, "2025-02-25T10:00:00+09:00", true),
        (clinic, "2024-12-30T10:00:00+09:00", true),  // no new-year closing unless it is configured
        (newYear, "2024-12-30T10:00:00+09:00", false),
        (newYear, "2025-01-04T10:00:00+09:00", true),  // Saturday after 1/3
        (lunch, "2025-02-21T12:30:00+09:00", false),
        (lunch, "2025-02-21T14:00:00+09:00", true),
    ])
    func open(_ hours: OpeningHours, _ moment: String, _ open: Bool) {
        #expect(hours.isOpen(Self.t(moment)) == open)
    }

    @Test("the last open minute before a closed moment, and the next opening after it", arguments: [
        // A Tuesday night after a Sunday holiday and its 振替休日: back to Saturday.
        (clinic, "2025-02-25T03:00:00+09:00", "2025-02-22T12:59:00+09:00", "2025-02-25T09:00:00+09:00"),
        // A weekday evening.
        (clinic, "2025-02-21T20:00:00+09:00", "2025-02-21T17:59:00+09:00", "2025-02-22T09:00:00+09:00"),
        // 元日 on a Wednesday, no new-year closing: New Year's Eve, then 1/2.
        (clinic, "2025-01-01T10:00:00+09:00", "2024-12-31T17:59:00+09:00", "2025-01-02T09:00:00+09:00"),
        // Closed 12/29-1/3: back to the Saturday before, on to the Saturday after.
        (newYear, "2025-01-02T03:00:00+09:00", "2024-12-28T12:59:00+09:00", "2025-01-04T09:00:00+09:00"),
        // A lunch break.
        (lunch, "2025-02-21T13:00:00+09:00", "2025-02-21T12:29:00+09:00", "2025-02-21T14:00:00+09:00"),
    ])
    func searches(_ hours: OpeningHours, _ moment: String, _ last: String, _ next: String) {
        #expect(hours.lastOpenMinute(before: Self.t(moment)) == Self.t(last))
        #expect(hours.nextOpening(after: Self.t(moment)) == Self.t(next))
    }

    @Test("a desk open round the clock has no opening to announce; 0:00 after 24:00 is none")
    func roundTheClock() {
        let always = Self.hours([("月-日", "0:00-24:00"), ("祝", "通常")])
        #expect(always.nextOpening(after: Self.t("2025-02-21T03:00:00+09:00")) == nil)
        let late = Self.hours([("月", "18:00-24:00"), ("火-金", "0:00-2:00,18:00-24:00"), ("土", "0:00-2:00")])
        #expect(late.isOpen(Self.t("2025-02-19T01:00:00+09:00")))
        #expect(late.nextOpening(after: Self.t("2025-02-19T03:00:00+09:00")) == Self.t("2025-02-19T18:00:00+09:00"))
        #expect(late.lastOpenMinute(before: Self.t("2025-02-19T03:00:00+09:00")) == Self.t("2025-02-19T01:59:00+09:00"))
    }
}
