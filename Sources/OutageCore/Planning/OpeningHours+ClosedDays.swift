import Civil
import Foundation

/// `closed:` of notify.yaml: days of every year (12/29-1/3) or of one year (2025-08-13).
extension OpeningHours {
    /// `12/29-1/3`, `8/13`, `12月29日〜1月3日`, `2025-08-13`, `2025-08-13〜2025-08-15`.
    static func closedDay(_ text: String) -> Result<ClosedDays, Mistake> {
        let example = "is not a day or a range of days; write 12/29-1/3 for every year, or 2025-08-13 (2025-08-13〜2025-08-15) for one year"
        var scanner = DateScanner(text)
        guard let first = scanner.date() else { return .failure(Mistake(example)) }
        var last = first
        if scanner.range() {
            guard let end = scanner.date() else { return .failure(Mistake(example)) }
            last = end
        }
        guard scanner.atEnd else { return .failure(Mistake(example)) }
        switch (first, last) {
        case (.yearly(let m1, let d1), .yearly(let m2, let d2)):
            return .success(.yearly(fromMonth: m1, fromDay: d1, toMonth: m2, toDay: d2))
        case (.once(let from), .once(let through)):
            guard from <= through else { return .failure(Mistake("ends before it begins; give the earlier day first")) }
            return .success(.dates(from: from, through: through))
        default:
            return .failure(Mistake("mixes a day of every year with a day of one year; give both ends the same way (12/29-1/3, or 2025-12-29〜2026-01-03)"))
        }
    }

    /// Reads dates off the front of a text: M/D, M月D日, YYYY-MM-DD or YYYY/MM/DD.
    struct DateScanner {
        enum Day {
            case yearly(Int, Int)
            case once(CivilDate)
        }

        let characters: [Character]
        var position = 0
        init(_ text: String) { characters = Array(text.filter { $0 != " " }) }

        var atEnd: Bool { position == characters.count }

        mutating func number() -> (value: Int, digits: Int)? {
            let start = position
            while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
            guard position > start else { return nil }
            return (Int(String(characters[start..<position]))!, position - start)
        }

        mutating func take(_ options: String) -> Character? {
            guard position < characters.count, options.contains(characters[position]) else { return nil }
            position += 1
            return characters[position - 1]
        }

        mutating func date() -> Day? {
            let start = position
            guard let first = number() else { return nil }
            if first.digits == 4, let separator = take("-/"), let month = number(), take(String(separator)) != nil, let day = number() {
                let date = CivilDate(year: first.value, month: month.value, day: day.value)
                guard (1...12).contains(month.value), (1...CivilTime.daysIn(month: month.value, year: first.value)).contains(day.value) else { return nil }
                return .once(date)
            }
            position = start + (first.digits <= 2 ? first.digits : 0)
            guard first.digits <= 2, let separator = take("/月"), let day = number(), day.digits <= 2 else { return nil }
            if separator == "月" { guard take("日") != nil else { return nil } }
            guard (1...12).contains(first.value), (1...CivilTime.daysIn(month: first.value, year: 2024)).contains(day.value) else { return nil }
            return .yearly(first.value, day.value)
        }

        /// A range mark: -, 〜, ~, –, から.
        mutating func range() -> Bool {
            if take("-〜~–—－") != nil { return true }
            if position + 1 < characters.count, characters[position] == "か", characters[position + 1] == "ら" {
                position += 2
                return true
            }
            return false
        }
    }
}
