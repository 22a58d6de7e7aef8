import Foundation
import Civil

/// How long before a window's start or end a reminder goes off.
public enum AlarmLead: Hashable, Sendable, CustomStringConvertible {
    /// A fixed number of minutes before.
    case minutes(Int)
    /// The day before, at this JST clock time (hour, minute): reaches staff during working
    /// hours before a night-time or early-morning outage.
    case dayBefore(hour: Int, minute: Int)

    /// Seconds between the alarm and `instant`, for a relative TRIGGER.
    public func seconds(before instant: Date) -> Int {
        switch self {
        case .minutes(let minutes):
            return minutes * 60
        case .dayBefore(let hour, let minute):
            let local = JST.civil(instant)
            var reminder = CivilTime(year: local.year, month: local.month, day: local.day, hour: hour, minute: minute)
            let sameDay = reminder.instant(offsetSeconds: JST.offsetSeconds)
            reminder = CivilTime(sameDay.addingTimeInterval(-86_400), offsetSeconds: JST.offsetSeconds)
            let at = reminder.instant(offsetSeconds: JST.offsetSeconds)
            return max(0, Int(instant.timeIntervalSince(at)))
        }
    }

    /// As written in notice files: `30m`, `2h`, `前日17:00`.
    public var description: String {
        switch self {
        case .minutes(let m) where m % 1440 == 0: "\(m / 1440)d"
        case .minutes(let m) where m % 60 == 0: "\(m / 60)h"
        case .minutes(let m): "\(m)m"
        case .dayBefore(let h, let m): "前日\(h):" + (m < 10 ? "0\(m)" : "\(m)")
        }
    }
}

/// The reminders every window of a notice carries.
public struct AlarmPolicy: Hashable, Sendable {
    /// Before the start, most useful first: Outlook keeps only the first VALARM.
    public var beforeStart: [AlarmLead]
    /// Before the end (TRIGGER;RELATED=END): the time to retry.
    public var beforeEnd: [AlarmLead]

    public init(beforeStart: [AlarmLead], beforeEnd: [AlarmLead]) {
        self.beforeStart = beforeStart
        self.beforeEnd = beforeEnd
    }

    /// The day before at 17:00, while the desk is staffed; 30 minutes before the start; 10
    /// minutes before the end.
    public static let standard = AlarmPolicy(
        beforeStart: [.dayBefore(hour: 17, minute: 0), .minutes(30)],
        beforeEnd: [.minutes(10)])
}
