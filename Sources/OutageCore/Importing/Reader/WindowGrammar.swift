import Foundation
import Civil

/// A window the grammar found, with where it stands, before it becomes a model ``Window``.
struct FoundWindow {
    var timing: WindowTiming
    var kind: WindowKind
    var tentative: Bool
    var backup: Bool
    var scope: [ScopeItem]
    /// The offsets of the text it was read from.
    var source: Range<Int>
    var line: Int
    var words: String
    /// The heading's own name for this kind of window (長時間の通信断), when one names it.
    var wording: String?
}

/// Builds windows from tokens wherever they stand: a heading block, a table row, a bullet, a
/// sentence. A window is a date and time, a separator, and an end; or dates with 終日; or a
/// start with an end that is not known. What qualifies it (予定, 予備日, the kind, the area) is
/// read from its own line and the headings above it. Dates that are not windows are reported.
struct WindowGrammar {
    let text: ReaderText
    let tokens: [Token]
    let regions: RegionMap
    /// The year to assume when the text gives none at all (the importer's today).
    let referenceYear: Int

    struct Result {
        var windows: [FoundWindow] = []
        var notUsed: [String] = []
        var warnings: [String] = []
    }

    /// The resolved calendar date of each date token (by token index).
    private(set) var dates: [Int: CivilDate] = [:]
    /// For each line, the indices of its tokens (tokens are in text order, so a contiguous range).
    private let byLine: [Range<Int>]
    private var warnings: [String] = []

    init(text: ReaderText, tokens: [Token], regions: RegionMap, referenceYear: Int) {
        self.text = text
        self.tokens = tokens
        self.regions = regions
        self.referenceYear = referenceYear
        var byLine = Array(repeating: 0..<0, count: text.lines.count)
        var index = 0
        for (line, range) in text.lines.enumerated() {
            while index < tokens.count, tokens[index].range.lowerBound < range.lowerBound { index += 1 }
            let first = index
            while index < tokens.count, tokens[index].range.lowerBound <= range.upperBound { index += 1 }
            byLine[line] = first..<index
        }
        self.byLine = byLine
        resolveDates()
    }

    // MARK: Dates in context

    /// Years, months and days the text leaves out come from the date before (rolling over at
    /// the new year), the weekday, or the first year the text gives anywhere.
    private mutating func resolveDates() {
        // The year the text is about: the first it writes, else the first a weekday pins down.
        let firstYear = tokens.lazy.compactMap { token -> Int? in
            if case .date(let d) = token.kind { return d.year }
            return nil
        }.first ?? Self.yearFromWeekdays(tokens, near: referenceYear)
        var context: CivilDate?
        for (index, token) in tokens.enumerated() {
            guard case .date(let written) = token.kind else { continue }
            let weekday = index + 1 < tokens.count ? tokens[index + 1].weekdayValue : nil
            var resolved: CivilDate?
            if let days = written.relativeDays {
                resolved = context.map { Self.add(days, to: $0) }
            } else if let day = written.day {
                if written.followingDay || (written.month == nil && written.year == nil) {
                    guard let context else { continue }
                    var month = context.month, year = context.year
                    if day < context.day || (written.followingDay && day == context.day) {
                        month += 1
                        if month > 12 { month = 1; year += 1 }
                    }
                    resolved = CivilDate(year: year, month: month, day: day)
                } else if let month = written.month {
                    var year = written.year
                    if year == nil, let context {
                        year = context.year + (context.month - month >= 6 ? 1 : 0)
                    }
                    if year == nil, let weekday {
                        year = Self.year(month: month, day: day, weekday: weekday, near: firstYear ?? referenceYear)
                    }
                    if year == nil {
                        year = firstYear ?? referenceYear
                        warnings.append("'\(text.text(token.range))' has no year; read as \(year!), check it")
                    }
                    resolved = CivilDate(year: year!, month: month, day: day)
                }
            }
            guard let date = resolved, CivilTime(year: date.year, month: date.month, day: date.day).isValid,
                CivilTime.supportedYears.contains(date.year)
            else { continue }
            if let weekday, CivilTime(year: date.year, month: date.month, day: date.day).weekday != weekday {
                let actual = Tokenizer.weekdayNames[CivilTime(year: date.year, month: date.month, day: date.day).weekday]
                warnings.append("\(text.text(token.range)) is a \(actual)曜日, not \(Tokenizer.weekdayNames[weekday])曜日: check the date against the notice")
            }
            dates[index] = date
            context = date
        }
    }

    /// The year the first date written with a weekday falls in, near `near`.
    static func yearFromWeekdays(_ tokens: [Token], near: Int) -> Int? {
        for (index, token) in tokens.enumerated() {
            guard case .date(let d) = token.kind, let month = d.month, let day = d.day, index + 1 < tokens.count,
                let weekday = tokens[index + 1].weekdayValue
            else { continue }
            return year(month: month, day: day, weekday: weekday, near: near)
        }
        return nil
    }

    static func add(_ days: Int, to date: CivilDate) -> CivilDate {
        let instant = JST.midnight(date).addingTimeInterval(Double(days) * 86_400)
        return JST.day(instant)
    }

    /// The year nearest `near` in which month/day falls on `weekday`.
    static func year(month: Int, day: Int, weekday: Int, near: Int) -> Int? {
        for distance in 0...6 {
            for year in [near + distance, near - distance] where CivilTime(year: year, month: month, day: day).isValid {
                if CivilTime(year: year, month: month, day: day).weekday == weekday { return year }
            }
        }
        return nil
    }

    // MARK: Windows

    /// A moment: a date (or dates), its weekday, a time.
    struct Moment {
        var dates: [CivilDate] = []
        var time: TimeToken?
        var first: Int
        var last: Int
    }

    func read() -> Result {
        var result = Result()
        result.warnings = warnings
        var consumed = Set<Int>()
        var seen = Set<WindowTiming>()
        let asides = asideSections()
        var index = 0
        var lastDate: (date: CivilDate, line: Int)?
        while index < tokens.count {
            if let date = dates[index] { lastDate = (date, text.line(of: tokens[index].range.lowerBound)) }
            guard var start = moment(at: index, lastDate: lastDate) else {
                index += 1
                continue
            }
            // Dates only, in a list: 5月5日・8月17日.
            var cursor = start.last + 1
            while start.time == nil, cursor + 1 < tokens.count, tokens[cursor].kind == .list, let more = moment(at: cursor + 1, lastDate: nil),
                !more.dates.isEmpty {
                start.dates += more.dates
                start.time = more.time
                start.last = more.last
                cursor = more.last + 1
            }
            var end: Moment?
            var openEnd = false
            var last = start.last
            // A range: the separator right after the start, the end right after the separator
            // (a few characters between at most: (予定), a space).
            if cursor < tokens.count, tokens[cursor].kind == .rangeSeparator,
                tokens[cursor].range.lowerBound - tokens[start.last].range.upperBound <= 6 {
                var next = cursor + 1
                while next < tokens.count, tokens[next].kind == .rangeSeparator || tokens[next].kind == .list { next += 1 }
                if let found = moment(at: next, lastDate: start.dates.last.map { ($0, line(start.last)) }),
                    tokens[found.first].range.lowerBound - tokens[next - 1].range.upperBound <= 6 {
                    end = found
                    last = found.last
                }
            }
            let firstLine = line(start.first)
            var lastLine = line(last)
            // A short bracketed line after the window with no date of its own is its wrapped tail: (予定).
            if lastLine + 1 < text.lines.count, text.lines[lastLine + 1].count <= 10, text.scalars[text.lines[lastLine + 1].lowerBound] == "(",
                case let tail = lineTokens((lastLine + 1)...(lastLine + 1)), !tail.isEmpty,
                tail.allSatisfy({ $0.kind == .tentative || $0.kind == .approximate }) {
                lastLine += 1
            }
            let context = contextTokens(firstLine...lastLine)
            if end == nil, context.contains(where: { $0.kind == .openEnd }),
                cursor < tokens.count, [.rangeSeparator, .since].contains(tokens[cursor].kind) {
                openEnd = true
            }
            let timings = timing(start, end, openEnd: openEnd, allDay: context.contains { $0.kind == .allDay })
            guard !timings.isEmpty else {
                index = start.last + 1
                continue
            }
            for used in start.first...last { consumed.insert(used) }
            let source = tokens[start.first].range.lowerBound..<tokens[last].range.upperBound
            let words = text.text(source)
            let past = lineTokens(max(0, firstLine - 4)...lastLine).contains { $0.notAWindowReason == "already happened" }
            if past {
                result.notUsed.append("\(words): already happened (…ました), not a plan")
            } else if let reason = context.lazy.compactMap({ $0.notAWindowReason }).first {
                result.notUsed.append("\(words): not a window (\(reason))")
            } else if !saysSomethingStops(firstLine...lastLine, wholeDays: timings.allSatisfy { $0.isWholeDays }) {
                result.notUsed.append("\(words): nothing near it says a system stops (停止, メンテナンス, 利用できません …)")
            } else if let aside = asides.first(where: { $0.lines.contains(firstLine) }) {
                result.notUsed.append("\(words): \(aside.why), not this notice's plan")
            } else if context.contains(where: { $0.kind == .cancelled }) && lineTokens(firstLine...lastLine).contains(where: { $0.kind == .cancelled }) {
                result.notUsed.append("\(words): called off (中止)")
            } else {
                for timing in timings where seen.insert(timing).inserted {
                    result.windows.append(FoundWindow(
                        timing: timing, kind: kind(firstLine...lastLine), tentative: context.contains { $0.kind == .tentative || $0.kind == .approximate },
                        backup: context.contains { $0.kind == .backup }, scope: scope(firstLine...lastLine, before: source.lowerBound),
                        source: source, line: firstLine, words: words, wording: wording(above: firstLine)))
                }
                if context.contains(where: { $0.kind == .vagueTime }) {
                    result.warnings.append("line \(firstLine + 1) says 深夜 or 未明 without a time: check the window read from '\(words)'")
                }
            }
            index = last + 1
        }
        // Every date and time that no window used: say so, and why where a word says it.
        for (i, token) in tokens.enumerated() where !consumed.contains(i) {
            let what: String
            switch token.kind {
            case .date where dates[i] != nil: what = "not a window"
            case .time: what = "a time not in a window"
            default: continue
            }
            let line = text.line(of: token.range.lowerBound)
            let reason = contextTokens(line...line).lazy.compactMap(\.notAWindowReason).first.map { " (\($0))" } ?? ""
            result.notUsed.append("\(text.text(token.range)): \(what)\(reason) (…\(snippet(token.range))…)")
        }
        return result
    }

    /// Sections that are not the notice's plan: under a heading of history (履歴, 過去, 障害情報)
    /// or reference (参考), up to the next heading of the same kind of mark (■, 【, ●, ◆, <).
    func asideSections() -> [(lines: Range<Int>, why: String)] {
        var sections: [(lines: Range<Int>, why: String)] = []
        for index in text.lines.indices where !lineHasDateOrTime(index) {
            let line = text.lineText(index)
            let tokens = lineTokens(index...index)
            let why: String
            if line.count <= 24 && tokens.contains(where: { $0.kind == .history }) {
                why = "history"
            } else if line.count <= 12 && tokens.contains(where: { $0.kind == .reference }) {
                why = "reference (参考)"
            } else {
                continue
            }
            let mark = line.unicodeScalars.first
            var end = index + 1
            while end < text.lines.count {
                let next = text.lineText(end)
                if !lineHasDateOrTime(end), let first = next.unicodeScalars.first, Self.headingMarks.contains(first), first == mark || mark == "(" {
                    break
                }
                end += 1
            }
            sections.append((index..<end, why))
        }
        return sections
    }

    static let headingMarks: Set<Unicode.Scalar> = ["■", "【", "●", "◆", "<", "□", "◇", "〔", "["]

    private func line(_ tokenIndex: Int) -> Int { text.line(of: tokens[tokenIndex].range.lowerBound) }

    /// A date (with its weekday and time), or a time alone under a date just before it.
    func moment(at index: Int, lastDate: (date: CivilDate, line: Int)?) -> Moment? {
        guard index < tokens.count else { return nil }
        var moment = Moment(first: index, last: index)
        var i = index
        if case .date = tokens[i].kind {
            guard let date = dates[i] else { return nil }
            moment.dates = [date]
            i += 1
            if i < tokens.count, tokens[i].weekdayValue != nil { moment.last = i; i += 1 }
            // The time, on the same line or the next (a wrapped cell).
            if i < tokens.count, case .time(let time) = tokens[i].kind, line(i) - line(moment.last) <= 1,
                tokens[i].range.lowerBound - tokens[moment.last].range.upperBound <= 12 {
                moment.time = time
                moment.last = i
            }
            return moment
        }
        if case .time(let time) = tokens[i].kind, let lastDate, line(i) - lastDate.line <= 3 {
            moment.dates = [lastDate.date]
            moment.time = time
            return moment
        }
        return nil
    }

    /// The windows `start` to `end` stand for.
    func timing(_ start: Moment, _ end: Moment?, openEnd: Bool, allDay: Bool) -> [WindowTiming] {
        guard let firstDate = start.dates.first else { return [] }
        if let startTime = start.time {
            if let end, let endTime = end.time {
                // One window per start date; the end's date, when written, belongs to the last.
                return start.dates.compactMap { date -> WindowTiming? in
                    let from = instant(date, startTime)
                    let endDate = end.dates.first.flatMap { end.first > start.last && start.dates.count == 1 ? $0 : nil } ?? date
                    var to = instant(endDate, endTime)
                    if to <= from && end.dates.isEmpty || (to <= from && endDate == date) { to = to.addingTimeInterval(86_400) }
                    guard to > from, to.timeIntervalSince(from) <= 62 * 86_400 else { return nil }
                    return .timed(start: from, end: to)
                }
            }
            if let end, end.time == nil, let endDate = end.dates.first, endDate >= firstDate {
                return [.timed(start: instant(firstDate, startTime), end: JST.midnight(endDate.next))]
            }
            if openEnd { return [.timed(start: instant(firstDate, startTime), end: nil)] }
            return []
        }
        if let end, end.time == nil, let last = end.dates.first, last >= firstDate, start.dates.count == 1 {
            var days: [CivilDate] = []
            var day = firstDate
            while day <= last && days.count < 62 {
                days.append(day)
                day = day.next
            }
            return [.days(days)]
        }
        if end == nil && allDay { return [.days(start.dates)] }
        if end == nil && openEnd { return [.timed(start: JST.midnight(firstDate), end: nil)] }
        return []
    }

    func instant(_ date: CivilDate, _ time: TimeToken) -> Date {
        JST.midnight(date).addingTimeInterval(Double(time.hour * 3600 + time.minute * 60))
    }

    func lineHasDateOrTime(_ line: Int) -> Bool {
        lineTokens(line...line).contains {
            switch $0.kind {
            case .time, .date: true
            default: false
            }
        }
    }

    func lineTokens(_ lines: ClosedRange<Int>) -> ArraySlice<Token> {
        tokens[byLine[lines.lowerBound].lowerBound..<byLine[lines.upperBound].upperBound]
    }

    /// The window's own lines and the heading lines just above them (lines with no date or time).
    func headingLines(above line: Int) -> [Int] {
        var result: [Int] = []
        var current = line - 1
        while current >= 0, result.count < 3, !lineHasDateOrTime(current) {
            result.append(current)
            current -= 1
        }
        return result
    }

    func contextTokens(_ lines: ClosedRange<Int>) -> [Token] {
        headingLines(above: lines.lowerBound).flatMap { lineTokens($0...$0) } + Array(lineTokens(lines))
    }

    /// Whether words for a stop stand near a window: on its lines, the line just above or the
    /// line just after (…から再開します) for whole days (a range of dates is as often a closure
    /// or a deadline), and for a timed window also further up or in the title.
    func saysSomethingStops(_ lines: ClosedRange<Int>, wholeDays: Bool) -> Bool {
        func hasImpact(_ range: ClosedRange<Int>) -> Bool {
            lineTokens(range).contains { if case .impact = $0.kind { true } else { false } }
        }
        let near = max(0, lines.lowerBound - 1)
        if hasImpact(near...lines.upperBound) { return true }
        if lines.upperBound + 1 < text.lines.count, lineTokens((lines.upperBound + 1)...(lines.upperBound + 1)).contains(where: { $0.kind == .resumes }) {
            return true
        }
        if wholeDays { return false }
        return hasImpact(max(0, lines.lowerBound - 8)...lines.upperBound) || hasImpact(0...min(4, text.lines.count - 1))
    }

    /// The nearest heading above that names a kind of stop — (1)長時間の通信断 — without its
    /// number and its bracketed aside; nil when the nearest heading names a time (停止日時) or a
    /// subject (…について) instead.
    func wording(above line: Int) -> String? {
        for above in stride(from: line - 1, through: max(0, line - 8), by: -1) where !lineHasDateOrTime(above) {
            let tokens = lineTokens(above...above)
            guard tokens.contains(where: { if case .impact = $0.kind { true } else { false } }) else { continue }
            var name = Substring(text.lineText(above))
            while let first = name.first, "()（）0123456789.、. ■●◆□◇・-【】".contains(first) { name = name.dropFirst() }
            let cut = String(name.prefix { !"(（:：".contains($0) }).trimmingCharacters(in: .whitespaces)
            let namesWhen = ["日時", "期間", "日程", "時間帯", "について", "お知らせ", "予定"].contains { cut.contains($0) }
            return (2...16).contains(cut.count) && !namesWhen ? cut : nil
        }
        return nil
    }

    /// What the nearest words for what stops say: on the window's own lines first, then line by
    /// line above it (a heading such as (2)数分間の通信断 rules the windows under it). 断続・数分・
    /// 瞬断 make it intermittent, 一部 partial; otherwise an outage.
    func kind(_ lines: ClosedRange<Int>) -> WindowKind {
        var candidates = [lines]
        for above in stride(from: lines.lowerBound - 1, through: max(0, lines.lowerBound - 8), by: -1) { candidates.append(above...above) }
        for range in candidates {
            let kinds = lineTokens(range).compactMap { token -> WindowKind? in
                if case .impact(let kind) = token.kind { return kind }
                return nil
            }
            if kinds.contains(.intermittent) { return .intermittent }
            if kinds.contains(.partial) { return .partial }
            if kinds.contains(.outage) { return .outage }
        }
        return .outage
    }

    /// Region and prefecture names on the window's line before it, else in its headings, else
    /// nationwide.
    func scope(_ lines: ClosedRange<Int>, before offset: Int) -> [ScopeItem] {
        let own = text.text(text.lines[lines.lowerBound].lowerBound..<offset)
        let headings = headingLines(above: lines.lowerBound).map(text.lineText)
        for candidate in [own] + headings {
            var items: [ScopeItem] = []
            for region in regions.regions where candidate.contains(region.name) { items.append(.region(region.id)) }
            for prefecture in Prefecture.all where candidate.contains(prefecture.name) && !items.contains(.prefecture(prefecture)) {
                items.append(.prefecture(prefecture))
            }
            if candidate.contains("全国") { return [.nationwide] }
            if !items.isEmpty { return items }
        }
        return [.nationwide]
    }

    func snippet(_ range: Range<Int>) -> String {
        text.text(max(0, range.lowerBound - 10)..<min(text.scalars.count, range.upperBound + 10)).replacingOccurrences(of: "\n", with: " ")
    }
}

extension Token {
    var weekdayValue: Int? {
        if case .weekday(let day) = kind { return day }
        return nil
    }

    var notAWindowReason: String? {
        if case .notAWindow(let reason) = kind { return reason }
        return nil
    }
}


extension WindowTiming {
    /// Whole days, or a start with no known end: no time of day says when.
    var isWholeDays: Bool {
        switch self {
        case .days: true
        case .timed(let start, let end): end == nil && JST.civil(start).hour == 0 && JST.civil(start).minute == 0
        }
    }
}
