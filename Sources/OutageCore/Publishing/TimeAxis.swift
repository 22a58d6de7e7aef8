import Foundation

/// The time axis of one timeline on the page: its ends, its grid lines and their labels, laid
/// out so that no two labels meet.
///
/// The SVG is scaled as a whole to the column, text included, so labels that do not meet in
/// the 720-unit viewBox meet on no screen, 360 px or 1600 px. Dates (12/20(金)) have a row of
/// their own above the times (6:00, 12:00); the step between ticks is the smallest usual one
/// whose labels fit; a label that would still meet its neighbour — the axis's first date when
/// midnight follows soon after it — is left out, never drawn over another.
struct TimeAxis {
    /// A vertical grid line; `day` at midnight JST.
    struct Line { let x: Double, top: Double, day: Bool }
    /// A label; `row` 0 is the top row.
    struct Label { let x: Double, row: Int, anchorEnd: Bool, text: String }

    let start: Date, end: Date, step: TimeInterval
    let lines: [Line]
    let labels: [Label]
    /// Rows of labels above the bars: 2 (dates, then times) when ticks fall within a day, else 1.
    let rows: Int

    static let width = 720.0, left = 8.0, right = 8.0
    /// The labels' font size in viewBox units (the page's CSS: `.tick{font-size:11px}`).
    static let fontSize = 11.0
    /// The least room between two labels of a row.
    static let gap = 8.0
    /// Where each row's text sits (its baseline), and where the bars begin below the rows.
    static let baselines = [12.0, 27.0]
    static func top(rows: Int) -> Double { rows == 1 ? 24 : 38 }

    static let hour: TimeInterval = 3600, day: TimeInterval = 86_400
    static let steps: [TimeInterval] = [hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 28 * day, 91 * day, 365 * day]

    /// An axis from `from` to `to`, its ends on ticks.
    init(from: Date, to: Date) {
        let to = max(to, from.addingTimeInterval(Self.hour))
        let step = Self.steps.first { Self.fits(step: $0, from: from, to: to) }
            ?? (to.timeIntervalSince(from) / 12 / Self.steps.last!).rounded(.up) * Self.steps.last!
        let (start, end) = Self.ends(step: step, from: from, to: to)
        let rows = step < Self.day ? 2 : 1
        func x(_ date: Date) -> Double { Self.x(date, start: start, end: end) }
        var lines: [Line] = [], dates: [Candidate] = [], times: [Candidate] = []
        var tick = start
        while tick <= end.addingTimeInterval(1) {
            let c = JST.civil(tick)
            let midnight = c.hour == 0 && c.minute == 0
            lines.append(Line(x: x(tick), top: rows == 1 ? 16 : midnight ? 2 : 31, day: midnight))
            if rows == 1 || midnight {
                dates.append(Candidate(x: x(tick), text: Self.dateLabel(tick, step: step), keep: 1))
            } else {
                times.append(Candidate(x: x(tick), text: "\(c.hour):00", keep: 1))
            }
            tick = tick.addingTimeInterval(step)
        }
        // The first day's date, at the left edge, when the axis does not start at midnight: it
        // gives way to the next midnight's date if they would meet.
        if rows == 2, dates.first.map({ $0.x > x(start) + 0.5 }) ?? true {
            dates.insert(Candidate(x: x(start), text: Self.dateLabel(start, step: step), keep: 0), at: 0)
        }
        (self.start, self.end, self.step, self.rows, self.lines) = (start, end, step, rows, lines)
        labels = Self.place(dates, row: 0) + Self.place(times, row: 1)
    }

    /// Where `date` falls, in viewBox units.
    func x(_ date: Date) -> Double { Self.x(date, start: start, end: end) }

    static func x(_ date: Date, start: Date, end: Date) -> Double {
        left + date.timeIntervalSince(start) / max(end.timeIntervalSince(start), 1) * (width - left - right)
    }

    /// The axis's ends for `step`: `from` rounded down and `to` rounded up to ticks (JST).
    static func ends(step: TimeInterval, from: Date, to: Date) -> (Date, Date) {
        let offset = TimeInterval(JST.offsetSeconds)
        let start = ((from.timeIntervalSince1970 + offset) / step).rounded(.down) * step - offset
        var end = ((to.timeIntervalSince1970 + offset) / step).rounded(.up) * step - offset
        if end <= start { end = start + step }
        return (Date(timeIntervalSince1970: start), Date(timeIntervalSince1970: end))
    }

    /// Whether ticks `step` apart leave room for their widest labels: times (22:00) and, a day
    /// apart, dates (12/30(月)) when the step is under a day; the step's own date label when not.
    static func fits(step: TimeInterval, from: Date, to: Date) -> Bool {
        let (start, end) = ends(step: step, from: from, to: to)
        let pitch = { (interval: TimeInterval) in interval / end.timeIntervalSince(start) * (width - left - right) }
        let widestDate = estimatedWidth(dateLabel(Date(timeIntervalSince1970: 1_735_484_400), step: step))  // 12/30(月)
        if step < day {
            return pitch(step) >= estimatedWidth("22:00") + gap && pitch(day) >= widestDate + gap
        }
        return pitch(step) >= widestDate + gap
    }

    /// 12/20(金) for ticks a day or two apart; 12/20 for weeks and months; 2025年 for years.
    static func dateLabel(_ date: Date, step: TimeInterval) -> String {
        let c = JST.civil(date)
        if step >= 365 * day { return "\(c.year)年" }
        if step >= 7 * day { return "\(c.month)/\(c.day)" }
        return "\(c.month)/\(c.day)(\(JST.weekdays[c.weekday]))"
    }

    /// A label's width in viewBox units, on the wide side: an ASCII character as 0.65 em
    /// (digits are 0.55–0.64 em in the usual sans-serif fonts), anything else as 1 em.
    static func estimatedWidth(_ text: String, fontSize: Double = fontSize) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 0.65 : 1.0) } * fontSize
    }

    /// A label that may be drawn: at `x`, kept before another it would meet when `keep` is higher.
    struct Candidate { let x: Double, text: String, keep: Int }

    /// The labels of one row, left to right: each drawn after its tick, or before it where it
    /// would pass the right edge; one that would come within ``gap`` of the last kept label is
    /// left out, or takes its place when it is to be kept first.
    static func place(_ candidates: [Candidate], row: Int) -> [Label] {
        var kept: [(label: Label, from: Double, to: Double, keep: Int)] = []
        for candidate in candidates.sorted(by: { $0.x < $1.x }) {
            let textWidth = estimatedWidth(candidate.text)
            let anchorEnd = candidate.x + 2 + textWidth > width - 1
            let from = anchorEnd ? candidate.x - 2 - textWidth : candidate.x + 2
            let label = Label(x: anchorEnd ? candidate.x - 2 : candidate.x + 2, row: row, anchorEnd: anchorEnd, text: candidate.text)
            while let last = kept.last, last.to + gap > from, last.keep < candidate.keep { kept.removeLast() }
            if let last = kept.last, last.to + gap > from { continue }
            kept.append((label, from, from + textWidth, candidate.keep))
        }
        return kept.map(\.label)
    }
}
