import Foundation
import Civil

/// Japan Standard Time, the only zone times are shown in to people.
public enum JST {
    /// UTC+9, no daylight saving since 1951.
    public static let offsetSeconds = 9 * 3600

    public static func civil(_ instant: Date) -> CivilTime {
        CivilTime(instant, offsetSeconds: offsetSeconds)
    }

    /// 00:00 JST at the start of `day`.
    public static func midnight(_ day: CivilDate) -> Date {
        CivilTime(year: day.year, month: day.month, day: day.day).instant(offsetSeconds: offsetSeconds)
    }

    /// The JST calendar date of an instant.
    public static func day(_ instant: Date) -> CivilDate {
        let c = civil(instant)
        return CivilDate(year: c.year, month: c.month, day: c.day)
    }

    static let weekdays = ["日", "月", "火", "水", "木", "金", "土"]

    /// 2024年12月31日(火)
    public static func date(_ instant: Date) -> String {
        let c = civil(instant)
        return "\(c.year)年\(c.month)月\(c.day)日(\(weekdays[c.weekday]))"
    }

    /// 3:00, 13:30
    public static func time(_ instant: Date) -> String {
        let c = civil(instant)
        return "\(c.hour):" + (c.minute < 10 ? "0\(c.minute)" : "\(c.minute)")
    }

    /// 12/31 3:00
    public static func short(_ instant: Date) -> String {
        let c = civil(instant)
        return "\(c.month)/\(c.day) " + time(instant)
    }

    /// 2024-12-31T03:00:00+09:00: ISO 8601 with the JST offset, as notice files and JSON write instants.
    public static func iso(_ instant: Date) -> String {
        let c = civil(instant)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(c.year, 4))-\(padded(c.month, 2))-\(padded(c.day, 2))T\(padded(c.hour, 2)):\(padded(c.minute, 2)):\(padded(c.second, 2))+09:00"
    }

    /// 2024年12月31日(火) 3:00〜5:20, or with both dates when the range crosses midnight.
    public static func range(_ start: Date, _ end: Date) -> String {
        let s = civil(start)
        let e = civil(end)
        if (s.year, s.month, s.day) == (e.year, e.month, e.day) {
            return "\(date(start)) \(time(start))〜\(time(end))"
        }
        return "\(date(start)) \(time(start))〜\(date(end)) \(time(end))"
    }
}
