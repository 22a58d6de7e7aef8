import Foundation
import Civil

/// Moments and their timings: a date with its time, a table row's end column, hours given once.
extension WindowGrammar {
    /// Hours that a notice gives once for all its days: a range of times with no date of its
    /// own, on a line that says 各日 / いずれも / 毎回 or under a heading that names the hours
    /// (■停止時間, 作業時間帯).

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

    /// The end of a window in a change's table whose rows name what they give and whose columns
    /// are the old and the new value (項目 | 誤 | 正 / 停止開始 | … | … / 停止終了 | … | …): the
    /// same column of the next row that names an end.
    func columnEnd(after start: Moment) -> Moment? {
        let row = line(start.last)
        guard start.time != nil, let cells = outline.rows[row]?.cells, let label = cells.first,
            DocumentOutline.column(text.text(label)) == .start,
            let startCell = outline.cell(at: tokens[start.first].range.lowerBound, line: row),
            startCell.column == .old || startCell.column == .new
        else { return nil }
        for next in (row + 1)..<min(text.lines.count, row + 3) {
            guard let nextCells = outline.rows[next]?.cells, let nextLabel = nextCells.first,
                DocumentOutline.column(text.text(nextLabel)) == .end, startCell.index < nextCells.count else { continue }
            let cell = nextCells[startCell.index]
            let inCell = tokens(in: cell)
            guard !inCell.isEmpty else { return nil }
            return moment(at: inCell.startIndex, lastDate: start.dates.last.map { ($0, row, nil) })
        }
        return nil
    }

    /// Whether a moment's dates are an item of a list (・2026年5月16日(土), a table's cell), not
    /// words of a sentence (実施の有無は5月18日(月)にお知らせします): only listed days take the
    /// hours given once for all of them.
    func isListed(_ moment: Moment) -> Bool {
        let row = line(moment.first)
        let before = text.scalars[text.lines[row].lowerBound..<tokens[moment.first].range.lowerBound]
        // Kana and kanji are words; a bullet (・, U+30FB, among the katakana) or a mark is not.
        let words = before.contains {
            (0x3041...0x3096).contains($0.value) || (0x30A1...0x30FA).contains($0.value) || (0x3400...0x4DBF).contains($0.value)
                || (0x4E00...0x9FFF).contains($0.value)
        }
        return outline.rows[row] != nil || (!words && !text.scalars[text.lines[row]].contains("。"))
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
                return moment(at: next, lastDate: start.dates.last.map { ($0, row, nil) })
            default:
                next += 1
            }
        }
        return nil
    }

    /// A date (with its weekday and time), or a time alone under a date just before it.
    func moment(at index: Int, lastDate: (date: CivilDate, line: Int, end: Int?)?) -> Moment? {
        guard index < tokens.count else { return nil }
        var moment = Moment(first: index, last: index)
        var i = index
        if case .date = tokens[i].kind {
            guard let date = dates[i] else { return nil }
            moment.dates = [date]
            i += 1
            if i < tokens.count, tokens[i].weekdayValue != nil { moment.last = i; i += 1 }
            // The time, on the same line or the next (a wrapped cell), not a chat's timestamp.
            if i < tokens.count, case .time(let time) = tokens[i].kind, !timestamps.contains(i), line(i) - line(moment.last) <= 1,
                tokens[i].range.lowerBound - tokens[moment.last].range.upperBound <= 12 {
                moment.time = time
                moment.last = i
            }
            return moment
        }
        // A time alone belongs to the date above it when nothing between ends that date's
        // sentence (。) and the date's line is not itself something else (受付時間, 除く).
        // (From the date itself where it is known: sentences before it on its line do not count,
        // and what the date's own sentence says, not its line's.)
        if timestamps.contains(i) { return nil }
        if case .time(let time) = tokens[i].kind, let lastDate, line(i) - lastDate.line <= 3,
            !text.scalars[max(text.lines[lastDate.line].lowerBound, lastDate.end ?? 0)..<tokens[i].range.lowerBound].contains("。"),
            !(lastDate.end.map { clauseTokens(outline.clause(of: ($0 - 1)..<$0)) } ?? Array(lineTokens(lastDate.line...lastDate.line)))
                .contains(where: { $0.notAWindowReason != nil }) {
            moment.dates = [lastDate.date]
            moment.time = time
            return moment
        }
        // A notice of one day: 「11月30日(月)午後は電話が不通となります … 13時から16時30分の間は、
        // 電話も不通となります」, however far below the day the time is, when its own sentence
        // says that something stops.
        if case .time(let time) = tokens[i].kind, let soleDay,
            clauseTokens(outline.clause(of: tokens[i].range)).contains(where: \.isImpact) {
            moment.dates = [soleDay]
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
}
