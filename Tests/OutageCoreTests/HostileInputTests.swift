import Foundation
import Testing

@testable import OutageCore

/// Inputs made to hurt: extreme dates, deep YAML, odd digits. Generated here, bounded in size.
@Suite("Hostile input")
struct HostileInputTests {
    @Test("a window across the whole supported range beside ordinary ones keeps the page small")
    func pageStaysSmall() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows.append(Window(id: "forever", kind: .outage, scope: [.nationwide],
                                                 start: Fixtures.jst("1900-01-01T00:00:00+09:00"), end: Fixtures.jst("2999-12-31T00:00:00+09:00")))
        catalog.notices[0].windows.append(Window(id: "far", kind: .outage, scope: [.nationwide],
                                                 start: Fixtures.jst("2999-06-01T00:00:00+09:00"), end: Fixtures.jst("2999-06-01T01:00:00+09:00")))
        let publication = Publication(feeds: FeedBuilder(retention: .init(past: 1e12, cancelled: 1e12)))
        let page = try #require(try publication.files(catalog).first { $0.path == "index.html" })
        // Before, a tick every 6 hours across the span wrote 1.58 GB.
        #expect(page.contents.utf8.count < 300_000)
    }

    @Test("a year calendars cannot hold is refused where it is written, by validate")
    func yearOutOfRange() throws {
        let (catalog, diagnostics) = try Fixtures.loadSeed { $0.replacingOccurrences(of: "2024-12-31T03:00:00+09:00", with: "3001-12-31T03:00:00+09:00") }
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.line == 30 && $0.message.contains("the year 3001 is outside") })
    }

    @Test("a revision past what calendars hold as SEQUENCE is refused at its line, by validate", arguments: ["2147483648", "9223372036854775807"])
    func revisionTooLarge(_ revision: String) throws {
        let (catalog, diagnostics) = try Fixtures.loadSeed { $0.replacingOccurrences(of: "\nrevision: 1", with: "\nrevision: \(revision)") }
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.line == 20 && $0.message.contains("more than calendars can hold (at most 2147483647)") }, "\(diagnostics)")
        // The largest calendars hold is still accepted.
        let (largest, _) = try Fixtures.loadSeed { $0.replacingOccurrences(of: "\nrevision: 1", with: "\nrevision: 2147483647") }
        #expect(largest != nil)
    }

    @Test("YAML nested thousands deep: one clear error, no crash")
    func deepYAML() throws {
        let deep = "id: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let directory = try Fixtures.folder(notices: ["deep.yaml": deep])
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.message == "YAML nested too deeply (lists or mappings inside each other)" })
    }

    @Test("every kind of control character in a notice is refused at its line", arguments: ["\u{1B}[31m", "\u{7F}", "\u{202E}", "\u{85}", "\u{2066}"])
    func controls(_ bad: String) throws {
        let escaped = bad.unicodeScalars.map { String(format: "\\u%04X", $0.value) }.joined()
        let (catalog, diagnostics) = try Fixtures.loadSeed {
            $0.replacingOccurrences(of: "issuer: 厚生労働省保険局医療介護連携政策課\n", with: "issuer: \"厚生\(escaped)労働省\"\n")
        }
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.line == 6 && $0.message.contains("invisible control character") })
    }

    @Test("import: digits of any script, never a crash", arguments: ["令和٣年1月1日 3:00～5:00 停止", "令和३年१月१日 ३:००～५:०० 停止", "２０２５年𝟑月𝟏日 3:00～5:00 停止"])
    func unicodeDigits(_ text: String) throws {
        let catalog = try Fixtures.seedCatalog()
        let draft = try NoticeImporter(regions: catalog.regions, systems: catalog.systems, referenceYear: 2025).importText(text)
        #expect(draft.notice.windows.count == 1)
    }
}
