import Civil
import Foundation

/// When the desk is staffed: open hours per weekday, what public holidays do, and the days it
/// is closed (年末年始, お盆 …). A pure value: the planner asks it whether an instant is open, the
/// last open minute before one and the next opening after one. Times are JST wall-clock times.
public struct OpeningHours: Hashable, Sendable {
    /// Open from `start` to `end`, in minutes after midnight (0…1440); the end is not open.
    public struct Span: Hashable, Sendable, Comparable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        public static func < (lhs: Span, rhs: Span) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }
    }

    /// What a public holiday (祝日, 振替休日, 国民の休日) does to the desk's hours.
    public enum HolidayHours: Hashable, Sendable {
        /// Closed (the default: most clinics are).
        case closed
        /// Open as on any other day of its weekday (`祝: 通常`).
        case asWeekday
        /// Open these hours, whatever the weekday.
        case open([Span])
    }

    /// Days the desk is closed whatever its weekday.
    public enum ClosedDays: Hashable, Sendable {
        /// Every year from one month and day through another, both included; may run over the
        /// new year (12/29-1/3).
        case yearly(fromMonth: Int, fromDay: Int, toMonth: Int, toDay: Int)
        /// From one date through another, both included (one year's お盆, a day off).
        case dates(from: CivilDate, through: CivilDate)

        func contains(_ day: CivilDate) -> Bool {
            switch self {
            case .yearly(let fromMonth, let fromDay, let toMonth, let toDay):
                let value = day.month * 100 + day.day
                let from = fromMonth * 100 + fromDay, to = toMonth * 100 + toDay
                return from <= to ? (from...to).contains(value) : value >= from || value <= to
            case .dates(let from, let through):
                return from <= day && day <= through
            }
        }
    }

    /// Open spans for each weekday, 0 = Sunday … 6 = Saturday: sorted, apart, within the day.
    public var week: [[Span]]
    public var holidays: HolidayHours
    public var closed: [ClosedDays]

    public init(week: [[Span]], holidays: HolidayHours = .closed, closed: [ClosedDays] = []) {
        precondition(week.count == 7, "one list of spans per weekday")
        self.week = week
        self.holidays = holidays
        self.closed = closed
    }

    /// The desk's open spans on `day`.
    public func spans(on day: CivilDate) -> [Span] {
        if closed.contains(where: { $0.contains(day) }) { return [] }
        if JapaneseHolidays.name(on: day) != nil {
            switch holidays {
            case .closed: return []
            case .open(let spans): return spans
            case .asWeekday: break
            }
        }
        return week[day.weekday]
    }

    /// Why the desk is closed all of `day`, in the words a reason shows: 祝日（元日）, 休診日; nil
    /// when it opens that day.
    public func closure(on day: CivilDate) -> String? {
        guard spans(on: day).isEmpty else { return nil }
        if closed.contains(where: { $0.contains(day) }) { return "休診日" }
        if let holiday = JapaneseHolidays.name(on: day), holidays != .asWeekday { return "祝日（\(holiday)）" }
        return "休診日"
    }
}

extension OpeningHours {
    /// How many days the searches look back or ahead for an open minute: a year and a little.
    static let searchDays = 400

    /// Open at `instant` (JST).
    public func isOpen(_ instant: Date) -> Bool {
        let local = JST.civil(instant)
        let minute = local.hour * 60 + local.minute
        return spans(on: CivilDate(local)).contains { $0.start <= minute && minute < $0.end }
    }

    /// When the desk last closed at or before `instant`: the end of the last open span that
    /// ends by then; nil when it was not open within ``searchDays``.
    public func lastClosing(atOrBefore instant: Date) -> Date? {
        var day = JST.day(instant)
        for _ in 0..<Self.searchDays {
            let midnight = JST.midnight(day)
            for span in spans(on: day).reversed() {
                let end = midnight.addingTimeInterval(Double(span.end * 60))
                if end <= instant { return end }
            }
            day = day.adding(days: -1)
        }
        return nil
    }

    /// For an instant when the desk is closed: the start of the last open minute before it
    /// (17:59 for a desk that closed at 18:00).
    public func lastOpenMinute(before instant: Date) -> Date? {
        lastClosing(atOrBefore: instant).map { $0.addingTimeInterval(-60) }
    }

    /// The first moment after `instant` at which the desk opens after being closed, or nil
    /// when it does not open within ``searchDays`` (or before `limit`).
    public func nextOpening(after instant: Date, before limit: Date = .distantFuture) -> Date? {
        var day = JST.day(instant)
        for _ in 0..<Self.searchDays {
            let midnight = JST.midnight(day)
            if midnight >= limit { return nil }
            for span in spans(on: day) {
                let start = midnight.addingTimeInterval(Double(span.start * 60))
                guard start > instant else { continue }
                // A span that carries on from the day before (0:00 after 24:00) is no opening.
                if !isOpen(start.addingTimeInterval(-60)) { return start }
            }
            day = day.adding(days: 1)
        }
        return nil
    }
}
