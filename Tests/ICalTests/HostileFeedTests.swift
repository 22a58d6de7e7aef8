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
}
