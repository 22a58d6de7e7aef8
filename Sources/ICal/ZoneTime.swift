import CLibical
import Civil
import Foundation

/// A wall-clock time in a zone read as an instant the way RFC 5545 §3.3.5 says, which libical
/// 3.0.16 does not: a time the clocks skip (02:30 on a spring-forward night) is moved forward
/// by the length of the gap (03:30 summer time), and a time they show twice (01:30 on a
/// fall-back night) is the first of the two (summer time). libical reads the first an hour
/// early and the second an hour late, which moves an alert by an hour.
///
/// Only the offset at a UTC instant is asked of libical: that one is never ambiguous.
enum ZoneTime {
    /// `time`'s date and time of day (midnight for a DATE) in `zone`. Calls
    /// `icaltimezone_get_utc_offset_of_utc_time`.
    static func instant(_ time: icaltimetype, in zone: OpaquePointer) -> Date {
        let date = time.is_date != 0
        let civil = CivilTime(
            year: Int(time.year), month: Int(time.month), day: Int(time.day),
            hour: date ? 0 : Int(time.hour), minute: date ? 0 : Int(time.minute), second: date ? 0 : Int(time.second))
        // The wall-clock reading as if it were UTC; the instant is this less the offset in force.
        let wall = Int(civil.instant(offsetSeconds: 0).timeIntervalSince1970)
        if zone == icaltimezone_get_utc_timezone() { return Date(timeIntervalSince1970: TimeInterval(wall)) }
        // Offsets lie within a day of UTC and no zone changes twice in two days: a day either
        // side is before and after any change this time could fall in.
        let before = offset(of: zone, at: wall - 86_400)
        let after = offset(of: zone, at: wall + 86_400)
        // An offset fits when the instant it gives is one at which that offset is in force.
        let fitting = [before, after].filter { offset(of: zone, at: wall - $0) == $0 }
        // Two that fit: the time is shown twice, and means the first (the larger offset).
        // None: the time is skipped, and is read at the offset before the change, which moves it
        // forward by the length of the gap.
        let chosen = fitting.max() ?? before
        return Date(timeIntervalSince1970: TimeInterval(wall - chosen))
    }

    /// Seconds east of UTC in force in `zone` at `seconds` since 1970 (UTC).
    private static func offset(of zone: OpaquePointer, at seconds: Int) -> Int {
        var time = icaltime_from_timet_with_zone(time_t(seconds), 0, icaltimezone_get_utc_timezone())
        return Int(icaltimezone_get_utc_offset_of_utc_time(zone, &time, nil))
    }
}
