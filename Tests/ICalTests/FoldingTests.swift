import Foundation
import Testing

@testable import ICal

/// Folding is where libical 3.0.16 goes wrong, so every length is tried: each SUMMARY and
/// DESCRIPTION from 0 to 300 octets, ASCII, Japanese and mixed, written and read back.
@Suite("Content-line folding")
struct FoldingTests {
    static let alphabets: [(name: String, unit: String)] = [
        ("ascii", "abcdefghij"),
        ("japanese", "西日本の通信断に注意"),
        ("mixed", "東日本 12:00〜13:30, 再試行; a\\b"),
        ("emoji", "⚠️停止🔌a"),
    ]

    /// A string of exactly `octets` UTF-8 octets (or one less, when a character would not fit).
    static func text(_ unit: String, octets: Int) -> String {
        var result = ""
        var scalars = unit.unicodeScalars.makeIterator()
        while true {
            guard let scalar = scalars.next() else {
                scalars = unit.unicodeScalars.makeIterator()
                continue
            }
            if result.utf8.count + String(scalar).utf8.count > octets { return result }
            result.unicodeScalars.append(scalar)
        }
    }

    /// Removes every CRLF-space fold, byte by byte (independent of the code under test).
    static func unfold(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x20 {
                i += 3
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func assertWellFolded(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        #expect(bytes.suffix(2) == [0x0D, 0x0A], sourceLocation: sourceLocation)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR", sourceLocation: sourceLocation)
                lines.append(current)
                current = []
                index += 2
                continue
            }
            #expect(bytes[index] != 0x0A, "bare LF", sourceLocation: sourceLocation)
            current.append(bytes[index])
            index += 1
        }
        for (number, line) in lines.enumerated() {
            #expect(line.count <= 75, "line \(number + 1) has \(line.count) octets", sourceLocation: sourceLocation)
            #expect(!line.isEmpty, "empty line \(number + 1)", sourceLocation: sourceLocation)
            #expect(line != [0x20], "blank continuation line \(number + 1)", sourceLocation: sourceLocation)
            #expect(String(validating: line, as: UTF8.self) != nil, "line \(number + 1) splits a UTF-8 character", sourceLocation: sourceLocation)
            if number + 1 < lines.count, lines[number + 1].first == 0x20 {
                let trailing = line.reversed().prefix { $0 == 0x5C }.count
                #expect(trailing % 2 == 0, "line \(number + 1) folds inside an escape", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every SUMMARY and DESCRIPTION length from 0 to 300 octets survives a round trip",
          arguments: alphabets.map(\.name))
    func everyLength(alphabet: String) throws {
        let unit = Self.alphabets.first { $0.name == alphabet }!.unit
        for octets in 0...300 {
            let value = Self.text(unit, octets: octets)
            let calendar = ICalComponent(.calendar)
            calendar.build { cal in
                cal.add(.version, "2.0")
                cal.addX("X-WR-CALNAME", value)
                cal.addChild(.event) { event in
                    event.add(.uid, "fold-\(octets)@test")
                    event.add(.summary, value)
                    event.add(.description, value + "\n" + value)
                }
            }
            let text = calendar.serialized().text
            Self.assertWellFolded(text)
            if value.isEmpty {
                // Valid RFC 5545, but libical's parser drops empty properties: check the writer only.
                #expect(text.contains("\r\nSUMMARY:\r\n"))
                continue
            }
            // Python's parsers get the same text in the interop test; here libical reads it back.
            // libical's parser drops trailing white space from a value; the writer keeps it.
            let expected = String(value.reversed().drop { $0 == " " }.reversed())
            let parsed = try ICalComponent.parse(text)
            parsed.read { cal in
                #expect(cal.x("X-WR-CALNAME") == expected, "X- value at \(octets) octets")
                var seen = 0
                cal.forEachChild(.event) { event in
                    seen += 1
                    #expect(event.text(.summary) == expected, "SUMMARY at \(octets) octets")
                    #expect(event.text(.description) == value + "\n" + expected, "DESCRIPTION at \(octets) octets")
                }
                #expect(seen == 1)
                #expect(cal.parseErrors.isEmpty)
            }
        }
    }

    /// What libical 3.0.16 itself writes for a 73- and a 74-octet DESCRIPTION (seen with
    /// icalproperty_as_ical_string_r): a fold right after the colon, then CR CR LF and a
    /// blank continuation line, or CRLF and a continuation line holding only CRLF.
    @Test("libical's broken folds are repaired", arguments: [
        "DESCRIPTION:\r\n \(String(repeating: "a", count: 73))\r\r\n \n",
        "DESCRIPTION:\r\n \(String(repeating: "a", count: 74))\r\n \r\n",
    ])
    func repairsLibicalFolding(raw: String) {
        let repaired = ContentLines.normalize(raw)
        Self.assertWellFolded(repaired)
        let octets = raw.contains("\r\r") ? 73 : 74
        #expect(Self.unfold(repaired) == "DESCRIPTION:" + String(repeating: "a", count: octets) + "\r\n")
    }

    @Test("a fold never separates a backslash from the character it escapes")
    func escapesStayWhole() {
        for prefix in 0...80 {
            let line = Array(String(repeating: "x", count: prefix).utf8) + Array(#"\,\;\\\n"#.utf8) + Array(repeating: 0x79, count: 80)
            var out: [UInt8] = []
            ContentLines.fold(line, into: &out)
            let text = String(decoding: out, as: UTF8.self)
            Self.assertWellFolded(text)
            #expect(Self.unfold(text) == String(decoding: line, as: UTF8.self) + "\r\n")
        }
    }

    @Test("TEXT escaping round-trips", arguments: ["", "a,b;c\\d\ne", "\\n literal", "、。；，"])
    func escaping(value: String) {
        #expect(ContentLines.unescapeText(ContentLines.escapeText(value)) == value)
    }
}
