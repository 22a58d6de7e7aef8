import Foundation
import Testing

@testable import ICal

@Suite("Reading any feed")
struct FeedReaderTests {
    static func utc(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    static let foreign = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Other//EN\r
        X-WR-CALNAME:Maintenance\r
        X-WR-TIMEZONE:Europe/London\r
        X-PUBLISHED-TTL:PT1H\r
        BEGIN:VEVENT\r
        UID:utc\r
        DTSTART:20250301T010000Z\r
        DURATION:PT90M\r
        SUMMARY:UTC with duration\r
        BEGIN:VALARM\r
        ACTION:DISPLAY\r
        TRIGGER;VALUE=DATE-TIME:20250301T000000Z\r
        DESCRIPTION:absolute\r
        END:VALARM\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:ny\r
        DTSTART;TZID=America/New_York:20250301T090000\r
        DTEND;TZID=America/New_York:20250301T100000\r
        SUMMARY:Builtin zone\r
        STATUS:CANCELLED\r
        SEQUENCE:4\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:floating\r
        DTSTART:20250701T120000\r
        DTEND:20250701T130000\r
        SUMMARY:Floating in London summer time\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:weekly\r
        DTSTART:20250303T020000Z\r
        DTEND:20250303T030000Z\r
        RRULE:FREQ=WEEKLY;COUNT=5\r
        EXDATE:20250310T020000Z\r
        RDATE:20250305T020000Z\r
        SUMMARY:Weekly\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:weekly\r
        RECURRENCE-ID:20250317T020000Z\r
        DTSTART:20250318T020000Z\r
        DTEND:20250318T040000Z\r
        SUMMARY:Weekly (moved)\r
        SEQUENCE:1\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:nostart\r
        SUMMARY:no start\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test("reads UTC, builtin zones, floating times, DURATION, recurrences, overrides and alarms")
    func foreignFeed() throws {
        let result = try ICalFeedReader.read(Self.foreign, from: Self.utc("2025-01-01T00:00:00Z"), to: Self.utc("2026-01-01T00:00:00Z"), floatingOffset: 9 * 3600)
        #expect(result.info.name == "Maintenance")
        #expect(result.info.timeZoneID == "Europe/London")
        #expect(result.info.refreshInterval == 3600)
        #expect(result.problems == ["event nostart has no DTSTART; it was left out"])
        let byUID = Dictionary(grouping: result.occurrences, by: \.uid)
        let utc = try #require(byUID["utc"]?.first)
        #expect(utc.end == Self.utc("2025-03-01T02:30:00Z"))
        #expect(utc.alarms.first?.trigger == .at(Self.utc("2025-03-01T00:00:00Z")))
        let ny = try #require(byUID["ny"]?.first)
        #expect(ny.start == Self.utc("2025-03-01T14:00:00Z"))
        #expect(ny.status == .cancelled)
        #expect(ny.sequence == 4)
        #expect(byUID["floating"]?.first?.start == Self.utc("2025-07-01T11:00:00Z"))
        let weekly = try #require(byUID["weekly"])
        #expect(weekly.map(\.start) == ["2025-03-03T02:00:00Z", "2025-03-05T02:00:00Z", "2025-03-18T02:00:00Z", "2025-03-24T02:00:00Z", "2025-03-31T02:00:00Z"].map(Self.utc))
        #expect(weekly[2].summary == "Weekly (moved)")
        #expect(weekly[2].recurrenceID == Self.utc("2025-03-17T02:00:00Z"))
        #expect(weekly[2].end == Self.utc("2025-03-18T04:00:00Z"))
        #expect(weekly[0].end == Self.utc("2025-03-03T03:00:00Z"))
    }

    @Test("a narrow period: events outside it are skipped, but repeats and moved repeats still count")
    func narrowPeriod() throws {
        func read(_ from: String, _ to: String) throws -> [ICalOccurrence] {
            try ICalFeedReader.read(Self.foreign, from: Self.utc(from), to: Self.utc(to), floatingOffset: 9 * 3600).occurrences
        }
        // Only the RDATE of "weekly" falls here: its DTSTART is before the period.
        let rdate = try read("2025-03-04T00:00:00Z", "2025-03-06T00:00:00Z")
        #expect(rdate.map(\.uid) == ["weekly"])
        #expect(rdate.first?.summary == "Weekly")
        // The 17 March repeat was moved out of this period: it is not shown at its old time.
        #expect(try read("2025-03-17T00:00:00Z", "2025-03-18T01:00:00Z").isEmpty)
        // A one-off event inside the period keeps all it says.
        let ny = try read("2025-03-01T13:00:00Z", "2025-03-01T15:00:00Z")
        #expect(ny.map(\.uid) == ["ny"])
        #expect(ny.first?.summary == "Builtin zone")
        #expect(ny.first?.sequence == 4)
    }

    /// Every feed the project publishes, and the foreign one above.
    static var feedTexts: [(String, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let feeds = root.appendingPathComponent("Feeds")
        let paths = (FileManager.default.enumerator(atPath: feeds.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".ics") }.sorted()
        return [("foreign", foreign), ("custom zone", customZone)] + paths.compactMap { path in
            (try? String(contentsOf: feeds.appendingPathComponent(path), encoding: .utf8)).map { (path, $0) }
        }
    }

    /// A zone only this calendar defines: an event read on its own must still find it.
    static let customZone = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Other//EN\r
        BEGIN:VTIMEZONE\r
        TZID:Custom/Plus5\r
        BEGIN:STANDARD\r
        DTSTART:19700101T000000\r
        TZOFFSETFROM:+0500\r
        TZOFFSETTO:+0500\r
        END:STANDARD\r
        END:VTIMEZONE\r
        BEGIN:VEVENT\r
        UID:plus5\r
        DTSTART;TZID=Custom/Plus5:20250301T100000\r
        DTEND;TZID=Custom/Plus5:20250301T110000\r
        SUMMARY:Custom zone\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test("read event by event, a feed gives what the whole-text parse gives")
    func eventByEvent() throws {
        let texts = Self.feedTexts
        #expect(texts.count > 50)
        for (name, text) in texts {
            // A calendar with no event at all has nothing to cut.
            #expect((CalendarSplit(text) != nil) == text.contains("BEGIN:VEVENT"), "\(name) is not read event by event")
            let from = Self.utc("2024-01-01T00:00:00Z"), to = Self.utc("2027-01-01T00:00:00Z")
            let split = try ICalFeedReader.read(text, from: from, to: to, floatingOffset: 9 * 3600, eventByEvent: true)
            let whole = try ICalFeedReader.read(text, from: from, to: to, floatingOffset: 9 * 3600, eventByEvent: false)
            #expect(split.occurrences == whole.occurrences, "\(name)")
            #expect(split.info == whole.info && split.problems == whole.problems, "\(name)")
        }
        let plus5 = try ICalFeedReader.read(Self.customZone, from: Self.utc("2025-01-01T00:00:00Z"), to: Self.utc("2026-01-01T00:00:00Z"), floatingOffset: 0)
        #expect(plus5.occurrences.map(\.start) == [Self.utc("2025-03-01T05:00:00Z")])
    }

    @Test("read from a file a piece at a time, a feed gives what its text gives, whatever the piece size")
    func fromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-split-\(UUID().uuidString).ics").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let from = Self.utc("2024-01-01T00:00:00Z"), to = Self.utc("2027-01-01T00:00:00Z")
        var loose = Self.feedTexts
        loose.append(("loose", "begin:vcalendar\nVERSION:2.0\nbegin:vevent\nUID:a\nDTSTART:20250301T010000Z\nend:vevent\nend:vcalendar"))
        for (name, text) in loose {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let fromText = try ICalFeedReader.read(text, from: from, to: to, floatingOffset: 9 * 3600)
            let fromFile = try ICalFeedReader.read(contentsOf: path, from: from, to: to, floatingOffset: 9 * 3600)
            #expect(fromFile.occurrences == fromText.occurrences && fromFile.info == fromText.info, "\(name)")
            // Lines cut across pieces, down to a byte at a time: the same places.
            let descriptor = open(path, O_RDONLY)
            defer { close(descriptor) }
            for pieceSize in [1, 7, 64, 4096] where text.utf8.count < 4_000 || pieceSize >= 64 {
                let split = CalendarSplit(file: descriptor, path: path, pieceSize: pieceSize)
                #expect(split?.events == CalendarSplit(text)?.events && split?.skeleton == CalendarSplit(text)?.skeleton, "\(name), \(pieceSize)")
            }
        }
        // A shape that is not cut is read whole from the file.
        let nested = "BEGIN:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:n\r\nDTSTART:20250301T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n"
        try nested.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ICalFeedReader.read(contentsOf: path, from: from, to: to, floatingOffset: 0).occurrences == ICalFeedReader.read(nested, from: from, to: to, floatingOffset: 0).occurrences)
        // A file cut short after it was scanned is an error, not events quietly missing.
        try Self.customZone.write(toFile: path, atomically: false, encoding: .utf8)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let split = try #require(CalendarSplit(file: descriptor, path: path))
        #expect(truncate(path, off_t(split.events[0].upperBound - 1)) == 0)
        let calendar = try ICalComponent.parseCalendar(split.skeleton)
        var seen = 0
        #expect(throws: ICalError.unreadable(path: path, reason: "it changed while it was read; run the command again")) {
            try split.forEachEvent(in: calendar.handle) { _ in seen += 1 }
        }
        #expect(seen == 0)
        #expect(throws: ICalError.unreadable(path: path + ".absent", reason: "No such file or directory")) {
            try ICalFeedReader.read(contentsOf: path + ".absent", from: from, to: to, floatingOffset: 0)
        }
    }

    @Test("without texts: the same times, states and X- properties, and nothing said to people")
    func withoutTexts() throws {
        let from = Self.utc("2025-01-01T00:00:00Z"), to = Self.utc("2026-01-01T00:00:00Z")
        let full = try ICalFeedReader.read(Self.foreign, from: from, to: to, floatingOffset: 9 * 3600)
        let bare = try ICalFeedReader.read(Self.foreign, from: from, to: to, floatingOffset: 9 * 3600, texts: false)
        #expect(bare.occurrences.map(\.uid) == full.occurrences.map(\.uid))
        #expect(bare.occurrences.map(\.start) == full.occurrences.map(\.start))
        #expect(bare.occurrences.map(\.end) == full.occurrences.map(\.end))
        #expect(bare.occurrences.map(\.status) == full.occurrences.map(\.status))
        #expect(bare.occurrences.map(\.sequence) == full.occurrences.map(\.sequence))
        #expect(bare.occurrences.map(\.extensions) == full.occurrences.map(\.extensions))
        #expect(bare.occurrences.allSatisfy { $0.summary.isEmpty && $0.alarms.isEmpty })
        #expect(full.occurrences.contains { $0.sequence == 4 && $0.status == .cancelled })
    }

    @Test("only the plain shape is cut into events; any other is parsed whole", arguments: [
        "BEGIN:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "BEGIN:VEVENT\r\nEND:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    ])
    func splitShapes(text: String) {
        #expect(CalendarSplit(text) == nil)
    }

    @Test("lower-case BEGIN/END and bare LF still cut; an alarm stays inside its event")
    func splitsLooseText() throws {
        let text = "begin:vcalendar\nVERSION:2.0\nbegin:vevent\nUID:a\nDTSTART:20250301T010000Z\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\nEND:VALARM\nend:vevent\nBEGIN:VEVENT\nUID:b\nDTSTART:20250302T010000Z\nEND:VEVENT\nend:vcalendar\n"
        let split = try #require(CalendarSplit(text))
        #expect(split.events.count == 2)
        #expect(!split.skeleton.contains("UID"))
        let result = try ICalFeedReader.read(text, from: Self.utc("2025-01-01T00:00:00Z"), to: Self.utc("2026-01-01T00:00:00Z"), floatingOffset: 0)
        #expect(result.occurrences.map(\.uid) == ["a", "b"])
        #expect(result.occurrences[0].alarms.count == 1)
    }

    @Test("floating times without X-WR-TIMEZONE are Japan time")
    func floatingDefault() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20241231T030000\r\nDTEND:20241231T052000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let result = try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: 9 * 3600)
        #expect(result.occurrences.first?.start == Self.utc("2024-12-30T18:00:00Z"))
    }

    @Test("a runaway rule is cut at the limit, with a problem saying so")
    func runaway() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20250101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let result = try ICalFeedReader.read(text, from: Self.utc("2025-01-01T00:00:00Z"), to: Self.utc("2026-01-01T00:00:00Z"), floatingOffset: 9 * 3600, limit: 1000)
        #expect(result.occurrences.count <= 1001)
        #expect(result.problems.contains { $0.contains("more than 1000 times") })
    }

    @Test("a long-running rule is expanded from the period, not from its first date")
    func skipsAhead() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART:20100101T010000Z\r\nDTEND:20100101T020000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let result = try ICalFeedReader.read(text, from: Self.utc("2025-06-01T00:00:00Z"), to: Self.utc("2025-06-03T00:00:00Z"), floatingOffset: 9 * 3600, limit: 100)
        #expect(result.occurrences.map(\.start) == [Self.utc("2025-06-01T01:00:00Z"), Self.utc("2025-06-02T01:00:00Z")])
        #expect(result.problems.isEmpty)
    }

    @Test("a rule on days that never exist is not expanded; 29 February still is")
    func impossibleDays() throws {
        func read(_ rule: String) throws -> ICalFeedReader.Result {
            let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:r\r\nDTSTART:20240101T010000Z\r\nRRULE:\(rule)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            return try ICalFeedReader.read(text, from: Self.utc("2023-12-01T00:00:00Z"), to: Self.utc("2029-01-01T00:00:00Z"), floatingOffset: 9 * 3600)
        }
        let never = try read("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
        #expect(never.occurrences.map(\.start) == [Self.utc("2024-01-01T01:00:00Z")])
        #expect(never.problems.contains { $0.contains("do not exist") })
        let leap = try read("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
        #expect(leap.occurrences.map(\.start).contains(Self.utc("2028-02-29T01:00:00Z")))
        #expect(leap.problems.isEmpty)
        let subDaily = try read("FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=3")
        #expect(subDaily.problems.contains { $0.contains("repeating within a day") })
    }

    @Test("garbage is an error, never a crash", arguments: ["", "garbage", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT", String(repeating: "\u{FFFD}", count: 1000)])
    func garbage(text: String) {
        #expect(throws: ICalError.self) { try ICalFeedReader.read(text, from: .distantPast, to: .distantFuture, floatingOffset: 9 * 3600) }
    }
}

/// Every input the fuzzer once crashed or hung on (Fuzz/crashes) is read to the end now.
@Suite("Fuzzer findings stay fixed")
struct FuzzRegressionTests {
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/crashes")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: crashes.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("each reproducer is read without crashing or hanging", arguments: files)
    func reproducer(name: String) throws {
        let data = try Data(contentsOf: Self.crashes.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        let from = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01, as the fuzzer reads
        let to = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        _ = try? ICalFeedReader.read(text, from: from, to: to, floatingOffset: 9 * 3600, limit: 500)
    }

    @Test("the reproducers are there")
    func present() {
        #expect(Self.files.contains("libical-timegm-month0.ics"))
    }
}

/// The work a feed can cause is bounded for the whole feed, not only per event.
@Suite("Recurrence budget per feed")
struct RecurrenceBudgetTests {
    static func feed(events: Int) -> String {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        for index in 0..<events {
            text += "BEGIN:VEVENT\r\nUID:every-second-\(index)@test\r\nDTSTART:20250101T000000Z\r\nDTEND:20250101T000001Z\r\n"
            text += "RRULE:FREQ=SECONDLY\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
        }
        return text + "END:VCALENDAR\r\n"
    }

    @Test("a hundred FREQ=SECONDLY events in a small feed: at most the feed's limit, and a warning naming where it was cut")
    func manySecondly() throws {
        let from = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        let result = try ICalFeedReader.read(Self.feed(events: 100), from: from, to: from.addingTimeInterval(60 * 86_400), floatingOffset: 9 * 3600, limit: 5000, feedLimit: 20_000)
        // Each event keeps its first occurrence; repeats stop at the feed's budget.
        #expect(result.occurrences.count <= 20_000 + 100)
        #expect(result.occurrences.count >= 20_000)
        #expect(result.problems.contains { $0.contains("repeat more than 20000 times in all") && $0.contains("every-second-") })
    }

    @Test("an ordinary feed is not cut")
    func ordinary() throws {
        let from = Date(timeIntervalSince1970: 1_735_689_600)
        let result = try ICalFeedReader.read(Self.feed(events: 2), from: from, to: from.addingTimeInterval(3600), floatingOffset: 9 * 3600, limit: 5000, feedLimit: 20_000)
        #expect(result.occurrences.count == 2 * 3600)
        #expect(!result.problems.contains { $0.contains("in all") })
    }
}
