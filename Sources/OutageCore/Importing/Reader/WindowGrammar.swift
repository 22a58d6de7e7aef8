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
    /// What was inferred rather than read (a year, an end, the kind): the draft says `# CHECK:`.
    var checks: [String] = []
    /// Its own words say the whole system stops (全機能停止): no sentence elsewhere makes it partial.
    var whole = false
}

/// Builds windows from tokens wherever they stand: a heading block, a table row, a bullet, a
/// sentence. A window is a date and time, a separator, and an end; or dates with 終日; or a
/// start with an end that is not known. The notice's structure (``DocumentOutline``) says
/// which headings govern a line and which column a cell is; each date's own clause, its
/// headings and the sentences after it say what it means (``DateReading/Meaning``): only stop
/// windows and backup days are drafted, and every other date is reported with the words that
/// decided it.
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
        /// Every date or range read, drafted or not, in text order.
        var readings: [DateReading] = []
    }

    /// The resolved calendar date of each date token (by token index).
    private(set) var dates: [Int: CivilDate] = [:]
    /// What was inferred in resolving a date token (an assumed year, a weekday that does not fit).
    private(set) var dateChecks: [Int: String] = [:]
    /// For each line, the indices of its tokens (tokens are in text order, so a contiguous range).
    private let byLine: [Range<Int>]
    private(set) var outline: DocumentOutline
    private var warnings: [String] = []
    /// A sentence with no date that hedges the times of the notice's windows (※開始・終了とも
    /// 前後する可能性があります): every window is 予定.
    private(set) var noticeHedge: String?
    /// A sentence with no date that says only part stops (一部機能, …以外は通常どおり, …のみ停止):
    /// a window that no nearer word calls intermittent or partial is partial.
    private(set) var noticePartial: String?
    /// A sentence with no date that says the stops are short and repeated (瞬断, 最大5分間の停止が3回):
    /// a window that no nearer word calls partial or intermittent is intermittent.
    private(set) var noticeIntermittent: String?
    /// The token of the letter's own date, if it has one.
    private(set) var letterToken: Int?

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
        let datedLines = Set(tokens.compactMap { token -> Int? in
            switch token.kind {
            case .date, .time: text.line(of: token.range.lowerBound)
            default: nil
            }
        })
        outline = DocumentOutline(text, hasDateOrTime: { datedLines.contains($0) })
        resolveDates()
        (noticeHedge, noticePartial, noticeIntermittent) = noticeQualifiers()
        commonTimes = findCommonTimes()
    }

    /// The notice's own general hedge and partial qualifier, from sentences that name no date.
    func noticeQualifiers() -> (hedge: String?, partial: String?, intermittent: String?) {
        var hedge: String?, partial: String?, intermittent: String?
        // The parts of each sentence that stand on lines naming no day (a sentence run on from a
        // window's line counts from the next line on).
        var parts: [Range<Int>] = []
        var offset = 0
        while offset < text.scalars.count {
            let clause = outline.clause(of: offset..<(offset + 1))
            offset = max(clause.upperBound, offset + 1)
            var part: Range<Int>?
            for line in text.line(of: clause.lowerBound)...text.line(of: max(clause.lowerBound, clause.upperBound - 1)) {
                let piece = max(clause.lowerBound, text.lines[line].lowerBound)..<min(clause.upperBound, text.lines[line].upperBound + 1)
                if lineTokens(line...line).contains(where: { $0.isDay && piece.contains($0.range.lowerBound) }) {
                    if let done = part { parts.append(done) }
                    part = nil
                } else {
                    part = part.map { $0.lowerBound..<piece.upperBound } ?? piece
                }
            }
            if let done = part { parts.append(done) }
        }
        for part in parts {
            let words = clauseTokens(part)
            // A month alone (3月の第3日曜日) names no day: the sentence still speaks of the notice's windows.
            guard !words.isEmpty, !words.contains(where: \.isDay) else { continue }
            let said = text.text(part)
            let stops = words.contains { if case .impact = $0.kind { true } else { false } }
            if hedge == nil, words.contains(where: { $0.kind == .hedge || $0.kind == .approximate }) || (stops && words.contains { $0.kind == .tentative }),
                ["時刻", "時間", "終了", "開始", "延長", "前後", "早まる", "遅れる", "日程", "作業", "瞬断", "停止", "中断"].contains(where: said.contains) {
                hedge = said
            }
            if partial == nil, !words.contains(where: { $0.kind == .negated }),
                words.contains(where: { $0.kind == .impact(.partial) || $0.kind == .except })
                    || (words.contains { $0.kind == .only } && words.contains { $0.kind == .works }) {
                partial = said
            }
            if intermittent == nil, !words.contains(where: { $0.kind == .negated }),
                // 瞬断, 断続, 数分: the stops themselves are short (not つながりにくい after the work is over).
                words.contains(where: { $0.kind == .impact(.intermittent) && ["瞬断", "断続", "数分"].contains(text.text($0.range)) })
                    || said.range(of: "[0-9０-９一二三四五六七八九十数]+分(間|程度)?の[^。]*(停止|中断|断)[^。]*[0-9０-９一二三四五六七八九十数]+回", options: .regularExpression) != nil {
                intermittent = said
            }
        }
        return (hedge, partial, intermittent)
    }

    // MARK: Dates in context

    /// The letter's own date: a whole date (year, month, day) standing alone on its line, the
    /// last such line of the letter's head or foot.
    func letterDate() -> (token: Int, date: CivilDate)? {
        var found: (Int, CivilDate)?
        for line in text.lines.indices {
            let own = byLine[line].filter { index in
                if case .weekday = tokens[index].kind { return false }
                return true
            }
            guard own.count == 1, case .date(let d) = tokens[own[0]].kind, let year = d.year, let month = d.month, let day = d.day,
                CivilTime(year: year, month: month, day: day).isValid
            else { continue }
            // The line is the date and little else (発出日, 掲載日:, 令和8年12月20日).
            let extra = text.lines[line].count - tokens[own[0]].range.count
            guard extra <= 8 else { continue }
            found = (own[0], CivilDate(year: year, month: month, day: day))
            if line < 8 { break }
        }
        return found
    }

    /// Years, months and days the text leaves out come from the date before (rolling over at
    /// the new year), a year standing on a line of its own, the letter's date wherever it
    /// stands, or the weekday. A weekday is a fact: a year that makes it false is never chosen
    /// silently.
    private mutating func resolveDates() {
        let letter = letterDate()
        letterToken = letter?.token
        // The year the text is about: the first it writes, else the first a weekday pins down.
        let firstYear = tokens.lazy.compactMap { token -> Int? in
            if case .date(let d) = token.kind { return d.year }
            return nil
        }.first ?? Self.yearFromWeekdays(tokens, near: referenceYear)
        var context: CivilDate? = letter.map { $0.date }
        // Where the context date stands: 翌日 and 同日 refer to a date a few lines above, no further.
        var contextLine = letter.map { text.line(of: tokens[$0.token].range.lowerBound) } ?? -100
        for (index, token) in tokens.enumerated() {
            if case .year(let year) = token.kind {
                // 2027年 on a line of its own governs the dates under it.
                let line = text.line(of: token.range.lowerBound)
                if byLine[line].count == 1 || text.lines[line].count <= token.range.count + 2 {
                    context = CivilDate(year: year, month: 1, day: 1)
                }
                continue
            }
            guard case .date(let written) = token.kind else { continue }
            let weekday = index + 1 < tokens.count ? tokens[index + 1].weekdayValue : nil
            var resolved: CivilDate?
            var yearRead = written.year != nil
            if let days = written.relativeDays {
                guard text.line(of: token.range.lowerBound) - contextLine <= 3 else { continue }
                resolved = context.map { Self.add(days, to: $0) }
                yearRead = true
            } else if let day = written.day {
                if written.followingDay || (written.month == nil && written.year == nil) {
                    guard let context else { continue }
                    var month = context.month, year = context.year
                    if day < context.day || (written.followingDay && day == context.day) {
                        month += 1
                        if month > 12 { month = 1; year += 1 }
                    }
                    resolved = CivilDate(year: year, month: month, day: day)
                    yearRead = true
                } else if let month = written.month {
                    var year = written.year
                    if year == nil, let context {
                        year = context.year + (context.month - month >= 6 ? 1 : 0)
                        yearRead = true
                        // The weekday is a fact: the year next to the one the context gives, if that makes it true.
                        if let weekday, CivilTime(year: year!, month: month, day: day).isValid,
                            CivilTime(year: year!, month: month, day: day).weekday != weekday,
                            let near = Self.year(month: month, day: day, weekday: weekday, near: year!), abs(near - year!) <= 1 {
                            year = near
                        }
                    }
                    if year == nil, let weekday {
                        year = Self.year(month: month, day: day, weekday: weekday, near: firstYear ?? referenceYear)
                        yearRead = year != nil
                    }
                    if year == nil {
                        year = firstYear ?? referenceYear
                        let note = "'\(text.text(token.range))' has no year; read as \(year!), check it"
                        warnings.append(note)
                        dateChecks[index] = "year assumed: \(note)"
                    }
                    resolved = CivilDate(year: year!, month: month, day: day)
                }
            }
            guard let date = resolved, CivilTime(year: date.year, month: date.month, day: date.day).isValid,
                CivilTime.supportedYears.contains(date.year)
            else { continue }
            if let weekday, CivilTime(year: date.year, month: date.month, day: date.day).weekday != weekday {
                let actual = Tokenizer.weekdayNames[CivilTime(year: date.year, month: date.month, day: date.day).weekday]
                let note = "\(text.text(token.range)) is a \(actual)曜日, not \(Tokenizer.weekdayNames[weekday])曜日: check the date against the notice"
                warnings.append(note)
                dateChecks[index] = "weekday: " + note
            } else if !yearRead {
                dateChecks[index] = dateChecks[index] ?? "year from the weekday: \(text.text(token.range)) read as \(date.year)"
            }
            dates[index] = date
            context = date
            contextLine = text.line(of: token.range.lowerBound)
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

    /// A candidate the loop found: its timings and what the words around it say it is.
    private struct Candidate {
        var timings: [WindowTiming]
        var source: Range<Int>
        var lines: ClosedRange<Int>
        var meaning: DateReading.Meaning
        var reason: String
        var checks: [String]
        var context: [Token]
        var following: [Token]
    }

    func read() -> Result {
        var result = Result()
        result.warnings = warnings
        var consumed = Set<Int>()
        var drafted: [FoundWindow] = []
        var readings: [(reading: DateReading, timings: [WindowTiming])] = []
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
            var checks: [String] = []
            // A range: the separator right after the start, the end right after the separator
            // (a few characters between at most: (予定), a space, the line's end).
            if cursor < tokens.count, tokens[cursor].kind == .rangeSeparator,
                tokens[cursor].range.lowerBound - tokens[start.last].range.upperBound <= 6 {
                var next = cursor + 1
                while next < tokens.count, tokens[next].kind == .rangeSeparator || tokens[next].kind == .list { next += 1 }
                if let found = moment(at: next, lastDate: start.dates.last.map { ($0, line(start.last)) }),
                    tokens[found.first].range.lowerBound - tokens[next - 1].range.upperBound <= 6 {
                    end = found
                    last = found.last
                }
            } else if start.first > 0, tokens[start.first - 1].kind == .startLabel, line(start.first - 1) == line(start.first),
                let label = (start.last + 1 ..< min(tokens.count, start.last + 4)).first(where: { tokens[$0].kind == .endLabel }),
                line(label) - line(start.last) <= 2,
                let found = moment(at: label + 1, lastDate: start.dates.last.map { ($0, line(start.last)) }) {
                // 開始：5月30日（土）23:00 / 終了：5月31日（日）6:00, each on its line.
                end = found
                last = found.last
            } else if let found = tableEnd(after: start) {
                // A table row: the end stands in its own column (| 7月4日(土) | 22:00 | 翌6:00 |).
                end = found
                last = found.last
            }
            // 日程 6月26日(月)～7月7日(金) / 時間 9:30～18:30: each day of the range, at those hours.
            var dailyHours: (TimeToken, TimeToken)?
            if let found = end, start.time == nil, start.dates.count == 1, let from = found.time, let endDate = found.dates.first,
                line(found.last) > line(found.first), found.last + 2 < tokens.count, tokens[found.last + 1].kind == .rangeSeparator,
                case .time(let to) = tokens[found.last + 2].kind, line(found.last + 2) == line(found.last), endDate > start.dates[0] {
                dailyHours = (from, to)
                end = Moment(dates: [endDate], time: nil, first: found.first, last: found.first)
                last = found.last + 2
            }
            // 予備日：7月11日(土) 同時刻: the times of the window before.
            var sameTimeAs: FoundWindow?
            if end == nil, start.time == nil, cursor < tokens.count, tokens[cursor].kind == .sameTime, line(cursor) == line(start.last),
                let previous = drafted.last(where: { if case .timed(_, .some) = $0.timing { true } else { false } }) {
                sameTimeAs = previous
                last = cursor
            }
            let firstLine = line(start.first)
            var lastLine = line(last)
            // A short bracketed line after the window with no date of its own is its wrapped tail: (予定).
            if lastLine + 1 < text.lines.count, text.lines[lastLine + 1].count <= 10, text.scalars[text.lines[lastLine + 1].lowerBound] == "(",
                case let tail = lineTokens((lastLine + 1)...(lastLine + 1)), !tail.isEmpty,
                tail.allSatisfy({ $0.kind == .tentative || $0.kind == .approximate }) {
                lastLine += 1
            }
            let source = tokens[start.first].range.lowerBound..<tokens[last].range.upperBound
            let clause = outline.clause(of: source)
            let following = followingTokens(after: clause.upperBound, from: lastLine)
            let context = contextTokens(firstLine...lastLine, around: source) + clauseTokens(clause)
            if end == nil, sameTimeAs == nil, (context + following).contains(where: { $0.kind == .openEnd }),
                cursor < tokens.count, [.rangeSeparator, .since].contains(tokens[cursor].kind),
                tokens[cursor].range.lowerBound - tokens[start.last].range.upperBound <= 2 {
                openEnd = true
            }
            var timings: [WindowTiming]
            if let (from, to) = dailyHours, let first = start.dates.first, let lastDay = end?.dates.first {
                timings = []
                var day = first
                while day <= lastDay && timings.count < 62 {
                    let begin = instant(day, from)
                    var finish = instant(day, to)
                    if finish <= begin { finish = finish.addingTimeInterval(86_400) }
                    timings.append(.timed(start: begin, end: finish))
                    day = day.next
                }
                checks.append("each day of the range at the hours of the next line")
            } else if let previous = sameTimeAs, case .timed(let from, .some(let to)) = previous.timing {
                let offset = from.timeIntervalSince(JST.midnight(JST.day(from)))
                timings = start.dates.map { date in
                    let begin = JST.midnight(date).addingTimeInterval(offset)
                    return .timed(start: begin, end: begin.addingTimeInterval(to.timeIntervalSince(from)))
                }
                checks.append("times copied from the window before (同時刻): \(previous.words)")
            } else {
                timings = timing(start, end, openEnd: openEnd, allDay: context.contains { $0.kind == .allDay })
                // ■停止日 lists the days, ■停止時間 「各日とも 22:00～翌朝6:00」 the hours of each.
                if timings.isEmpty, start.time == nil, end == nil, let common = commonTimes {
                    timings = start.dates.map { date in
                        let from = instant(date, common.start)
                        var to = instant(common.endNextDay ? date.next : date, common.end)
                        if to <= from { to = to.addingTimeInterval(86_400) }
                        return .timed(start: from, end: to)
                    }
                    checks.append("times from '\(common.words)'")
                }
            }
            guard !timings.isEmpty else {
                index = start.last + 1
                continue
            }
            for used in start.first...last { consumed.insert(used) }
            for used in start.first...last { if let check = dateChecks[used] { checks.append(check) } }
            if let end, end.dates.isEmpty, end.time != nil, let startTime = start.time, let endTime = end.time,
                endTime.hour * 60 + endTime.minute <= startTime.hour * 60 + startTime.minute, endTime.hour < 24 {
                checks.append("end read as the next day: no date is written before \(text.text(tokens[end.first].range))")
            }
            let words = text.text(source)
            let (meaning, reason) = classify(
                source: source, lines: firstLine...lastLine, clause: clause, context: context, timings: timings, asides: asides)
            if meaning.isDrafted {
                var firstIndex: Int?
                for timing in timings {
                    if let existing = drafted.firstIndex(where: { $0.timing == timing }) {
                        // The same window said twice: once, hedged if either saying hedges it.
                        firstIndex = firstIndex ?? existing
                        if (context + following).contains(where: { [.tentative, .approximate, .hedge].contains($0.kind) }) { drafted[existing].tentative = true }
                        continue
                    }
                    var (kind, kindRead) = self.kind(firstLine...lastLine, following: following)
                    var windowChecks = checks
                    if !kindRead {
                        windowChecks.append("kind: no word near it says what stops (停止, 一部, 瞬断 …); read as an outage")
                    }
                    let hedges = (context + following).filter { [.tentative, .approximate, .hedge].contains($0.kind) }
                    drafted.append(FoundWindow(
                        timing: timing, kind: kind, tentative: !hedges.isEmpty || noticeHedge != nil,
                        backup: meaning == .backup, scope: scope(firstLine...lastLine, before: source.lowerBound),
                        source: source, line: firstLine, words: words, wording: wording(above: firstLine), checks: windowChecks,
                        whole: lineTokens(firstLine...lastLine).contains(where: { $0.kind == .whole })))
                    firstIndex = firstIndex ?? drafted.count - 1
                }
                readings.append((DateReading(range: source, words: words, meaning: meaning, reason: reason, window: firstIndex), timings))
                if context.contains(where: { $0.kind == .vagueTime }) {
                    result.warnings.append("line \(firstLine + 1) says 深夜 or 未明 without a time: check the window read from '\(words)'")
                }
            } else {
                readings.append((DateReading(range: source, words: words, meaning: meaning, reason: reason), timings))
            }
            index = last + 1
        }
        applyCorrections(&drafted, readings: readings.map(\.reading))
        // Where no window's own words tell kinds apart, a sentence of the notice that names no date
        // says what kind they all are (最大5分間の停止が3回; 一部機能; 予約受付のみ継続します).
        if drafted.allSatisfy({ $0.kind == .outage }) {
            for i in drafted.indices where !drafted[i].whole {
                if let noticeIntermittent {
                    drafted[i].kind = .intermittent
                    drafted[i].checks.append("kind: intermittent from '\(noticeIntermittent)'")
                } else if let noticePartial {
                    drafted[i].kind = .partial
                    drafted[i].checks.append("kind: partial from '\(noticePartial)'")
                }
            }
        }
        // 作業時間 1:30～6:00 with 影響発生時間帯 2:00～4:30 on the next line: the stop is the 影響 time.
        var workOnly = Set<Int>()
        for (i, window) in drafted.enumerated() {
            let said = text.lineText(window.line)
            guard said.contains("作業"), !said.contains("影響"), case .timed(let from, _) = window.timing else { continue }
            if drafted.contains(where: { other in
                guard case .timed(let otherStart, _) = other.timing, other.line > window.line, other.line - window.line <= 2 else { return false }
                let otherSaid = text.lineText(other.line)
                return JST.day(otherStart) == JST.day(from) && (otherSaid.contains("影響") || otherSaid.contains("停止時間") || otherSaid.contains("利用できない"))
            }) {
                workOnly.insert(i)
            }
        }
        // A window said again in other words (a title's 【7/4～7/5】 beside the body's times): once.
        var keep = Array(repeating: true, count: drafted.count)
        for i in workOnly {
            keep[i] = false
            if let r = readings.firstIndex(where: { $0.reading.window == i }) {
                readings[r].reading.meaning = .otherPeriod
                readings[r].reading.reason = "作業時間: the work; the stop is the 影響 time given with it"
                readings[r].reading.window = nil
            }
        }
        for (i, window) in drafted.enumerated() {
            guard case .days(let days) = window.timing else { continue }
            func touches(_ other: FoundWindow, _ day: CivilDate) -> Bool {
                guard case .timed(let from, .some(let to)) = other.timing else { return false }
                return day >= JST.day(from) && day <= JST.day(to.addingTimeInterval(-1))
            }
            let timed = drafted.indices.filter { if case .timed(_, .some) = drafted[$0].timing { $0 != i } else { false } }
            // Said again: every day falls in a timed window drafted from elsewhere (6月7日から9日までの3回は…),
            // or the days are the span of the notice's windows (a title's 【5/8～6/9】 over a table of nights).
            let covered = days.allSatisfy { day in timed.contains { touches(drafted[$0], day) } }
            let starts = timed.map { JST.day(drafted[$0].timing.firstInstant) }
            let span = timed.count >= 2 && days.first == starts.min() && days.last.map { last in timed.contains { touches(drafted[$0], last) } } == true
            if covered || span, let covering = timed.first(where: { touches(drafted[$0], days[0]) }) ?? timed.first {
                // What the restating sentence says of those windows still holds for them.
                let said = lineTokens(window.line...window.line)
                let partialWord = said.contains { $0.kind == .impact(.partial) || ($0.kind == .only && said.contains { $0.kind == .impact(.outage) }) }
                if covered && partialWord {
                    for other in timed where days.contains(where: { touches(drafted[other], $0) }) { drafted[other].kind = .partial }
                }
                keep[i] = false
                if let r = readings.firstIndex(where: { $0.reading.window == i }) {
                    readings[r].reading.meaning = .restatement
                    readings[r].reading.reason = "the days of the window '\(drafted[covering].words)'"
                    readings[r].reading.window = covering
                }
            }
        }
        var newIndex: [Int: Int] = [:]
        for (i, window) in drafted.enumerated() where keep[i] {
            newIndex[i] = result.windows.count
            result.windows.append(window)
        }
        for (reading, _) in readings {
            var reading = reading
            reading.window = reading.window.flatMap { newIndex[$0] }
            if !reading.meaning.isDrafted || reading.window == nil {
                if reading.meaning.isDrafted { reading.meaning = .restatement }
                result.notUsed.append("\(reading.words): \(reading.meaning.rawValue) (\(reading.reason))")
            }
            result.readings.append(reading)
        }
        // Every date and time that no window used: say so, and why where a word says it.
        let letter = letterToken.map { (token: $0, date: CivilDate(year: 0, month: 1, day: 1)) }
        for (i, token) in tokens.enumerated() where !consumed.contains(i) {
            let what: String
            switch token.kind {
            case .date where dates[i] != nil: what = "not a window"
            case .time: what = "a time not in a window"
            default: continue
            }
            let line = text.line(of: token.range.lowerBound)
            let reasonWord = contextTokens(line...line, around: token.range).lazy.compactMap(\.notAWindowReason).first
            // What its own clause says of it, as for a window.
            let said = nearest(clauseTokens(outline.clause(of: token.range)), to: token.range)
            var meaning: DateReading.Meaning = .notAStop
            var why = what == "not a window" ? "no time, no 終日 and no range with it" : "no date or range it belongs to"
            if letter?.token == i {
                (meaning, why) = (.letterDate, "a date alone on its line, at the letter's head or foot")
            } else if let word = said.first(where: { $0.kind == .negated }) {
                (meaning, why) = (.negated, text.text(word.range))
            } else if let word = said.first(where: { $0.kind == .cancelled }) {
                (meaning, why) = (.cancelled, text.text(word.range))
            } else if let word = said.first(where: { $0.kind == .past || $0.notAWindowReason == "already happened" }) {
                (meaning, why) = (.past, text.text(word.range))
            } else if let word = said.first(where: { $0.kind == .replaced || $0.kind == .correction }) {
                (meaning, why) = (.replaced, text.text(word.range))
            } else if let reasonWord {
                (meaning, why) = (.otherPeriod, reasonWord)
            }
            result.readings.append(DateReading(range: token.range, words: text.text(token.range), meaning: meaning, reason: why))
            result.notUsed.append("\(text.text(token.range)): \(meaning.rawValue) (\(why)) (…\(snippet(token.range))…)")
        }
        result.readings.sort { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    /// What the words around a candidate say it is: the first rule that applies, in the order
    /// an administrator reads them (the section it stands in, a change, its own clause, the
    /// words of a stop).
    private func classify(source: Range<Int>, lines: ClosedRange<Int>, clause: Range<Int>, context: [Token], timings: [WindowTiming],
                          asides: [(lines: Range<Int>, why: String)]) -> (DateReading.Meaning, String) {
        let firstLine = lines.lowerBound
        // The section: headings that govern the line (■変更前, ２．説明会, ■メンテナンス履歴).
        for heading in outline.governing[firstLine].reversed() + headingLines(above: firstLine) {
            let words = lineTokens(heading...heading)
            let said = text.lineText(heading)
            // A label (■変更前, 【中止】, ２．説明会) classes its section; a subject line
            // (…計画停止の一部中止・見送りについて) only names what the section is about.
            guard said.count <= 16, !said.contains("について"), !said.contains("のお知らせ") else { continue }
            if let token = words.first(where: { $0.kind == .replaced }) { return (.replaced, "under '\(said)' (\(text.text(token.range)))") }
            if words.contains(where: { $0.kind == .replacement }) { break }
            if let token = words.first(where: { $0.kind == .cancelled }) { return (.cancelled, "under '\(said)' (\(text.text(token.range)))") }
            if let reason = words.lazy.compactMap(\.notAWindowReason).first, reason != "already happened" {
                return (.otherPeriod, "under '\(said)' (\(reason))")
            }
        }
        // A list introduced by a sentence in the past (以下の日程で…実施されました), or a notice whose
        // title says it is over (※終了しました).
        for above in headingLines(above: firstLine) {
            if let word = lineTokens(above...above).first(where: { $0.notAWindowReason == "already happened" }) {
                return (.past, "under '\(text.lineText(above))' (\(text.text(word.range)))")
            }
        }
        if let title = text.lines.indices.first, title != firstLine,
            let word = lineTokens(title...title).first(where: { $0.notAWindowReason == "already happened" }) {
            return (.past, "the title says it is over (\(text.text(word.range)))")
        }
        if let aside = asides.first(where: { $0.lines.contains(firstLine) }) {
            return (aside.why == "history" ? .past : .reference, "in a section of \(aside.why)")
        }
        // A change on the line: what stands before → (or after 【変更前】) is the old value.
        let own = lineTokens(lines)
        if let arrow = own.first(where: { $0.kind == .arrow && $0.range.lowerBound >= source.upperBound }),
            !own.contains(where: { $0.isDate && $0.range.lowerBound >= source.upperBound && $0.range.upperBound <= arrow.range.lowerBound }) {
            return (.replaced, "before '\(text.text(arrow.range))': the old value of a change")
        }
        if let label = own.last(where: { ($0.kind == .replaced || $0.kind == .replacement) && $0.range.upperBound <= source.lowerBound }),
            label.kind == .replaced {
            return (.replaced, "after '\(text.text(label.range))'")
        }
        // Its own clause, the marker nearest to it (no other date between).
        let clauseWords = nearest(clauseTokens(clause), to: source)
        if let token = clauseWords.first(where: { $0.kind == .correction }),
            clauseTokens(clause).allSatisfy({ if case .date = $0.kind { false } else { true } }) {
            return (.replaced, "a correction (\(text.text(token.range))): the new value is applied to the window")
        }
        if let token = clauseWords.first(where: { $0.kind == .resumes }),
            !clauseWords.contains(where: { if case .impact = $0.kind { true } else { false } }) {
            return (.notAStop, "\(text.text(token.range)): the day it starts again, not a stop")
        }
        if let token = clauseWords.first(where: { $0.kind == .negated }),
            !clauseWords.contains(where: { if case .impact = $0.kind { true } else { false } }) {
            return (.negated, text.text(token.range))
        }
        if let token = clauseWords.first(where: { $0.kind == .works }),
            !clauseWords.contains(where: { if case .impact = $0.kind { true } else { false } }) {
            return (.negated, text.text(token.range))
        }
        // ② 7月10日(土)22:00～7月11日(日)6:00 / → 中止となりました。: what the arrow line under it says.
        let next = lines.upperBound + 1
        if next < text.lines.count, let first = text.scalars[text.lines[next]].first, first == "→" || first == "⇒" {
            let said = lineTokens(next...next)
            if let token = said.first(where: { $0.kind == .cancelled }) { return (.cancelled, text.text(token.range)) }
            if let token = said.first(where: { $0.kind == .negated }) { return (.negated, text.text(token.range)) }
        }
        if let token = clauseWords.first(where: { $0.kind == .cancelled }) ?? lineTokens(lines).first(where: {
            $0.kind == .cancelled && $0.range.lowerBound >= source.upperBound && $0.range.lowerBound - source.upperBound <= 3 }) {
            return (.cancelled, text.text(token.range))
        }
        if let token = clauseWords.first(where: { $0.kind == .past || $0.notAWindowReason == "already happened" }) {
            return (.past, text.text(token.range))
        }
        // Another kind of period: said in its own clause, or by a label above it (受付時間, ■説明会);
        // a sentence above that only mentions 掲載 or 受付 does not make the dates under it something else.
        let labels = (outline.governing[firstLine] + headingLines(above: firstLine)).filter { text.lines[$0].count <= 16 }
        let periodWords = labels.flatMap { lineTokens($0...$0) } + clauseWords
        if let reason = periodWords.lazy.compactMap({ $0.notAWindowReason }).first(where: { $0 != "already happened" }) {
            return (.otherPeriod, reason)
        }
        if !saysSomethingStops(lines, wholeDays: timings.allSatisfy { $0.isWholeDays }) {
            return (.notAStop, "nothing near it says a system stops (停止, メンテナンス, 利用できません …)")
        }
        if let backup = context.first(where: { $0.kind == .backup }) { return (.backup, text.text(backup.range)) }
        let stopWord = (context).first { if case .impact = $0.kind { true } else { false } }
            ?? outline.governing[firstLine].lazy.flatMap { self.lineTokens($0...$0) }.first { if case .impact = $0.kind { true } else { false } }
        return (.stop, stopWord.map { text.text($0.range) } ?? "a stop named in the letter's head")
    }

    /// The tokens of a clause that concern `source`: those with no other date between them and it
    /// (one pass: the dates just before and just after it bound what belongs to it).
    func nearest(_ clause: [Token], to source: Range<Int>) -> [Token] {
        var low = Int.min, high = Int.max
        for token in clause where token.isDate && !source.contains(token.range.lowerBound) {
            if token.range.upperBound <= source.lowerBound { low = max(low, token.range.upperBound) }
            if token.range.lowerBound >= source.upperBound { high = min(high, token.range.lowerBound) }
        }
        return clause.filter { $0.range.lowerBound >= low && $0.range.upperBound <= high }
    }

    /// 「終了時刻を5:00から6:00に訂正しました」: the window whose end (or start) was the old time gets the new one.
    private func applyCorrections(_ windows: inout [FoundWindow], readings: [DateReading]) {
        for reading in readings where reading.meaning == .replaced && reading.reason.hasPrefix("a correction") {
            let clause = outline.clause(of: reading.range)
            let times = clauseTokens(clause).compactMap { token -> TimeToken? in
                if case .time(let time) = token.kind { return time }
                return nil
            }
            guard times.count == 2 else { continue }
            let said = text.text(clause)
            let endOnly = said.contains("終了"), startOnly = said.contains("開始")
            for i in windows.indices {
                guard case .timed(let from, let to) = windows[i].timing else { continue }
                if !startOnly, let to, JST.civil(to).hour == times[0].hour % 24, JST.civil(to).minute == times[0].minute {
                    let moved = to.addingTimeInterval(Double((times[1].hour - times[0].hour) * 3600 + (times[1].minute - times[0].minute) * 60))
                    windows[i].timing = .timed(start: from, end: moved)
                    windows[i].checks.append("end corrected by '\(said)'")
                } else if !endOnly, JST.civil(from).hour == times[0].hour % 24, JST.civil(from).minute == times[0].minute {
                    let moved = from.addingTimeInterval(Double((times[1].hour - times[0].hour) * 3600 + (times[1].minute - times[0].minute) * 60))
                    windows[i].timing = .timed(start: moved, end: to)
                    windows[i].checks.append("start corrected by '\(said)'")
                }
            }
        }
    }

    /// Hours that a notice gives once for all its days: a range of times with no date of its
    /// own, on a line that says 各日 / いずれも / 毎回 or under a heading that names the hours
    /// (■停止時間, 作業時間帯).
    private(set) var commonTimes: (start: TimeToken, end: TimeToken, endNextDay: Bool, words: String)?

    func findCommonTimes() -> (start: TimeToken, end: TimeToken, endNextDay: Bool, words: String)? {
        for line in text.lines.indices {
            let own = Array(lineTokens(line...line))
            guard own.allSatisfy({ token in
                if case .date(let d) = token.kind { return d.relativeDays == 1 }
                return true
            }) else { continue }
            let times = own.enumerated().compactMap { item -> (Int, TimeToken)? in
                if case .time(let time) = item.element.kind { return (item.offset, time) }
                return nil
            }
            guard times.count == 2, own[times[0].0 + 1 ..< times[1].0].contains(where: { $0.kind == .rangeSeparator }) else { continue }
            let said = text.lineText(line)
            guard !own.contains(where: { $0.notAWindowReason != nil }) else { continue }
            let headings = (outline.governing[line] + headingLines(above: line)).map(text.lineText)
            // The hours of the stop: 各日とも…, or under ■停止時間 / 作業時間帯 (not 受付時間, 利用できる時間).
            let forEach = ["各日", "いずれも", "毎回", "各回", "全日"].contains(where: said.contains)
                || headings.contains { heading in
                    (heading.contains("時間") || heading.contains("時刻")) && ["停止", "作業", "メンテナンス", "休止", "影響"].contains(where: heading.contains)
                }
            guard forEach else { continue }
            let nextDay = own[times[0].0 ..< times[1].0].contains { if case .date = $0.kind { true } else { false } }
            return (times[0].1, times[1].1, nextDay, said)
        }
        return nil
    }

    /// The end of a table row's window: a later cell of the same row, in an end column (or,
    /// with no header, the row's next date or time).
    func tableEnd(after start: Moment) -> Moment? {
        let row = line(start.last)
        guard start.time != nil, outline.rows[row] != nil, let startCell = outline.cell(at: tokens[start.last].range.lowerBound, line: row) else { return nil }
        var next = start.last + 1
        while next < tokens.count, line(next) == row {
            switch tokens[next].kind {
            case .date, .time:
                guard let cell = outline.cell(at: tokens[next].range.lowerBound, line: row), cell.index > startCell.index,
                    cell.column == .end || (cell.column == .other && startCell.column == .other) || cell.column == .start && startCell.column == .start
                else { return nil }
                return moment(at: next, lastDate: start.dates.last.map { ($0, row) })
            default:
                next += 1
            }
        }
        return nil
    }

    func clauseTokens(_ clause: Range<Int>) -> [Token] { Array(tokens(in: clause)) }

    /// The tokens that begin inside `range`, found by binary search (tokens are in text order).
    func tokens(in range: Range<Int>) -> ArraySlice<Token> {
        func firstIndex(atOrAfter offset: Int) -> Int {
            var low = 0, high = tokens.count
            while low < high {
                let mid = (low + high) / 2
                if tokens[mid].range.lowerBound < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let from = firstIndex(atOrAfter: range.lowerBound)
        return tokens[from..<max(from, firstIndex(atOrAfter: range.upperBound))]
    }

    /// The sentences after a window's clause, up to the next date or time, at most three lines on:
    /// what qualifies or hedges it there (閲覧機能のみ停止, 前後する可能性, 復旧の見込みは立っておりません).
    func followingTokens(after offset: Int, from line: Int) -> [Token] {
        guard line < text.lines.count else { return [] }
        let lastLine = min(text.lines.count - 1, line + 3)
        var out: [Token] = []
        for token in tokens(in: offset..<max(offset, text.lines[lastLine].upperBound + 1)) {
            // A heading of another section (not the next question of a Q&A) ends what qualifies the window.
            let at = text.line(of: token.range.lowerBound)
            if at > line, let heading = outline.headings[at], heading.mark != .question { return out }
            switch token.kind {
            case .date, .time: return out
            default: out.append(token)
            }
        }
        return out
    }

    private func line(ofOffset offset: Int) -> Int { text.line(of: offset) }

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
        // A time alone belongs to the date above it when nothing between ends that date's
        // sentence (。) and the date's line is not itself something else (受付時間, 除く).
        if case .time(let time) = tokens[i].kind, let lastDate, line(i) - lastDate.line <= 3,
            !text.scalars[text.lines[lastDate.line].lowerBound..<tokens[i].range.lowerBound].contains("。"),
            !lineTokens(lastDate.line...lastDate.line).contains(where: { $0.notAWindowReason != nil }) {
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
        // Rows of the same list or table above (each a date of its own) share the headings above the first.
        let shape = text.lines[line].isEmpty ? nil : Self.rowShape(text.scalars[text.lines[line].lowerBound])
        while current >= 0, line - current <= 24, lineHasDateOrTime(current), let shape,
            Self.rowShape(text.scalars[text.lines[current].lowerBound]) == shape {
            current -= 1
        }
        while current >= 0, result.count < 3, !lineHasDateOrTime(current) {
            result.append(current)
            current -= 1
        }
        return result
    }

    /// What a list's or table's row starts with: a digit, |, or its bullet.
    static func rowShape(_ first: Unicode.Scalar) -> Unicode.Scalar {
        ReaderText.isDigit(first) ? "0" : ReaderText.isJapanese(first) && !"・●■□◆◇○※".unicodeScalars.contains(first) ? "あ" : first
    }

    /// The window's own lines, the plain heading lines just above them, and the headings that
    /// govern them (■停止予定日時 above a list makes each of its dates 予定).
    func contextTokens(_ lines: ClosedRange<Int>, around source: Range<Int>? = nil) -> [Token] {
        let above = headingLines(above: lines.lowerBound)
        let governing = outline.governing[lines.lowerBound].filter { !above.contains($0) && outline.headings[$0]?.mark != .question }
        // The window's own lines, but no further than a clause's reach from it on a very long line.
        var own = text.lines[lines.lowerBound].lowerBound..<text.lines[lines.upperBound].upperBound
        if let source {
            own = max(own.lowerBound, source.lowerBound - DocumentOutline.reach)..<min(own.upperBound, source.upperBound + DocumentOutline.reach)
        }
        return (governing + above).flatMap { lineTokens($0...$0).prefix(64) } + Array(tokens(in: own))
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
        // A short label under the dates (影響を受ける患者】, 停止します) still speaks of them.
        if lines.upperBound + 1 < text.lines.count, text.lines[lines.upperBound + 1].count <= 20,
            hasImpact((lines.upperBound + 1)...(lines.upperBound + 1)) { return true }
        // A heading that names a stop (■停止日, １．作業日時 under a stop's title) governs every date under it.
        if outline.governing[lines.lowerBound].contains(where: { hasImpact($0...$0) || Self.namesAStopTime(text.lineText($0)) }) { return true }
        if lines.upperBound + 1 < text.lines.count, lineTokens((lines.upperBound + 1)...(lines.upperBound + 1)).contains(where: { $0.kind == .resumes }) {
            return true
        }
        if wholeDays { return false }
        return hasImpact(max(0, lines.lowerBound - 8)...lines.upperBound) || hasImpact(0...min(4, text.lines.count - 1))
    }

    /// 停止日時, 作業日時, メンテナンス日時, 停止期間: a heading that says its dates are the stop's.
    static func namesAStopTime(_ line: String) -> Bool {
        ["停止日", "停止期間", "停止時間", "作業日", "作業期間", "作業時間", "メンテナンス日", "メンテナンス期間", "休止期間", "休止日", "影響期間", "実施日時", "日時"]
            .contains(where: line.contains)
    }

    /// The nearest heading above that names a kind of stop — (1)長時間の通信断 — without its
    /// number and its bracketed aside; nil when the nearest heading names a time (停止日時) or a
    /// subject (…について) instead.
    func wording(above line: Int) -> String? {
        for above in stride(from: line - 1, through: max(0, line - 8), by: -1) where !lineHasDateOrTime(above) {
            // A question (Q1 いつ停止しますか。) is not a name.
            let said = text.lineText(above)
            if outline.headings[above]?.mark == .question || said.hasSuffix("か。") || said.hasSuffix("か?") || said.hasSuffix("?") { continue }
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

    /// What the nearest words for what stops say: on the window's own lines first, then the
    /// sentences after it (閲覧機能のみ停止します。資格確認は通常どおり), then line by line above it
    /// (a heading such as (2)数分間の通信断 rules the windows under it). 断続・数分・瞬断 make it
    /// intermittent, 一部 or のみ partial, something that still works beside a stop partial;
    /// otherwise an outage. `read` is false when no word said it.
    func kind(_ lines: ClosedRange<Int>, following: [Token] = []) -> (kind: WindowKind, read: Bool) {
        func kinds(_ tokens: some Sequence<Token>) -> [WindowKind] {
            tokens.compactMap { token -> WindowKind? in
                if case .impact(let kind) = token.kind { return kind }
                return nil
            }
        }
        if lineTokens(lines).contains(where: { $0.kind == .whole }) { return (.outage, true) }
        let own = kinds(lineTokens(lines))
        if own.contains(.intermittent) { return (.intermittent, true) }
        if own.contains(.partial) { return (.partial, true) }
        let after = kinds(following)
        if after.contains(.intermittent) { return (.intermittent, true) }
        if after.contains(.partial) || ((!own.isEmpty || !after.isEmpty) && following.contains { $0.kind == .works }) { return (.partial, true) }
        if own.contains(.outage) { return (.outage, true) }
        for above in stride(from: lines.lowerBound - 1, through: max(0, lines.lowerBound - 8), by: -1) {
            let found = kinds(lineTokens(above...above))
            if found.contains(.intermittent) { return (.intermittent, true) }
            if found.contains(.partial) { return (.partial, true) }
            if found.contains(.outage) { return (.outage, true) }
        }
        if after.contains(.outage) { return (.outage, true) }
        return (.outage, false)
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
    var isDate: Bool {
        if case .date = kind { return true }
        return false
    }

    /// A date that names a day (not 2025年6月 or 3月 alone).
    var isDay: Bool {
        if case .date(let d) = kind { return d.day != nil || d.relativeDays != nil }
        return false
    }

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
    /// When it begins: the start, or the first day's midnight in Japan.
    var firstInstant: Date {
        switch self {
        case .timed(let start, _): start
        case .days(let days): days.first.map(JST.midnight) ?? Date(timeIntervalSince1970: 0)
        }
    }

    /// Whole days, or a start with no known end: no time of day says when.
    var isWholeDays: Bool {
        switch self {
        case .days: true
        case .timed(let start, let end): end == nil && JST.civil(start).hour == 0 && JST.civil(start).minute == 0
        }
    }
}
