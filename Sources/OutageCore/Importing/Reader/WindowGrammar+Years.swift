import Foundation
import Civil

/// Years, months and days the text leaves out, resolved as a person does.
extension WindowGrammar {
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
    mutating func resolveDates() {
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
                    // The weekday is a fact: 「10日(日)」 after a mention of the 20th is this month's
                    // Sunday the 10th, not next month's Wednesday.
                    if !written.followingDay, let weekday, CivilTime(year: year, month: month, day: day).weekday != weekday {
                        let candidates = [(context.year, context.month), Self.shift(context, months: 1), Self.shift(context, months: -1)]
                        if let (y, m) = candidates.first(where: { CivilTime(year: $0.0, month: $0.1, day: day).isValid
                            && CivilTime(year: $0.0, month: $0.1, day: day).weekday == weekday }) {
                            resolved = CivilDate(year: y, month: m, day: day)
                        }
                    }
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

    /// The month `months` away from `date`'s: (year, month).
    static func shift(_ date: CivilDate, months: Int) -> (Int, Int) {
        let index = date.year * 12 + (date.month - 1) + months
        return (index / 12, index % 12 + 1)
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
}
