import Foundation
import Testing

@testable import ICal

/// Local times a change of offset skips or shows twice, read as RFC 5545 §3.3.5 says: a skipped
/// time is moved forward by the length of the gap, a time shown twice is the first of the two.
///
/// Expected instants come from Python's zoneinfo (tzdata 2025), for example
/// `datetime(2026, 3, 8, 2, 30, tzinfo=ZoneInfo("America/New_York"), fold=0).astimezone(timezone.utc)`.
/// fold=0 is the RFC's reading in both cases: in an overlap it is the first occurrence, and in a
/// gap Python reads the time at the offset before the change, which is the RFC's "moved forward
/// by the length of the gap" (02:30 → 03:30 EDT = 07:30Z; fold=1 would give 06:30Z, what
/// libical gave).
@Suite("Times at changes of offset")
struct ZoneTimeTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static let newYorkZone = """
        BEGIN:VTIMEZONE\r
        TZID:America/New_York\r
        BEGIN:DAYLIGHT\r
        TZOFFSETFROM:-0500\r
        TZOFFSETTO:-0400\r
        TZNAME:EDT\r
        DTSTART:19700308T020000\r
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r
        END:DAYLIGHT\r
        BEGIN:STANDARD\r
        TZOFFSETFROM:-0400\r
        TZOFFSETTO:-0500\r
        TZNAME:EST\r
        DTSTART:19701101T020000\r
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
        END:STANDARD\r
        END:VTIMEZONE\r

        """

    static func calendar(zone: String, events: [(uid: String, lines: String)], header: String = "") -> String {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//zones//EN\r\n\(header)\(zone)"
        for (uid, lines) in events { text += "BEGIN:VEVENT\r\nUID:\(uid)\r\n\(lines)DURATION:PT30M\r\nEND:VEVENT\r\n" }
        return text + "END:VCALENDAR\r\n"
    }

    static func starts(_ text: String) throws -> [String: [Date]] {
        let result = try ICalFeedReader.read(text, from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"), floatingOffset: 9 * 3600)
        #expect(result.problems.isEmpty)
        return Dictionary(grouping: result.occurrences, by: \.uid).mapValues { $0.map(\.start) }
    }

    static let newYorkEvents: [(uid: String, lines: String)] = [
        ("gap", "DTSTART;TZID=America/New_York:20260308T023000\r\n"),
        ("overlap", "DTSTART;TZID=America/New_York:20261101T013000\r\n"),
        ("daily-spring", "DTSTART;TZID=America/New_York:20260305T023000\r\nRRULE:FREQ=DAILY;COUNT=6\r\n"),
        ("daily-fall", "DTSTART;TZID=America/New_York:20261030T013000\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"),
        // UNTIL in UTC still stops the series at the right repeat: 10 March 02:30 EDT is 06:30Z.
        ("until", "DTSTART;TZID=America/New_York:20260307T023000\r\nRRULE:FREQ=DAILY;UNTIL=20260310T063000Z\r\n"),
        // The repeat in the gap is known by its RFC instant: an EXDATE naming it removes it.
        ("exdate", "DTSTART;TZID=America/New_York:20260307T023000\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE;TZID=America/New_York:20260308T023000\r\n"),
    ]

    /// Python zoneinfo, fold=0, America/New_York.
    static let newYorkExpected: [String: [String]] = [
        "gap": ["2026-03-08T07:30:00Z"],  // 02:30 is skipped: 03:30 EDT
        "overlap": ["2026-11-01T05:30:00Z"],  // 01:30 EDT, the first of the two
        "daily-spring": ["2026-03-05T07:30:00Z", "2026-03-06T07:30:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"],
        "daily-fall": ["2026-10-30T05:30:00Z", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"],
        "until": ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"],
        "exdate": ["2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z"],
    ]

    @Test("New York, with its VTIMEZONE in the feed and as libical's builtin zone", arguments: [true, false])
    func newYork(withVTimezone: Bool) throws {
        let starts = try Self.starts(Self.calendar(zone: withVTimezone ? Self.newYorkZone : "", events: Self.newYorkEvents))
        for (uid, expected) in Self.newYorkExpected {
            #expect(starts[uid] == expected.map(Self.utc), "\(uid)")
        }
    }

    @Test("London, as libical's builtin zone and as the feed's X-WR-TIMEZONE for floating times")
    func london() throws {
        let zoned = try Self.starts(Self.calendar(zone: "", events: [
            ("gap", "DTSTART;TZID=Europe/London:20260329T013000\r\n"),
            ("overlap", "DTSTART;TZID=Europe/London:20261025T013000\r\n"),
            ("daily", "DTSTART;TZID=Europe/London:20260328T013000\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"),
        ]))
        let floating = try Self.starts(Self.calendar(zone: "", events: [
            ("gap", "DTSTART:20260329T013000\r\n"),
            ("overlap", "DTSTART:20261025T013000\r\n"),
            ("daily", "DTSTART:20260328T013000\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"),
        ], header: "X-WR-TIMEZONE:Europe/London\r\n"))
        // Python zoneinfo, fold=0, Europe/London.
        let expected = [
            "gap": ["2026-03-29T01:30:00Z"],  // 01:30 is skipped: 02:30 BST
            "overlap": ["2026-10-25T00:30:00Z"],  // 01:30 BST, the first of the two
            "daily": ["2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"],
        ].mapValues { $0.map(Self.utc) }
        #expect(zoned == expected)
        #expect(floating == expected)
    }
}
