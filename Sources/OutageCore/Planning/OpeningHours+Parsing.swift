import Civil
import Foundation

/// The friendly form of notify.yaml:
///
/// ```yaml
/// hours: {月-金: "9:00-18:00", 土: "9:00-13:00", 日: 休み, 祝: 休み}   # or mon-fri …, 9:00-12:30,14:00-18:00
/// closed: [12/29-1/3, 2025-08-13〜2025-08-15]
/// ```
///
/// Days not named are closed; public holidays are closed unless 祝 gives hours (or 通常: as on
/// their weekday). Every problem is collected, each with its line and how to fix it.
extension OpeningHours {
    /// One `key: value` (or one item of `closed:`) as the file has it, with its line.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: String
        public var line: Int

        public init(key: String = "", value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// What is wrong at one line, and how to put it right.
    public struct Problem: Hashable, Sendable {
        public var line: Int
        public var message: String
    }

    /// Reads `hours:` (one entry per key) and `closed:` (one entry per item); `line` is where
    /// `hours:` stands. Nil with the problems when anything is wrong.
    public static func parse(hours: [Entry], closed: [Entry], line: Int) -> (OpeningHours?, [Problem]) {
        var problems: [Problem] = []
        var week: [[Span]?] = Array(repeating: nil, count: 7)
        var givenOn: [Int: Int] = [:]  // weekday or 7 (祝) → line
        var holidays = HolidayHours.closed
        for entry in hours {
            let days: DayKey
            switch dayKey(entry.key) {
            case .success(let key): days = key
            case .failure(let mistake):
                problems.append(Problem(line: entry.line, message: mistake.message))
                continue
            }
            for day in days.weekdays + (days.holidays ? [7] : []) {
                if let earlier = givenOn[day] {
                    problems.append(Problem(line: entry.line, message: "\(dayNames[day]) is given twice (also on line \(earlier)); give each day once"))
                }
                givenOn[day] = entry.line
            }
            let value = normalised(entry.value)
            if closedWords.contains(value) {
                for day in days.weekdays { week[day] = [] }
                if days.holidays { holidays = .closed }
                continue
            }
            if asWeekdayWords.contains(value) {
                guard days.holidays && days.weekdays.isEmpty else {
                    problems.append(Problem(line: entry.line, message: "'\(entry.value)' (as on its weekday) is for 祝 only; give \(entry.key) hours such as 9:00-18:00, or 休み"))
                    continue
                }
                holidays = .asWeekday
                continue
            }
            switch spans(value) {
            case .success(let spans):
                for day in days.weekdays { week[day] = spans }
                if days.holidays { holidays = .open(spans) }
            case .failure(let mistake):
                problems.append(Problem(line: entry.line, message: "\(entry.key): \(mistake.message)"))
            }
        }
        var closedDays: [ClosedDays] = []
        for entry in closed {
            switch closedDay(normalised(entry.value)) {
            case .success(let days): closedDays.append(days)
            case .failure(let mistake): problems.append(Problem(line: entry.line, message: "closed: '\(entry.value)' \(mistake.message)"))
            }
        }
        let result = OpeningHours(week: week.map { $0 ?? [] }, holidays: holidays, closed: closedDays)
        if problems.isEmpty && result.week.allSatisfy(\.isEmpty) {
            problems.append(Problem(line: line, message: "'hours' never opens the desk; give the open hours of at least one day, such as 月-金: \"9:00-18:00\""))
        }
        return problems.isEmpty ? (result, []) : (nil, problems)
    }

    /// What is wrong with one value, without its line.
    struct Mistake: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    // MARK: Days

    static let dayNames = ["日", "月", "火", "水", "木", "金", "土", "祝"]
    /// Every word a day may be given as, lower-cased; 7 is 祝.
    static let dayWords: [String: Int] = [
        "日": 0, "月": 1, "火": 2, "水": 3, "木": 4, "金": 5, "土": 6, "祝": 7, "祝日": 7,
        "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "hol": 7,
        "sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "holiday": 7, "holidays": 7,
    ]
    static let closedWords: Set<String> = ["closed", "close", "off", "休み", "休", "休診", "休診日", "休業", "定休", "定休日", "なし", "-"]
    static let asWeekdayWords: Set<String> = ["通常", "normal", "weekday", "as weekday"]

    struct DayKey {
        var weekdays: [Int]
        var holidays: Bool
    }

    /// `月-金`, `mon-fri`, `土・日`, `月水金`, `平日`, `祝`: the weekdays named (a range runs 月 to 日
    /// and may wrap) and whether public holidays are.
    static func dayKey(_ key: String) -> Result<DayKey, Mistake> {
        let text = normalised(key)
        if text.first?.isNumber == true {
            // {月-金: 9:00-12:30,14:00-18:00} on one line: YAML took the comma for the next key.
            return .failure(Mistake("'\(key)' is hours, not a day: on one line in { }, put hours that hold a comma in quotes, such as 月-金: \"9:00-12:30,14:00-18:00\""))
        }
        var tokens: [String] = []  // day words, "-" for a range
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter && character.isASCII {
                let end = text[index...].firstIndex { !($0.isLetter && $0.isASCII) } ?? text.endIndex
                tokens.append(String(text[index..<end]))
                index = end
                continue
            }
            let rest = text[index...]
            if let word = ["平日", "祝日", "曜日", "から"].first(where: { rest.hasPrefix($0) }) {
                if word == "から" { tokens.append("-") } else if word != "曜日" { tokens.append(word) }
                index = text.index(index, offsetBy: 2)
                continue
            }
            switch character {
            case "-", "〜", "~", "–", "—", "－": tokens.append("-")
            case ",", "、", "・", "/", " ", "と": break
            case "曜": break
            default: tokens.append(String(character))
            }
            index = text.index(after: index)
        }
        let known = "Days: 月 火 水 木 金 土 日 祝 (or mon … sun, hol), a range such as 月-金, or 平日"
        var weekdays: [Int] = []
        var holidays = false
        var position = 0
        /// 月 = 0 … 日 = 6: the order a range runs in.
        func order(_ day: Int) -> Int { (day + 6) % 7 }
        while position < tokens.count {
            let token = tokens[position]
            if token == "平日" {
                weekdays += 1...5
                position += 1
                continue
            }
            guard token != "-" else { return .failure(Mistake("'\(key)' has a range with no first day. \(known)")) }
            guard let day = dayWords[token] else {
                let near = dayWords.keys.filter { $0.count > 1 && $0.allSatisfy(\.isASCII) }.min { (EditDistance.between($0, token), $0) < (EditDistance.between($1, token), $1) }
                let hint = near.map { EditDistance.between($0, token) <= 2 && token.allSatisfy(\.isASCII) ? " Did you mean '\($0)'?" : "" } ?? ""
                return .failure(Mistake("'\(key)': '\(token)' is not a day.\(hint) \(known)"))
            }
            if position + 1 < tokens.count && tokens[position + 1] == "-" {
                guard position + 2 < tokens.count, let last = dayWords[tokens[position + 2]] else {
                    return .failure(Mistake("'\(key)' has a range with no last day. \(known)"))
                }
                guard day != 7 && last != 7 else {
                    return .failure(Mistake("'\(key)': 祝 (public holidays) cannot be part of a range; give it as a key of its own, such as 祝: 休み"))
                }
                var current = order(day)
                while true {
                    weekdays.append((current + 1) % 7)
                    if current == order(last) { break }
                    current = (current + 1) % 7
                }
                position += 3
                continue
            }
            if day == 7 { holidays = true } else { weekdays.append(day) }
            position += 1
        }
        guard !weekdays.isEmpty || holidays else { return .failure(Mistake("'\(key)' names no day. \(known)")) }
        return .success(DayKey(weekdays: weekdays, holidays: holidays))
    }

    // MARK: Hours

    /// `9:00-18:00`, `9:00-12:30,14:00-18:00`, `9時〜18時`: sorted, touching spans joined.
    static func spans(_ text: String) -> Result<[Span], Mistake> {
        let example = "give the open hours as 9:00-18:00 (or 9:00-12:30,14:00-18:00 with a break), or 休み when closed"
        let parts = text.split(whereSeparator: { [",", "、", " ", "/", "，"].contains($0) })
        guard !parts.isEmpty else { return .failure(Mistake(example)) }
        var spans: [Span] = []
        for part in parts {
            var part = String(part)
            if part.hasSuffix("まで") { part.removeLast(2) }
            let pieces = part.replacingOccurrences(of: "から", with: "-").split(whereSeparator: { "-〜~–—－".contains($0) }).map(String.init)
            guard pieces.count == 2, let start = minutes(pieces[0]), let end = minutes(pieces[1]) else {
                return .failure(Mistake("'\(part)' is not a span of hours; \(example)"))
            }
            guard start < 1440 else { return .failure(Mistake("'\(part)' opens at 24:00, which is the next day's 0:00")) }
            if end < start {
                return .failure(Mistake("'\(part)' runs past midnight; give it as \(time(start))-24:00 on one day and 0:00-\(time(end)) on the next"))
            }
            guard end > start else { return .failure(Mistake("'\(part)' is empty: it closes when it opens")) }
            spans.append(Span(start: start, end: end))
        }
        spans.sort()
        var joined: [Span] = []
        for span in spans {
            if let last = joined.last, span.start <= last.end {
                guard span.start == last.end else {
                    return .failure(Mistake("\(time(last.start))-\(time(last.end)) and \(time(span.start))-\(time(span.end)) overlap; give each open span once"))
                }
                joined[joined.count - 1].end = max(last.end, span.end)
            } else {
                joined.append(span)
            }
        }
        return .success(joined)
    }

    /// `9`, `9:30`, `09:30`, `9時`, `9時30分`, `9時半`, `24:00` → minutes after midnight.
    static func minutes(_ text: String) -> Int? {
        var text = text
        var half = false
        if text.hasSuffix("時半") {
            text.removeLast()
            half = true
        }
        if text.hasSuffix("分") { text.removeLast() }
        let pieces = text.split(separator: text.contains(":") ? ":" : "時", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(pieces.count), pieces.allSatisfy({ $0.isEmpty || $0.allSatisfy(\.isASCII) }),
              let hour = Int(pieces[0]), (0...24).contains(hour), pieces[0].count <= 2
        else { return nil }
        var minute = half ? 30 : 0
        if pieces.count == 2 && !pieces[1].isEmpty {
            guard let value = Int(pieces[1]), (0...59).contains(value), pieces[1].count == 2 || !text.contains(":"), !half else { return nil }
            minute = value
        }
        let total = hour * 60 + minute
        return total <= 1440 ? total : nil
    }

    /// 9:00, 24:00
    static func time(_ minutes: Int) -> String {
        "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
    }

    // MARK: Text

    /// NFKC (full-width digits and colons), lower case, trimmed.
    static func normalised(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased().trimmingCharacters(in: .whitespaces)
    }
}
