import Foundation
import Testing

@testable import ICal
import Civil

@Suite("libical layer")
struct ICalComponentTests {
    /// A fixed-offset zone as a caller in Japan gives it.
    static let tokyo = ICalZone(tzid: "Asia/Tokyo", offsetSeconds: 9 * 3600, abbreviation: "JST")

    static let start = Date(timeIntervalSince1970: 1_735_581_600)  // 2024-12-31T03:00:00+09:00

    static func sampleCalendar() -> ICalComponent {
        let calendar = ICalComponent(.calendar)
        calendar.build { cal in
            cal.add(.version, "2.0")
            cal.add(.productID, "-//test//JA")
            cal.addX("X-WR-CALNAME", "計画停止, 西日本; テスト\\")
            cal.addTimeZone(Self.tokyo)
            cal.addChild(.event) { event in
                event.add(.uid, "a@test")
                event.addUTC(.dtstamp, start)
                event.add(.dtstart, start, zone: Self.tokyo)
                event.add(.dtend, start.addingTimeInterval(8400), zone: Self.tokyo)
                event.addStatus(.tentative)
                event.addSequence(3)
                event.add(.summary, "停止")
                event.addDisplayAlarm(.beforeStart(seconds: 600), description: "10分前")
                event.addDisplayAlarm(.beforeEnd(seconds: 300), description: "終了5分前")
                event.addDisplayAlarm(.at(start.addingTimeInterval(-3600)), description: "1時間前")
            }
        }
        return calendar
    }

    /// An event as libical serializes it, with `description`.
    static func event(description: String) -> ICalText {
        let event = ICalComponent(.event)
        event.build { e in
            e.add(.uid, "a@test")
            e.add(.summary, "停止")
            e.add(.description, description)
            e.addDisplayAlarm(.beforeStart(seconds: 600), description: "10分前, DESCRIPTION:で始まる")
        }
        return event.serialized()
    }

    @Test("an event written from its open DESCRIPTION is byte for byte what libical writes with that description",
          arguments: [0, 1, 2, 3, 40, 73, 74, 75, 76, 150])
    func openText(padding: Int) throws {
        let before = String(repeating: "a", count: padding) + "日時：2024年12月31日, 3:00;\\n\n対象："
        let after = "\nシステム：電子処方箋管理サービス、オン資" + String(repeating: "あ", count: padding % 7) + ",;\\"
        let open = try #require(ICalOpenText(Self.event(description: "placeholder"), opening: .description))
        for area in ["全国（47都道府県）", "福岡県を含む西日本", "", String(repeating: "い", count: padding)] {
            var bytes: [UInt8] = []
            open.append(ICalEscapedText(before), ICalEscapedText(area), ICalEscapedText(after), to: &bytes)
            let whole = before + area + after
            #expect(String(decoding: bytes, as: UTF8.self) == Self.event(description: whole).text)
        }
        // The alarm's own DESCRIPTION is not the event's: a component without one has nothing open.
        let bare = ICalComponent(.event)
        bare.build { e in e.addDisplayAlarm(.beforeStart(seconds: 60), description: "x") }
        #expect(ICalOpenText(bare.serialized(), opening: .description) == nil)
    }

    @Test("children built inside the parent are owned by it: values survive the tree being freed")
    func ownership() throws {
        var text = ""
        do {
            let calendar = Self.sampleCalendar()
            text = calendar.serialized().text
        }
        // Thousands of trees built and freed: a double free or leak of children would show here
        // (and under the address sanitizer, which CI can run with `swift test --sanitize=address`).
        for _ in 0..<2000 { _ = Self.sampleCalendar().serialized() }
        let summary = try ICalComponent.parse(text).read { cal -> String? in
            var found: String?
            cal.forEachChild(.event) { found = $0.text(.summary) }
            return found
        }
        #expect(summary == "停止")
    }

    @Test("X- values have , ; \\ escaped, which libical 3.0.16 does not do by itself")
    func xEscaping() throws {
        let text = Self.sampleCalendar().serialized().text
        #expect(text.contains("X-WR-CALNAME:計画停止\\, 西日本\\; テスト\\\\\r\n"))
        let parsed = try ICalComponent.parse(text)
        #expect(parsed.read { $0.x("X-WR-CALNAME") } == "計画停止, 西日本; テスト\\")
    }

    @Test("times round-trip as instants through the compact Asia/Tokyo zone; DTSTAMP is UTC")
    func times() throws {
        let text = Self.sampleCalendar().serialized().text
        #expect(text.contains("DTSTAMP:20241230T180000Z\r\n"))
        #expect(text.contains("DTSTART;TZID=Asia/Tokyo:20241231T030000\r\n"))
        #expect(text.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"))
        #expect(!text.contains("freeassociation"))
        let parsed = try ICalComponent.parse(text)
        parsed.read { cal in
            cal.forEachChild(.event) { event in
                #expect(event.dateTime(.dtstart, floatingOffset: 0)?.instant == Self.start)
                #expect(event.dateTime(.dtend, floatingOffset: 0)?.instant == Self.start.addingTimeInterval(8400))
                #expect(event.dateTime(.dtstamp, floatingOffset: 0)?.instant == Self.start)
                #expect(event.status == .tentative)
                #expect(event.sequence == 3)
                #expect(event.alarms.map(\.trigger) == [.beforeStart(seconds: 600), .beforeEnd(seconds: 300), .at(Self.start.addingTimeInterval(-3600))])
                #expect(event.alarms.map(\.description) == ["10分前", "終了5分前", "1時間前"])
            }
        }
    }

    @Test("floating times are read at the offset the caller gives")
    func floating() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20241231T030000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let instant = try ICalComponent.parse(text).read { cal -> Date? in
            var found: Date?
            cal.forEachChild(.event) { found = $0.dateTime(.dtstart, floatingOffset: 9 * 3600)?.instant }
            return found
        }
        #expect(instant == Self.start)
    }

    @Test("text that is not iCalendar is an error, not a crash", arguments: ["", "hello", "\u{0}\u{1}", "BEGIN:VEVENT"])
    func notICalendar(text: String) {
        #expect(throws: ICalError.self) { try ICalComponent.parseCalendar(text) }
    }

    @Test("civil time conversions are exact around the year and day boundaries")
    func civil() {
        let instant = Date(timeIntervalSince1970: 1_735_657_200)  // 2025-01-01T00:00:00+09:00
        #expect(CivilTime(instant, offsetSeconds: 9 * 3600) == CivilTime(year: 2025, month: 1, day: 1))
        #expect(CivilTime(instant, offsetSeconds: 0) == CivilTime(year: 2024, month: 12, day: 31, hour: 15))
        #expect(CivilTime(year: 2025, month: 1, day: 1).instant(offsetSeconds: 9 * 3600) == instant)
        #expect(CivilTime(year: 2024, month: 12, day: 31).weekday == 2)  // 火曜日
        #expect(!CivilTime(year: 2025, month: 2, day: 29).isValid)
        #expect(CivilTime(year: 2024, month: 2, day: 29).isValid)
    }
}

@Suite("CATEGORIES escaping")
struct CategoriesTests {
    @Test("a ; inside a category is escaped, a , inside one cannot split it")
    func semicolon() throws {
        let event = ICalComponent(.event)
        event.build { e in
            e.add(.uid, "x@test")
            e.addCategories(["a;b", "c,d", "e"])
        }
        let text = event.serialized().text
        let line = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("CATEGORIES") })
        #expect(line == "CATEGORIES:a\\;b,c、d,e")
    }
}
