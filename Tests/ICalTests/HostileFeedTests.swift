import CLibical
import Foundation
import Testing

@testable import ICal

/// Feeds written to hurt the reader: each must be read in bounded time and memory, and what
/// was cut is said in words. No test here measures time: each asserts on counts that the
/// bounds keep small, and the time limit only turns a regression into a failure, not a hang.
@Suite("Hostile feeds", .timeLimit(.minutes(1)))
struct HostileFeedTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func event(_ lines: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nBEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260310T100000Z\r\n"
            + lines + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    // MARK: One long line (item 13)

    /// A one-megabyte value: on one physical line, folded every 75 octets, with CR alone as line
    /// end (past the last LF libical ends lines at CR).
    static let longLines: [(String, String)] = {
        let value = String(repeating: "abcdefghij", count: 100_000)
        let bytes = Array(value.utf8)
        let folded = stride(from: 0, to: bytes.count, by: 74).map { start in
            String(decoding: bytes[start..<min(start + 74, bytes.count)], as: UTF8.self)
        }.joined(separator: "\r\n ")
        return [
            ("X- on one line", event("X-LONG:\(value)\r\n")),
            ("DESCRIPTION on one line", event("DESCRIPTION:\(value)\r\n")),
            ("DESCRIPTION folded", event("DESCRIPTION:\(folded)\r\n")),
            ("CR line ends", event("DESCRIPTION:\(value)\r\n").replacingOccurrences(of: "\r\n", with: "\r")),
        ]
    }()

    @Test("a megabyte line is looked through a bounded number of times, not once per 79 bytes", arguments: 0..<4)
    func longLine(index: Int) throws {
        let (name, text) = Self.longLines[index]
        var copy = text
        let (examined, root): (Int, OpaquePointer?) = copy.withUTF8 { bytes in
            var source = LineSource(bytes)
            let root = LineSource.parse(&source)
            return (source.examined, root)
        }
        let component = ICalComponent(owning: try #require(root, "\(name)"))
        #expect(component.kind == .calendar)
        // libical's own generator looked through the rest of the line for every 79 bytes it
        // handed out: about 6.3 × 10⁹ bytes here, against 4 × 10⁶ now.
        #expect(examined <= 4 * text.utf8.count, "\(name): \(examined) bytes examined for \(text.utf8.count)")
        // And the value is read whole, but where libical's generator cuts a line with CR alone
        // as line end after 79 bytes (the bug the parse keeps).
        guard !name.hasPrefix("CR") else { return }
        let result = try ICalFeedReader.read(text, from: Self.utc("2026-01-01T00:00:00Z"), to: Self.utc("2027-01-01T00:00:00Z"), floatingOffset: 0)
        let occurrence = try #require(result.occurrences.first)
        #expect(occurrence.description.utf8.count + (occurrence.extensions["X-LONG"]?.utf8.count ?? 0) >= 1_000_000, "\(name)")
    }

    /// libical's own string parse, for comparison.
    static func libicalParse(_ text: String) -> String? {
        guard let root = text.withCString({ icalparser_parse_string($0) }) else { return nil }
        defer { icalcomponent_free(root) }
        return Libical.ownedString(icalcomponent_as_ical_string_r(root))
    }

    @Test("the linear parse builds what icalparser_parse_string builds", arguments: [
        event("DESCRIPTION:short\r\n"),
        event("DESCRIPTION:" + String(repeating: "x", count: 78) + "\r\n"),  // the line ends at a piece's edge
        event("DESCRIPTION:" + String(repeating: "x", count: 66) + "\r\n"),
        event("DESCRIPTION:" + String(repeating: "é", count: 500) + "\r\n X\r\n\tY\r\n"),
        "\u{FEFF}" + event("SUMMARY:after a byte order mark\r\n"),
        event("SUMMARY:bare LF\n").replacingOccurrences(of: "\r\n", with: "\n"),
        event("SUMMARY:CR alone, and long: " + String(repeating: "y", count: 200) + "\r").replacingOccurrences(of: "\r\n", with: "\r"),
        event("SUMMARY:LF then CR alone\r\n").replacingOccurrences(of: "END:VEVENT\r\nEND:VCALENDAR\r\n", with: "END:VEVENT\rEND:VCALENDAR\r"),
        event("SUMMARY:a NUL ends the text\r\n").replacingOccurrences(of: "END:VCALENDAR", with: "\0END:VCALENDAR"),
        "", "BEGIN:VCALENDAR", "no line end at all",
    ])
    func sameParse(text: String) {
        var copy = text
        let ours: String? = copy.withUTF8 { bytes in
            guard let root = LineSource.parse(bytes) else { return nil }
            defer { icalcomponent_free(root) }
            return Libical.ownedString(icalcomponent_as_ical_string_r(root))
        }
        #expect(ours == Self.libicalParse(text))
    }

    // MARK: Time zones whose rules repeat without end (item 9)

    /// A zone with one STANDARD or DAYLIGHT observance carrying `rule`, an event in it, and an
    /// event in UTC that must not suffer for it.
    static func zoneFeed(_ observance: String, _ rule: String, from dtstart: String, zones: Int = 1) -> String {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n"
        for index in 0..<zones {
            text += "BEGIN:VTIMEZONE\r\nTZID:America/X\(index)\r\nBEGIN:\(observance)\r\nDTSTART:\(dtstart)\r\n"
                + "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:\(rule)\r\nEND:\(observance)\r\nEND:VTIMEZONE\r\n"
        }
        return text + "BEGIN:VEVENT\r\nUID:zoned\r\nDTSTART;TZID=America/X0:20260310T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20260311T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    @Test("a zone rule that repeats more often than yearly is ignored, with a problem naming it; the feed is read", arguments: [
        ("STANDARD", "FREQ=SECONDLY", "20240101T000000", "SECONDLY"),  // never ended, 5 MB/s
        ("STANDARD", "FREQ=HOURLY", "16010101T000000", "HOURLY"),  // 13 s, 353 MB
        ("DAYLIGHT", "FREQ=MINUTELY;INTERVAL=7", "20200101T000000", "MINUTELY"),
        ("DAYLIGHT", "FREQ=DAILY", "16010101T000000", "DAILY"),
        ("STANDARD", "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "16010101T000000", "MONTHLY"),
    ])
    func notYearly(observance: String, rule: String, dtstart: String, word: String) throws {
        let result = try ICalFeedReader.read(Self.zoneFeed(observance, rule, from: dtstart), from: Self.utc("2026-01-01T00:00:00Z"), to: Self.utc("2027-01-01T00:00:00Z"), floatingOffset: 0)
        #expect(result.problems == ["time zone America/X0: its \(observance) rule repeats \(word), but a zone's rules repeat yearly; the rule is ignored, so times in this zone may be off by an hour or more: ask the feed's publisher to correct the zone"])
        // The zone keeps its one change at DTSTART, to -04:00; the other event is untouched.
        #expect(result.occurrences.map(\.start) == [Self.utc("2026-03-10T14:00:00Z"), Self.utc("2026-03-11T10:00:00Z")])
    }

    /// The COUNT left on each zone rule of `text` after ``ZoneRules/bound(_:perRule:perFeed:)``
    /// (0: none), and what it said.
    static func bounded(_ text: String, perRule: Int = ZoneRules.perRule, perFeed: Int = ZoneRules.perFeed) throws -> (counts: [Int], problems: [String]) {
        let root = try ICalComponent.parseCalendar(text)
        let problems = ZoneRules.bound(root.handle, perRule: perRule, perFeed: perFeed)
        var counts: [Int] = []
        var zone = icalcomponent_get_first_component(root.handle, ICAL_VTIMEZONE_COMPONENT)
        while let current = zone {
            var observance = icalcomponent_get_first_component(current, ICAL_ANY_COMPONENT)
            while let inner = observance {
                if let rule = icalcomponent_get_first_property(inner, ICAL_RRULE_PROPERTY) { counts.append(Int(icalproperty_get_rrule(rule).count)) }
                observance = icalcomponent_get_next_component(current, ICAL_ANY_COMPONENT)
            }
            zone = icalcomponent_get_next_component(root.handle, ICAL_VTIMEZONE_COMPONENT)
        }
        return (counts, problems)
    }

    @Test("a yearly zone rule that picks every hour of every day is cut to the first 1000 changes")
    func yearlyEveryHour() throws {
        let hours = (0..<24).map(String.init).joined(separator: ",")
        let text = Self.zoneFeed("DAYLIGHT", "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=\(hours)", from: "16010101T000000")
        let (counts, problems) = try Self.bounded(text)
        #expect(counts == [1000])
        #expect(problems == ["time zone America/X0: its DAYLIGHT rule changes the offset more than 1000 times; only the first 1000, up to 1601, are used, so later times in this zone may be off: ask the feed's publisher to correct the zone"])
        let result = try ICalFeedReader.read(text, from: Self.utc("2026-01-01T00:00:00Z"), to: Self.utc("2027-01-01T00:00:00Z"), floatingOffset: 0)
        #expect(result.problems == problems)
        #expect(result.occurrences.count == 2)
    }

    @Test("an ordinary zone (yearly rules from 1601, as Outlook writes them) is left whole")
    func ordinaryZone() throws {
        let (counts, problems) = try Self.bounded(Self.zoneFeed("DAYLIGHT", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", from: "16010311T020000"))
        #expect(counts == [0])
        #expect(problems.isEmpty)
    }

    @Test("many zones together are cut at the feed's limit, with one problem naming the first zone cut")
    func manyZones() throws {
        // 30 zones of 982 yearly changes each (1601–2582), against a feed limit of 10000. libical
        // keeps a calendar's VTIMEZONEs last first: X29 to X20 are whole, X19 is cut, the rest
        // lose their rule.
        let text = Self.zoneFeed("STANDARD", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", from: "16011104T020000", zones: 30)
        let (counts, problems) = try Self.bounded(text, perFeed: 10_000)
        #expect(Array(counts.prefix(10)) == Array(repeating: 0, count: 10))
        #expect(counts[10] == 10_000 - 10 * 982)
        // The zones after the limit keep no rule at all.
        #expect(counts.count == 11)
        #expect(problems == ["the feed's time zones change their offset more than 10000 times in all; the repeating rules of 20 time zones (America/X19 and others) are cut or ignored, so times in them may be off: ask the feed's publisher to correct its zones"])
    }

    @Test("an event repeating every second in a zone is cut at the event's limit")
    func zonedSecondly() throws {
        let text = Self.event("RRULE:FREQ=SECONDLY\r\n").replacingOccurrences(of: "DTSTART:20260310T100000Z", with: "DTSTART;TZID=America/New_York:20260310T100000")
        let result = try ICalFeedReader.read(text, from: Self.utc("2026-01-01T00:00:00Z"), to: Self.utc("2027-01-01T00:00:00Z"), floatingOffset: 0, limit: 1000)
        #expect(result.occurrences.count == 1000)
        #expect(result.problems == ["event long recurs more than 1000 times in the period; only the first 1000 are used"])
    }
}
