import Civil
import Foundation

/// Japan's public holidays, computed offline by the rules of the 国民の祝日に関する法律: fixed days,
/// Happy Monday days, 春分 and 秋分 by the standard formula, 振替休日 (a holiday on a Sunday moves
/// to the next day that is not one; from 1973-04-12, and as it reads since 2007), 国民の休日 (a day
/// between two holidays; from 1985-12-27), the days of the special laws (1989 大喪の礼, 1990 即位礼,
/// 1993 結婚の儀, 2019 即位の日 and 即位礼正殿の儀) and the Olympic moves of 2020 and 2021.
///
/// Checked day by day against the Cabinet Office's list (syukujitsu.csv) for 1980–2027 and
/// against the jpholiday package for 2028–2030 (Tests/OutageCoreTests/Holidays). A holiday the
/// Diet adds later is not known until this file says so.
public enum JapaneseHolidays {
    /// The years the rules here hold for: the equinox formula is valid for 1980–2099. Outside
    /// them no day is a holiday.
    public static let years = 1980...2099

    /// The holiday's name (元日, 振替休日, 国民の休日 …), or nil for an ordinary day.
    public static func name(on day: CivilDate) -> String? {
        guard years.contains(day.year) else { return nil }
        if let name = national(day) { return name }
        if isSubstitute(day) { return "振替休日" }
        if isBetweenHolidays(day) { return "国民の休日" }
        return nil
    }

    /// A 国民の祝日 (or a day a special law made one): not the 休日 the law derives from them.
    static func national(_ date: CivilDate) -> String? {
        let (y, m, d) = (date.year, date.month, date.day)
        let weekday = date.weekday
        /// The `n`th Monday of this month.
        func isMonday(_ n: Int) -> Bool { weekday == 1 && (d - 1) / 7 == n - 1 }
        switch (m, d) {
        case (1, 1): return "元日"
        case (1, _) where y < 2000 ? d == 15 : isMonday(2): return "成人の日"
        case (2, 11) where y >= 1967: return "建国記念の日"
        case (2, 23) where y >= 2020: return "天皇誕生日"
        case (2, 24) where y == 1989: return "大喪の礼"
        case (3, _) where d == vernalEquinox(y): return "春分の日"
        case (4, 29): return y < 1989 ? "天皇誕生日" : y < 2007 ? "みどりの日" : "昭和の日"
        case (5, 1) where y == 2019: return "天皇の即位の日"
        case (5, 3): return "憲法記念日"
        case (5, 4) where y >= 2007: return "みどりの日"
        case (5, 5): return "こどもの日"
        case (6, 9) where y == 1993: return "結婚の儀"
        case (7, _) where marineDay(y).map { $0 == d } ?? isMonday(3): return "海の日"
        case (7, _) where y == 2020 && d == 24 || y == 2021 && d == 23: return "スポーツの日"
        case (8, _) where y >= 2016 && d == (y == 2020 ? 10 : y == 2021 ? 8 : 11): return "山の日"
        case (9, _) where y < 2003 ? d == 15 : isMonday(3): return "敬老の日"
        case (9, _) where d == autumnalEquinox(y): return "秋分の日"
        case (10, _) where y < 2000 ? d == 10 : (y != 2020 && y != 2021 && isMonday(2)): return y < 2020 ? "体育の日" : "スポーツの日"
        case (10, 22) where y == 2019: return "即位礼正殿の儀"
        case (11, 3): return "文化の日"
        case (11, 12) where y == 1990: return "即位礼正殿の儀"
        case (11, 23): return "勤労感謝の日"
        case (12, 23) where (1989...2018).contains(y): return "天皇誕生日"
        default: return nil
        }
    }

    /// 海の日 on a fixed day: 7/20 until the Happy Monday law of 2003, the Olympic years' days;
    /// nil where it is the third Monday (and before it was a holiday, 0: never).
    private static func marineDay(_ year: Int) -> Int? {
        switch year {
        case ..<1996: 0
        case 1996...2002: 20
        case 2020: 23
        case 2021: 22
        default: nil
        }
    }

    /// 春分日: ⌊20.8431 + 0.242194 (Y − 1980) − ⌊(Y − 1980) / 4⌋⌋, valid 1980–2099.
    static func vernalEquinox(_ year: Int) -> Int {
        Int(20.8431 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }

    /// 秋分日: ⌊23.2488 + 0.242194 (Y − 1980) − ⌊(Y − 1980) / 4⌋⌋, valid 1980–2099.
    static func autumnalEquinox(_ year: Int) -> Int {
        Int(23.2488 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }

    /// 振替休日: since 2007 the first day after a Sunday holiday that is not a holiday itself (a
    /// run of holidays pushes it on); from 1973-04-12 to 2006, the Monday after a Sunday holiday.
    static func isSubstitute(_ day: CivilDate) -> Bool {
        guard national(day) == nil, day >= CivilDate(year: 1973, month: 4, day: 12) else { return false }
        if day.year < 2007 {
            let sunday = day.adding(days: -1)
            return day.weekday == 1 && national(sunday) != nil
        }
        var earlier = day.adding(days: -1)
        while national(earlier) != nil {
            if earlier.weekday == 0 { return true }
            earlier = earlier.adding(days: -1)
        }
        return false
    }

    /// 国民の休日: a day that is not a holiday between two 国民の祝日; until 2006 never a Sunday
    /// or a 振替休日.
    static func isBetweenHolidays(_ day: CivilDate) -> Bool {
        guard national(day) == nil, day >= CivilDate(year: 1985, month: 12, day: 27),
              national(day.adding(days: -1)) != nil, national(day.adding(days: 1)) != nil
        else { return false }
        return day.year >= 2007 || (day.weekday != 0 && !isSubstitute(day))
    }
}

extension CivilDate {
    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { CivilTime(year: year, month: month, day: day).weekday }

    /// The date `days` later (earlier when negative), across months and years.
    public func adding(days: Int) -> CivilDate {
        let noon = CivilTime(year: year, month: month, day: day, hour: 12).instant(offsetSeconds: 0)
        let moved = CivilTime(noon.addingTimeInterval(Double(days) * 86_400), offsetSeconds: 0)
        return CivilDate(year: moved.year, month: moved.month, day: moved.day)
    }
}
