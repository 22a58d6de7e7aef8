import Foundation
import ICal

/// A date as a notice writes it: 令和6年12月31日(火), 2024年12月31日, 12月31日.
struct WrittenDate: Hashable {
    var year: Int?
    var month: Int?
    var day: Int
    var weekday: String?
    /// Where it stands in the joined text.
    var range: Range<String.Index>
    var text: String
}

/// A time of day as a notice writes it: 3:00, 3時, 3時30分, 午後3時, 3:00 PM, 24:00, 翌3時.
struct WrittenTime: Hashable {
    var hour: Int
    var minute: Int
    var nextDay: Bool
    var range: Range<String.Index>
}

/// Finds dates and times in Japanese text.
enum JapaneseDates {
    static let eras: [(name: String, firstYear: Int)] = [("令和", 2019), ("平成", 1989)]
    static let weekdays = ["日", "月", "火", "水", "木", "金", "土"]

    static let datePattern = try! NSRegularExpression(
        pattern: #"(?:(令和|平成)(元|\d{1,2})年|(\d{4})年)?(?:(\d{1,2})月)(\d{1,2})日(?:\s*\(\s*([日月火水木金土])(?:曜日?)?\s*\))?"#)
    static let isoDatePattern = try! NSRegularExpression(pattern: #"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:\s*\(\s*([日月火水木金土])(?:曜日?)?\s*\))?"#)
    static let timePattern = try! NSRegularExpression(
        pattern: #"(午前|午後|AM|PM|am|pm)?\s*(翌日?)?\s*(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分|(半))?)(?:\s*(AM|PM|am|pm))?"#)

    static func dates(in text: String) -> [WrittenDate] {
        let ns = text as NSString
        var found: [WrittenDate] = []
        for match in datePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            func group(_ i: Int) -> String? {
                let r = match.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
            var year: Int?
            if let era = group(1), let number = group(2), let first = eras.first(where: { $0.name == era })?.firstYear {
                guard number == "元" || Int(number) != nil else { continue }
                year = first + (number == "元" ? 0 : (Int(number) ?? 1) - 1)
            } else if let western = group(3) {
                year = Int(western)
            }
            guard let range = Range(match.range, in: text), let day = group(5).flatMap(Int.init) else { continue }
            found.append(WrittenDate(year: year, month: group(4).flatMap(Int.init), day: day, weekday: group(6), range: range, text: String(text[range])))
        }
        for match in isoDatePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            guard let range = Range(match.range, in: text), !found.contains(where: { $0.range.overlaps(range) }) else { continue }
            let parts = (1...4).map { match.range(at: $0).location == NSNotFound ? nil : ns.substring(with: match.range(at: $0)) }
            guard let year = parts[0].flatMap(Int.init), let month = parts[1].flatMap(Int.init), let day = parts[2].flatMap(Int.init) else { continue }
            found.append(WrittenDate(year: year, month: month, day: day, weekday: parts[3], range: range, text: String(text[range])))
        }
        // Only dates that exist: a letter head read as 2024年24月26日 is no date at all (found by
        // fuzzing: the draft would not load back).
        return found.filter { date in
            guard let month = date.month else { return (1...31).contains(date.day) }
            return CivilTime(year: date.year ?? 2024, month: month, day: date.day).isValid
        }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static func times(in text: String) -> [WrittenTime] {
        let ns = text as NSString
        var found: [WrittenTime] = []
        for match in timePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            func group(_ i: Int) -> String? {
                let r = match.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
            guard let range = Range(match.range, in: text), var hour = group(3).flatMap(Int.init) else { continue }
            // "3時" must be a time, not the 3 of "第3時限" — require a colon, 時, or a range nearby.
            var minute = group(4).flatMap(Int.init) ?? group(5).flatMap(Int.init) ?? (group(6) != nil ? 30 : 0)
            let meridiem = (group(1) ?? group(7))?.uppercased()
            if meridiem == "午後" || meridiem == "PM" { if hour < 12 { hour += 12 } }
            if (meridiem == "午前" || meridiem == "AM") && hour == 12 { hour = 0 }
            var nextDay = group(2) != nil
            if hour == 24 && minute == 0 {
                hour = 0
                nextDay = true
            }
            guard hour < 24, minute < 60 else { continue }
            if minute < 0 { minute = 0 }
            found.append(WrittenTime(hour: hour, minute: minute, nextDay: nextDay, range: range))
        }
        return found
    }

    /// The weekday 日…土 of a civil date.
    static func weekday(year: Int, month: Int, day: Int) -> String {
        weekdays[CivilTime(year: year, month: month, day: day).weekday]
    }
}
