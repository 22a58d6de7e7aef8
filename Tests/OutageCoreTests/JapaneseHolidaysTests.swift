import Foundation
import Testing

@testable import OutageCore

/// The holidays computed offline against the Cabinet Office's list (Holidays/, whose header says
/// where each year comes from).
@Suite("Japanese public holidays")
struct JapaneseHolidaysTests {
    /// The fixture: year → date → name, as the Cabinet Office writes it.
    static let listed: [Int: [CivilDate: String]] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Holidays/syukujitsu-1980-2030.csv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var years: [Int: [CivilDate: String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: ",")
            let parts = fields[0].split(separator: "/").compactMap { Int($0) }
            years[parts[0], default: [:]][CivilDate(year: parts[0], month: parts[1], day: parts[2])] = String(fields[1])
        }
        return years
    }()

    /// Our name as the Cabinet Office writes it: 休日 for both kinds of 休日, and its spellings of 2019.
    static func listedName(_ name: String, on day: CivilDate) -> String {
        switch name {
        case "振替休日", "国民の休日": "休日"
        case "天皇の即位の日": "休日（祝日扱い）"
        case "即位礼正殿の儀" where day.year == 2019: "休日（祝日扱い）"
        case "体育の日" where day.year == 2019: "体育の日（スポーツの日）"
        default: name
        }
    }

    @Test("each year from 1980 to 2030 is the Cabinet Office's list, day by day", arguments: 1980...2030)
    func year(_ year: Int) throws {
        let expected = try #require(Self.listed[year])
        var computed: [CivilDate: String] = [:]
        var day = CivilDate(year: year, month: 1, day: 1)
        while day.year == year {
            if let name = JapaneseHolidays.name(on: day) { computed[day] = Self.listedName(name, on: day) }
            day = day.next
        }
        for (date, name) in expected where computed[date] != name {
            Issue.record("\(date): expected \(name), computed \(computed[date] ?? "an ordinary day")")
        }
        for (date, name) in computed where expected[date] == nil {
            Issue.record("\(date): computed \(name), but it is an ordinary day")
        }
    }

    @Test("the days people ask about", arguments: [
        ("2025-02-24", "振替休日"),  // 天皇誕生日 on a Sunday
        ("2008-05-06", "振替休日"),  // みどりの日 on a Sunday: pushed past こどもの日
        ("2026-09-22", "国民の休日"),  // between 敬老の日 and 秋分の日
        ("2019-05-01", "天皇の即位の日"),
        ("2019-04-30", "国民の休日"),
        ("2020-07-24", "スポーツの日"),  // the Olympic year
        ("2021-08-09", "振替休日"),  // 山の日 moved to Sunday 8/8
        ("2021-10-11", nil),  // no スポーツの日 in October 2021
        ("2025-01-01", "元日"),
        ("2024-12-31", nil),
        ("2099-03-20", "春分の日"),
        ("1979-01-01", nil),  // before the years the rules are checked for: nothing is claimed
        ("2100-01-01", nil),
    ] as [(String, String?)])
    func days(_ text: String, _ name: String?) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        #expect(JapaneseHolidays.name(on: CivilDate(year: parts[0], month: parts[1], day: parts[2])) == name)
    }
}
