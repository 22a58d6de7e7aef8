import Foundation
import Civil

extension Token {
    var isDate: Bool {
        if case .date = kind { return true }
        return false
    }

    var isTime: Bool {
        if case .time = kind { return true }
        return false
    }

    /// A word that says something stops (停止, 利用できません, 一部, 瞬断 …).
    var isImpact: Bool {
        if case .impact = kind { return true }
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
