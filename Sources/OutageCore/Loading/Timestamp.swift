import Foundation
import Civil

/// Strict parsing of the dates and times administrators type.
enum Timestamp {
    enum Problem: Error, Equatable {
        case format
        case noOffset
        case impossibleDate(year: Int, month: Int, day: Int)
        case impossibleTime
        case badOffset
        case unsupportedYear(Int)
    }

    /// `2024-12-31T03:00:00+09:00`: date, `T` or a space, hours and minutes, optional seconds,
    /// then `Z` or an offset `±HH:MM`. An offset is required: without one the instant is unknown.
    static func parseDateTime(_ text: String) -> Result<Date, Problem> {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2)
        else { return .failure(.format) }
        var second = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            index += 1
            guard let s = number(2) else { return .failure(.format) }
            second = s
        }
        let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard CivilTime.supportedYears.contains(year) else { return .failure(.unsupportedYear(year)) }
        guard CivilTime(year: year, month: month, day: day).isValid else {
            return .failure(.impossibleDate(year: year, month: month, day: day))
        }
        guard civil.isValid else { return .failure(.impossibleTime) }
        guard index < bytes.count else { return .failure(.noOffset) }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let h = number(2) else { return .failure(.badOffset) }
            _ = expect(":")
            guard let m = number(2), h <= 14, m < 60 else { return .failure(.badOffset) }
            offset = sign * (h * 3600 + m * 60)
        } else {
            return .failure(.format)
        }
        guard index == bytes.count else { return .failure(.format) }
        return .success(civil.instant(offsetSeconds: offset))
    }

    /// `2024-12-24`.
    static func parseDate(_ text: String) -> Result<CivilDate, Problem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return .failure(.format) }
        guard CivilTime.supportedYears.contains(year) else { return .failure(.unsupportedYear(year)) }
        guard CivilTime(year: year, month: month, day: day).isValid else {
            return .failure(.impossibleDate(year: year, month: month, day: day))
        }
        return .success(CivilDate(year: year, month: month, day: day))
    }

    /// What to tell the user about `problem` in `text`.
    static func explain(_ problem: Problem, _ text: String, wantsTime: Bool) -> (String, String) {
        let example = wantsTime ? "2024-12-31T03:00:00+09:00" : "2024-12-24"
        switch problem {
        case .format:
            return ("'\(text)' is not a \(wantsTime ? "date and time" : "date")",
                    "write it as \(example)")
        case .noOffset:
            return ("'\(text)' has no UTC offset, so the instant is unknown",
                    "add +09:00 for Japan time, e.g. \(example)")
        case .impossibleDate(let year, let month, let day):
            let days = (1...12).contains(month) ? CivilTime.daysIn(month: month, year: year) : 0
            let why = days > 0 ? "\(year)年\(month)月 has \(days) days" : "there are 12 months"
            return ("\(year)-\(month)-\(day) does not exist (\(why))", "check the date against the notice")
        case .impossibleTime:
            return ("'\(text)' has an impossible time of day",
                    "hours run 00–23, minutes and seconds 00–59; write midnight at the end of a day as the next day's 00:00")
        case .unsupportedYear(let year):
            let years = CivilTime.supportedYears
            return ("the year \(year) is outside the years calendars can hold (\(years.lowerBound)–\(years.upperBound))",
                    "check the year against the notice, e.g. \(example)")
        case .badOffset:
            return ("'\(text)' has a malformed UTC offset", "write the offset as +09:00")
        }
    }
}

extension CivilDate {
    /// `2024-12-24` as typed in a YAML file or on the command line; nil for anything else,
    /// including a day that does not exist.
    public init?(_ text: String) {
        guard case .success(let date) = Timestamp.parseDate(text) else { return nil }
        self = date
    }
}
