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
        /// The windows the letter calls off (中止, 見送り), in text order.
        var cancelled: [WindowTiming] = []
        /// The windows the letter says do not stop (通常どおりご利用いただけます), in text order.
        var negated: [WindowTiming] = []
    }

    /// The resolved calendar date of each date token (by token index).
    var dates: [Int: CivilDate] = [:]
    /// What was inferred in resolving a date token (an assumed year, a weekday that does not fit).
    var dateChecks: [Int: String] = [:]
    /// For each line, the indices of its tokens (tokens are in text order, so a contiguous range).
    let byLine: [Range<Int>]
    var outline: DocumentOutline
    var warnings: [String] = []
    /// A sentence with no date that hedges the times of the notice's windows (※開始・終了とも
    /// 前後する可能性があります): every window is 予定.
    var noticeHedge: String?
    /// A sentence with no date that says only part stops (一部機能, …以外は通常どおり, …のみ停止):
    /// a window that no nearer word calls intermittent or partial is partial.
    var noticePartial: String?
    /// A sentence with no date that says the stops are short and repeated (瞬断, 最大5分間の停止が3回):
    /// a window that no nearer word calls partial or intermittent is intermittent.
    var noticeIntermittent: String?
    /// A sentence of the notice, naming no day, that says the end is not known (復旧の見込みは
    ///立っておりません in a status page's newest update, above the first report's start).
    var noticeOpenEnd: String?
    /// The token of the letter's own date, if it has one.
    var letterToken: Int?

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
        (noticeHedge, noticePartial, noticeIntermittent, noticeOpenEnd) = noticeQualifiers()
        commonTimes = findCommonTimes()
        // Only where no date has a time of its own beside it: there, times find their dates.
        // (Looked for only in a notice of one day.)
        let days = Set(dates.values)
        if days.count == 1, !tokens.indices.contains(where: { index in
            guard tokens[index].isDate else { return false }
            var next = index + 1
            if next < tokens.count, tokens[next].weekdayValue != nil { next += 1 }
            guard next < tokens.count, tokens[next].isTime else { return false }
            return text.line(of: tokens[next].range.lowerBound) == text.line(of: tokens[index].range.lowerBound)
        }) {
            soleDay = days.first
        }
        timestamps = Self.logTimestamps(text: text, tokens: tokens, byLine: byLine)
    }

    /// 「14:32<TAB>事務局 佐藤<TAB>先生方へ…」: a time heading a line with a cell after it that is
    /// no range (not 22:00 | 翌6:00 of a table), on three lines or more: the timestamps of a chat
    /// or a log, not times of a window.
    static func logTimestamps(text: ReaderText, tokens: [Token], byLine: [Range<Int>]) -> Set<Int> {
        var heads: Set<Int> = []
        for (line, range) in byLine.enumerated() where !range.isEmpty {
            let first = range.lowerBound
            guard case .time = tokens[first].kind, tokens[first].range.lowerBound == text.lines[line].lowerBound,
                tokens[first].range.upperBound < text.scalars.count, text.scalars[tokens[first].range.upperBound] == "|"
            else { continue }
            if first + 1 < range.upperBound {
                let next = tokens[first + 1]
                let near = next.range.lowerBound - tokens[first].range.upperBound <= 3
                if next.kind == .rangeSeparator && near { continue }
                if next.isTime, near { continue }
            }
            heads.insert(first)
        }
        return heads.count >= 3 ? heads : []
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
        var drafted: [FoundWindow] = []
        var readings: [DateReading] = []
        /// Where each timing stands in `drafted`: the same window said twice is drafted once.
        var draftedIndex: [WindowTiming: Int] = [:]
        /// Timings that some saying withdraws, with why.
        var withdrawn: [WindowTiming: (meaning: DateReading.Meaning, reason: String)] = [:]
        let asides = asideSections()
        var index = 0
        var lastDate: (date: CivilDate, line: Int, end: Int?)?
        /// The list the last window stood in and the note under it (``listNote(afterRowAt:)``).
        var listNote: (rows: ClosedRange<Int>, tokens: [Token])?
        while index < tokens.count {
            if let date = dates[index] { lastDate = (date, text.line(of: tokens[index].range.lowerBound), tokens[index].range.upperBound) }
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
            // 21:00頃～, 22:00(予定)～: the hedge stands between the start and its separator.
            while start.time != nil, cursor + 1 < tokens.count, tokens[cursor].kind == .approximate || tokens[cursor].kind == .tentative,
                tokens[cursor].range.lowerBound - tokens[cursor - 1].range.upperBound <= 1, tokens[cursor + 1].kind == .rangeSeparator {
                cursor += 1
            }
            var end: Moment?
            /// An end read from another row (a change's table), not from after the start.
            var endElsewhere: ClosedRange<Int>?
            var openEnd = false
            var last = start.last
            var checks: [String] = []
            // A range: the separator right after the start, the end right after the separator
            // (a few characters between at most: (予定), a space, the line's end).
            if cursor < tokens.count, tokens[cursor].kind == .rangeSeparator,
                tokens[cursor].range.lowerBound - tokens[start.last].range.upperBound <= 6 {
                var next = cursor + 1
                while next < tokens.count, tokens[next].kind == .rangeSeparator || tokens[next].kind == .list { next += 1 }
                if let found = moment(at: next, lastDate: start.dates.last.map { ($0, line(start.last), tokens[start.last].range.upperBound) }),
                    tokens[found.first].range.lowerBound - tokens[next - 1].range.upperBound <= 6 {
                    end = found
                    last = found.last
                } else if start.time != nil, let found = proseEnd(after: cursor) {
                    // 「12月11日（土）は午後6時からシステムを全面的に停止し、翌12日（日）の午前9時までの
                    // 間は…」: the end further on in the same sentence, said with まで.
                    end = found
                    last = found.last
                }
            } else if start.first > 0, tokens[start.first - 1].kind == .startLabel, line(start.first - 1) == line(start.first),
                let label = (start.last + 1 ..< min(tokens.count, start.last + 4)).first(where: { tokens[$0].kind == .endLabel }),
                line(label) - line(start.last) <= 2,
                let found = moment(at: label + 1, lastDate: start.dates.last.map { ($0, line(start.last), tokens[start.last].range.upperBound) }) {
                // 開始：5月30日（土）23:00 / 終了：5月31日（日）6:00, each on its line.
                end = found
                last = found.last
            } else if let found = columnEnd(after: start) {
                // 停止開始 | 10月18日(土)22:00 | 10月25日(土)22:00 over 停止終了 | … : by column.
                end = found
                endElsewhere = found.first...found.last
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
            // | 5月1日（土）～5月5日（水・祝）| 各日 2:00～4:00 |: a range of days, the hours after it on
            // its line (a cell, 各日) with no other day between.
            if dailyHours == nil, let found = end, start.time == nil, start.dates.count == 1,
                let endDate = found.dates.first, endDate > start.dates[0] {
                // The end's moment may have taken the hours' first time across the cell: start there.
                var j = found.last + 1
                if found.time != nil, let dateToken = (found.first...found.last).first(where: { tokens[$0].isDay }) {
                    let between = String(String.UnicodeScalarView(text.scalars[tokens[dateToken].range.upperBound..<tokens[found.last].range.lowerBound]))
                    if between.contains("|") || between.contains("各日") {
                        j = found.last
                        end = Moment(dates: [endDate], time: nil, first: found.first, last: dateToken)
                    }
                }
                while j < tokens.count, line(j) == line(found.last), !tokens[j].isDay {
                    if case .time(let from) = tokens[j].kind {
                        if j + 2 < tokens.count, tokens[j + 1].kind == .rangeSeparator, case .time(let to) = tokens[j + 2].kind, line(j + 2) == line(j) {
                            dailyHours = (from, to)
                            last = j + 2
                        }
                        break
                    }
                    j += 1
                }
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
            if !(listNote?.rows.contains(lastLine) ?? false) { listNote = self.listNote(afterRowAt: lastLine) }
            let note = listNote.map { $0.rows.contains(lastLine) && lastLine < $0.rows.upperBound ? $0.tokens : [] } ?? []
            let following = followingTokens(after: clause.upperBound, from: lastLine) + note
            let context = contextTokens(firstLine...lastLine, around: source) + clauseTokens(clause)
            if end == nil, sameTimeAs == nil, (context + following).contains(where: { $0.kind == .openEnd }) || noticeOpenEnd != nil,
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
                // 終日 of another day's sentence (「翌19日（日）は終日通常どおり」) is not this one's.
                timings = timing(start, end, openEnd: openEnd, allDay: (context.contains { $0.kind == .allDay } && nearest(context, to: source).contains { $0.kind == .allDay }) || namedStopDay(after: start.last))
                // ■停止日 lists the days, ■停止時間 「各日とも 22:00～翌朝6:00」 the hours of each.
                if timings.isEmpty, start.time == nil, end == nil, let common = commonTimes, isListed(start) {
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
            if let endElsewhere { for used in endElsewhere { consumed.insert(used) } }
            for used in start.first...last { if let check = dateChecks[used] { checks.append(check) } }
            if let end, end.dates.isEmpty, end.time != nil, let startTime = start.time, let endTime = end.time,
                endTime.hour * 60 + endTime.minute <= startTime.hour * 60 + startTime.minute, endTime.hour < 24 {
                checks.append("end read as the next day: no date is written before \(text.text(tokens[end.first].range))")
            }
            let words = text.text(source)
            let (meaning, reason) = classify(
                source: source, lines: firstLine...lastLine, clause: clause, context: context, timings: timings, asides: asides)
            if meaning.isDrafted {
                // What qualifies the window is the same for each of its timings: read once.
                let hedged = (context + following).contains { [.tentative, .approximate, .hedge].contains($0.kind) }
                // The sentence run on from the window's line is its own.
                let runOn = clauseTokens(source.upperBound..<clause.upperBound).filter { line(ofOffset: $0.range.lowerBound) > lastLine }
                let (kind, kindRead) = self.kind(firstLine...lastLine, runOn: runOn, following: following)
                var windowChecks = checks
                if !kindRead {
                    windowChecks.append("kind: no word near it says what stops (停止, 一部, 瞬断 …); read as an outage")
                }
                let window = FoundWindow(
                    timing: timings[0], kind: kind, tentative: hedged || noticeHedge != nil,
                    backup: meaning == .backup, scope: scope(firstLine...lastLine, before: source.lowerBound),
                    source: source, line: firstLine, words: words, wording: wording(above: firstLine), checks: windowChecks,
                    whole: lineTokens(firstLine...lastLine).contains(where: { $0.kind == .whole }))
                var firstIndex: Int?
                for timing in timings {
                    if let existing = draftedIndex[timing] {
                        // The same window said twice: once, hedged if either saying hedges it.
                        firstIndex = firstIndex ?? existing
                        if hedged { drafted[existing].tentative = true }
                        continue
                    }
                    var copy = window
                    copy.timing = timing
                    draftedIndex[timing] = drafted.count
                    drafted.append(copy)
                    firstIndex = firstIndex ?? drafted.count - 1
                }
                readings.append(DateReading(range: source, words: words, meaning: meaning, reason: reason, window: firstIndex))
                if context.contains(where: { $0.kind == .vagueTime }) {
                    result.warnings.append("line \(firstLine + 1) says 深夜 or 未明 without a time: check the window read from '\(words)'")
                }
            } else {
                readings.append(DateReading(range: source, words: words, meaning: meaning, reason: reason))
                // A window cancelled, replaced or negated here is so wherever else it is said (a news
                // list's older item, the mail quoted under a change).
                if [.cancelled, .replaced, .negated].contains(meaning) {
                    for timing in timings where withdrawn[timing] == nil { withdrawn[timing] = (meaning, "\(reason), at '\(words)'") }
                }
                if meaning == .cancelled {
                    result.cancelled += timings.filter { !result.cancelled.contains($0) }
                }
                if meaning == .negated {
                    result.negated += timings.filter { !result.negated.contains($0) }
                }
            }
            index = last + 1
        }
        applyCorrections(&drafted, readings: readings)
        tableKinds(&drafted)
        let (phaseTokens, phaseSpans) = splitPhases(&drafted, readings: &readings)
        consumed.formUnion(phaseTokens)
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
        for (day, said) in conditionalDays() {
            for i in drafted.indices where JST.day(drafted[i].timing.firstInstant) == day && !drafted[i].tentative {
                drafted[i].tentative = true
                drafted[i].checks.append("予定: '\(said)' may call it off")
            }
        }
        // 作業時間 1:30～6:00 with 影響発生時間帯 2:00～4:30 on the next line: the stop is the 影響 time.
        var workOnly = Set<Int>()
        for (i, window) in drafted.enumerated() {
            let said = text.lineText(window.line)
            guard ["作業", "実施日", "工事"].contains(where: said.contains), !said.contains("影響"), case .timed(let from, _) = window.timing else { continue }
            if drafted.contains(where: { other in
                guard case .timed(let otherStart, _) = other.timing, other.line > window.line, other.line - window.line <= 2 else { return false }
                let otherSaid = text.lineText(other.line)
                return JST.day(otherStart) == JST.day(from)
                    && ["影響", "停止時間", "停電時間", "利用できない"].contains(where: otherSaid.contains)
            }) {
                workOnly.insert(i)
            }
        }
        // A window said again in other words (a title's 【7/4～7/5】 beside the body's times): once.
        var keep = Array(repeating: true, count: drafted.count)
        /// Leaves window `i` out, its reading saying what it was read as instead.
        func drop(_ i: Int, as meaning: DateReading.Meaning, because reason: String) {
            keep[i] = false
            for r in readings.indices where readings[r].window == i {
                readings[r].meaning = meaning
                readings[r].reason = reason
                readings[r].window = nil
            }
        }
        for (i, window) in drafted.enumerated() {
            if phaseSpans.contains(where: { $0.contains(window.source.lowerBound) }) {
                // 23:00～翌1:00 under the window's date, drafted alone: a phase of the window, already split.
                drop(i, as: .restatement, because: "a phase of a window drafted from its date")
            } else if case .timed(let from, .some(let to)) = window.timing, to <= from {
                // Whatever read it (a correction, a copied time, a row's cells), a window that does
                // not end after it starts is not one (found by the importer fuzzer).
                drop(i, as: .notAStop, because: "its end is not after its start")
            } else if let (meaning, reason) = withdrawn[window.timing] {
                drop(i, as: meaning, because: reason)
            }
        }
        for i in workOnly {
            drop(i, as: .otherPeriod, because: "the period of the work (作業・実施日・工事); the stop is the time given with it (影響・停止時間・停電時間)")
        }
        // 「【訂正】…正しくは 10/10(日) 22:00～… です。9日(土)は通常どおり使えます」: a day said
        // later, alone, to work as usual withdraws the window that starts on it.
        let startDays = Set(drafted.enumerated().compactMap { i, window -> CivilDate? in
            guard keep[i], case .timed(let from, _) = window.timing else { return nil }
            return JST.day(from)
        })
        for index in tokens.indices where !startDays.isEmpty && !consumed.contains(index) && tokens[index].isDay {
            guard let day = dates[index], startDays.contains(day) else { continue }
            let said = nearest(clauseTokens(outline.clause(of: tokens[index].range)), to: tokens[index].range)
            // Not 「7月31日（土）は、日中（深夜23時30分まで）は通常どおり」: a part of the day.
            guard said.contains(where: { $0.kind == .works }), !said.contains(where: { $0.isImpact || $0.isTime || $0.kind == .until }) else { continue }
            for (i, window) in drafted.enumerated() where keep[i] && window.source.upperBound < tokens[index].range.lowerBound {
                guard case .timed(let from, _) = window.timing, JST.day(from) == day else { continue }
                drop(i, as: .negated, because: "'\(text.text(tokens[index].range))' is said to work as usual (\(snippet(tokens[index].range)))")
            }
        }
        for (i, window) in drafted.enumerated() {
            guard case .days(let days) = window.timing else { continue }
            // A row of its own that says 終日 (| 5月4日（火・祝）| 終日 | 一部機能停止 |) is a window of
            // its own, not the days of the timed windows said again.
            if outline.rows[window.line] != nil, lineTokens(window.line...window.line).contains(where: { $0.kind == .allDay }) { continue }
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
                if let r = readings.firstIndex(where: { $0.window == i }) {
                    readings[r].meaning = .restatement
                    readings[r].reason = "the days of the window '\(drafted[covering].words)'"
                    readings[r].window = covering
                }
            }
        }
        var newIndex: [Int: Int] = [:]
        for (i, window) in drafted.enumerated() where keep[i] {
            newIndex[i] = result.windows.count
            result.windows.append(window)
        }
        for reading in readings {
            var reading = reading
            reading.window = reading.window.flatMap { newIndex[$0] }
            if !reading.meaning.isDrafted || reading.window == nil {
                if reading.meaning.isDrafted { reading.meaning = .restatement }
                result.notUsed.append("\(reading.words): \(reading.meaning.rawValue) (\(reading.reason))")
            }
            result.readings.append(reading)
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
            let reasonWord = contextTokens(line...line, around: token.range).lazy.compactMap(\.notAWindowReason).first
            // What its own clause says of it, as for a window.
            let said = nearest(clauseTokens(outline.clause(of: token.range)), to: token.range)
            var meaning: DateReading.Meaning = .notAStop
            var why = what == "not a window" ? "no time, no 終日 and no range with it" : "no date or range it belongs to"
            if letterToken == i {
                (meaning, why) = (.letterDate, "a date alone on its line, at the letter's head or foot")
            } else if let day = dates[i], let condition = conditionOffset(in: outline.clause(of: token.range)), token.range.lowerBound > condition,
                result.windows.contains(where: { JST.day($0.timing.firstInstant) == day }) {
                (meaning, why) = (.restatement, "'…\(text.text(max(text.lines[text.line(of: condition)].lowerBound, condition - 12)..<condition + 2))' may call off that day's window: drafted as 予定")
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

    /// The end of a range written as prose: the next date and time in the same sentence, no
    /// more than 40 characters after から, with まで right after it, and a date of its own
    /// (翌12日の午前9時まで), so that a time standing for something else is never taken.
    func proseEnd(after separator: Int) -> Moment? {
        let clause = outline.clause(of: tokens[separator].range)
        var next = separator + 1
        while next < tokens.count, tokens[next].range.lowerBound < clause.upperBound,
            tokens[next].range.lowerBound - tokens[separator].range.upperBound <= 40 {
            if tokens[next].isDate {
                guard let found = moment(at: next, lastDate: nil), found.time != nil, found.last + 1 < tokens.count,
                    tokens[found.last + 1].kind == .until,
                    tokens[found.last + 1].range.lowerBound - tokens[found.last].range.upperBound <= 1
                else { return nil }
                return found
            }
            if tokens[next].isTime { return nil }
            next += 1
        }
        return nil
    }

    /// A table that says in a column of its own what each row stops: where one row says 全機能,
    /// a row of the same table naming one function (重複投薬等チェック) is partial.
    func tableKinds(_ drafted: inout [FoundWindow]) {
        func sameTable(_ a: Int, _ b: Int) -> Bool { (min(a, b)...max(a, b)).allSatisfy { outline.rows[$0] != nil } }
        let wholeRows = drafted.filter { $0.whole && outline.rows[$0.line] != nil }.map(\.line)
        guard !wholeRows.isEmpty else { return }
        for i in drafted.indices where drafted[i].kind == .outage && !drafted[i].whole {
            let line = drafted[i].line
            guard let row = outline.rows[line], wholeRows.contains(where: { sameTable($0, line) }) else { continue }
            // The row's last cell with neither a day nor a time: what it stops.
            guard let what = row.cells.last(where: { cell in !tokens(in: cell).contains { $0.isDay || $0.isTime } }) else { continue }
            let named = text.text(what).trimmingCharacters(in: .whitespaces)
            // A system's name is the whole of that system (電子処方箋管理サービス); 「…を含む」 widens.
            guard !named.isEmpty, named.count <= 40, !named.hasSuffix("システム"), !named.hasSuffix("サービス"),
                !named.contains("含む"), !named.contains("全"), !named.contains("すべて") else { continue }
            drafted[i].kind = .partial
            drafted[i].checks.append("kind: partial: its row names '\(named)' where another row of the table says the whole system")
        }
    }

    /// 「3月21日・22日は休止日にあたります」「7月4日を停止日とします」: the days before it are
    /// called days of a stop, whole days.
    func namedStopDay(after last: Int) -> Bool {
        let from = tokens[last].range.upperBound
        let near = text.scalars[from..<min(text.scalars.count, from + 12)]
        // (A regular expression only where 止 stands: most dates have none after them.)
        guard near.contains("止") else { return false }
        let said = String(String.UnicodeScalarView(near))
        return said.range(of: "^[)）]?\\s*(は|を|が)?(システムの|サービスの|システム|サービス)?(休止日|停止日)(?!時)", options: .regularExpression) != nil
    }

    /// The hours a notice gives once for all its days (see ``findCommonTimes()``).
    /// The one day a notice names, however often and in whatever words (its date line, its
    /// title, 本日), when none of them has a time beside it: a time said with a stop far below
    /// it is on that day.
    var soleDay: CivilDate?
    /// The timestamps of a chat or log (``logTimestamps(text:tokens:byLine:)``): never a window's time.
    var timestamps: Set<Int> = []

    var commonTimes: (start: TimeToken, end: TimeToken, endNextDay: Bool, words: String)?
}
