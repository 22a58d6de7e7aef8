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

/// Links planted in the output folder, and files of somebody else's beside the feeds (issue 26,
/// items 2, 5 and 6).
@Suite("Hostile output folder")
struct HostileOutputFolderTests {
    static func scratch() throws -> String { try FeedWriterTests.scratch() }

    static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    @Test("a link planted under a feed's temporary name is not written through, and no link is left where the feed is",
          arguments: ["all.ics", "prefectures/40-fukuoka.ics"])
    func plantedTemporary(_ feed: String) throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        try FileManager.default.createDirectory(atPath: directory + "/prefectures", withIntermediateDirectories: true)
        let victim = try Self.scratch() + "/victim.txt"
        try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + FeedWriter.temporaryName(feed), withDestinationPath: victim)
        try FeedWriter(directory: directory).write(files)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(!Self.isLink(directory + "/" + feed))
        #expect(try String(contentsOfFile: directory + "/" + feed, encoding: .utf8) == files.first { $0.path == feed }!.contents)
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + FeedWriter.temporaryName(feed)))
    }

    @Test("a feed that is a link, even to a copy of itself, becomes the feed; what it pointed to is untouched")
    func feedIsLink() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        let elsewhere = try Self.scratch() + "/all.ics"
        let contents = files.first { $0.path == "all.ics" }!.contents
        try contents.write(toFile: elsewhere, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/all.ics", withDestinationPath: elsewhere)
        let writer = FeedWriter(directory: directory)
        #expect(writer.difference(from: files).missing.contains("all.ics"), "--check does not take a link for the feed")
        try writer.write(files)
        #expect(!Self.isLink(directory + "/all.ics"))
        #expect(try String(contentsOfFile: directory + "/all.ics", encoding: .utf8) == contents)
        #expect(writer.difference(from: files).isEmpty)
    }

    @Test("calendars of somebody else's beside the feeds stay, in every folder generate writes")
    func foreignFilesStay() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        let writer = FeedWriter(directory: directory)
        try writer.write(files)
        let foreign = ["birthdays.ics", "prefectures/holidays.ics", "systems/team.ics"]
        for path in foreign { try "BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n".write(toFile: directory + "/" + path, atomically: true, encoding: .utf8) }
        // A copy of a feed kept by hand is not generate's either, though OutageCal made it.
        try files[0].contents.write(toFile: directory + "/all-copy.ics", atomically: true, encoding: .utf8)
        #expect(writer.difference(from: files).obsolete == [])
        #expect(try writer.write(files).removed == [])
        #expect(FileManager.default.fileExists(atPath: directory + "/all-copy.ics"))
        try FileManager.default.removeItem(atPath: directory + "/all-copy.ics")
        for path in foreign { #expect(FileManager.default.fileExists(atPath: directory + "/" + path), "\(path)") }
        // Without a manifest (a folder written by an older version), only OutageCal's own feeds go.
        try FileManager.default.removeItem(atPath: directory + "/" + FeedWriter.manifestName)
        let old = files.first { $0.path == "prefectures/40-fukuoka.ics" }!.contents
        try old.write(toFile: directory + "/prefectures/99-gone.ics", atomically: true, encoding: .utf8)
        #expect(try writer.write(files).removed == ["prefectures/99-gone.ics"])
        for path in foreign { #expect(FileManager.default.fileExists(atPath: directory + "/" + path), "\(path)") }
    }

    @Test("a folder generate writes into that links out of the output folder is refused, and nothing there is touched")
    func linkedFolder() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        let outside = try Self.scratch()
        try "BEGIN:VCALENDAR\r\nPRODID:-//OutageCal//OutageCal 1.0//JA\r\nEND:VCALENDAR\r\n".write(toFile: outside + "/mine.ics", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/systems", withDestinationPath: outside)
        #expect { try FeedWriter(directory: directory).write(files) } throws: { error in
            "\(error)".contains("is a link to another folder") && "\(error)".contains("\(directory)/systems")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == ["mine.ics"])
        #expect(!FileManager.default.fileExists(atPath: directory + "/all.ics"), "nothing written")
    }

    @Test("a generate stopped between its renames leaves every feed whole; --check names the stale ones and the next generate ends the job")
    func interrupted() throws {
        let old = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        let writer = FeedWriter(directory: directory)
        try writer.write(old)
        var changed = try Fixtures.seedCatalog()
        changed.notices[0].windows[0].wording = "変更した停止"
        changed.notices[0].revision += 1
        let new = FeedBuilder().build(changed)
        // What a kill -9 after the first renames leaves: some feeds new, the rest and the
        // manifest old.
        let moved = new.filter { file in file.contents != old.first(where: { $0.path == file.path })?.contents }
        #expect(moved.count > 2)
        for file in moved.prefix(2) { try file.contents.write(toFile: directory + "/" + file.path, atomically: true, encoding: .utf8) }
        let difference = writer.difference(from: new)
        #expect(Set(difference.changed) == Set(moved.dropFirst(2).map(\.path)))
        try writer.write(new)
        #expect(writer.difference(from: new).isEmpty)
    }
}

/// Small notices that would make huge feeds (issue 26, item 14): refused by validate, with the
/// limit named, before anything is built.
@Suite("Notices that expand")
struct ExpandingNoticeTests {
    static let note = "  - 通信断の間も、患者さんはマイナポータルで自分の資格情報や薬剤情報を表示できます。\n"

    static func refused(_ edit: (String) -> String, saying said: String, line: Int? = nil) throws {
        let (catalog, diagnostics) = try Fixtures.loadSeed(editing: edit)
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.message.contains(said) && (line == nil || $0.line == line) }, "\(diagnostics.map(\.description))")
    }

    @Test("notes that repeat one text through an alias, past what the whole file may hold")
    func aliasedNotes() throws {
        let long = String(repeating: "停止中は紙の保険証で確認してください。", count: 90)
        try Self.refused({ $0.replacingOccurrences(of: Self.note, with: "  - &x \"\(long)\"\n" + String(repeating: "  - *x\n", count: 3_000)) },
                         saying: "more than 1000000 characters once its YAML aliases")
    }

    @Test("nested aliases (a billion laughs) are counted without being expanded")
    func laughs() throws {
        var bomb = "x0: &a0 \"\(String(repeating: "x", count: 100))\"\n"
        for level in 1...12 { bomb += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n" }
        try Self.refused({ bomb + $0 }, saying: "once its YAML aliases (*name) are expanded", line: 1)
    }

    @Test("notes within the file's bound but past what every event may carry")
    func longNotes() throws {
        let long = String(repeating: "停止中は紙の保険証で確認してください。", count: 90)  // 1,710 characters
        try Self.refused({ $0.replacingOccurrences(of: Self.note, with: "  - &x \"\(long)\"\n  - *x\n  - *x\n") },
                         saying: "'notes' hold 5130 characters together; at most 4000", line: 24)
    }

    @Test("one text longer than any notice needs", arguments: ["impact", "label"])
    func longText(_ key: String) throws {
        let long = String(repeating: "あ", count: 2_001)
        try Self.refused({ text in
            text.replacingOccurrences(of: key == "impact" ? "impact: オンライン資格確認、" : "    label: 長時間の通信断",
                                      with: key == "impact" ? "impact: \(long)、" : "    label: \(long)")
        }, saying: "is \(key == "impact" ? 2051 : 2001) characters long; at most 2000")
    }

    @Test("more dates in one window than a year has")
    func manyDates() throws {
        let window = "  - id: many-days\n    kind: outage\n    scope: [west-japan]\n    dates:\n"
        // 367 days: one past the bound.
        var year = ""
        var day = CivilDate(year: 2025, month: 1, day: 1)
        for _ in 0..<367 {
            year += "      - \(day)\n"
            day = day.next
        }
        try Self.refused({ $0.replacingOccurrences(of: "windows:\n", with: "windows:\n" + window + year) },
                         saying: "'dates' in window 'many-days' lists 367 days; at most 366")
    }

    @Test("a letter whose sentences are longer than a notice may hold is drafted within the bounds, with a CHECK, and loads back")
    func importedWithinBounds() throws {
        let long = String(repeating: "接続エラーが発生し", count: 300)
        let letter = "オンライン資格確認等システムの停止について\n令和7年12月31日(水)3:00～5:00 停止します。\nこの間は、\(long)、オンライン資格確認等システムが利用できなくなります。\n"
        let draft = try ImporterTests.importer().importText(letter)
        #expect((draft.notice.impact?.utf16.count ?? 0) <= NoticeLimits.textCharacters)
        #expect(draft.report.warnings.contains { $0.hasPrefix("impact: the letter's text was longer than a notice may hold") })
        let catalog = try Fixtures.seedCatalog()
        let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
        let (notice, diagnostics) = CatalogLoader.notice(path: "draft.yaml", text: yaml, regions: catalog.regions, systems: catalog.systems)
        #expect(notice != nil, "\(diagnostics.map(\.description))")
    }

    @Test("a window over a long list of prefectures gets an id validate accepts (found by the importer fuzzer)")
    func longAreaList() throws {
        let names = ["富山", "福井", "岐阜", "静岡", "愛知", "三重", "滋賀", "京都", "大阪", "兵庫", "奈良", "和歌山", "鳥取"]
        let scope = names.compactMap(Prefecture.find).map(ScopeItem.prefecture)
        #expect(scope.count == 13)
        let slug = NoticeImporter.scopeSlug(scope)
        #expect(slug == "toyama-fukui-and-11-more")
        #expect(Identifier.isValid(slug + "-intermittent-2"))
        #expect(NoticeImporter.scopeSlug(Array(scope.prefix(2))) == "toyama-fukui")
    }

    @Test("more windows, or more events, than a notice may make")
    func manyWindows() throws {
        var windows = ""
        for index in 0..<501 {
            windows += "  - id: w\(index)\n    kind: outage\n    scope: [west-japan]\n    start: 2025-01-01T03:00:00+09:00\n    end: 2025-01-01T04:00:00+09:00\n"
        }
        try Self.refused({ $0.replacingOccurrences(of: "windows:\n", with: "windows:\n" + windows) }, saying: "the notice has 504 windows; at most 500")
        var days = ""
        for index in 0..<6 {
            days += "  - id: d\(index)\n    kind: outage\n    scope: [west-japan]\n    dates:\n"
            var day = CivilDate(year: 2025 + index, month: 1, day: 1)
            for _ in 0..<350 {
                days += "      - \(day)\n"
                day = day.next
            }
        }
        try Self.refused({ $0.replacingOccurrences(of: "windows:\n", with: "windows:\n" + days) }, saying: "the notice makes 2103 events")
    }
}

/// Lines joined into paragraphs (issue 26, item 12): the join once searched the whole text for
/// its last `http` at every line, so 100 KB of 「3:00」 lines took 38 s. It now keeps what it
/// needs as it goes; this checks it decides as the search did, on lines made to tell them apart.
@Suite("Joining lines")
struct JoiningLinesTests {
    /// The join as it was, searching backwards: the reference.
    static func searched(_ lines: [String]) -> String {
        var text = ""
        for line in lines {
            if let last = text.last, let first = line.first, last.isASCIIWordish, first.isASCIIWordish, !text.hasSuffix("-") {
                let range = text.range(of: "http", options: .backwards)
                let endsInURL = range.map { !text[$0.lowerBound...].contains { $0 == " " || !$0.isASCII } } ?? false
                if !endsInURL { text += " " }
            }
            text += line
        }
        return text
    }

    @Test("the same joins as the search, on thousands of lines of addresses, words, hyphens and Japanese")
    func sameAsSearch() {
        let pieces = ["http", "ht", "tp", "s://a.jp/x", "3:00", "abc", "-", " ", "停止", "、", "h", "ttp", "p", "x-", "A1", "é", "ｈｔｔｐ", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let lines = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            #expect(NoticeText.join(lines) == Self.searched(lines), "\(lines)")
        }
        #expect(NoticeText.join(["see http://a.jp/x", "yz"]) == "see http://a.jp/xyz")
        #expect(NoticeText.join(["see http://a.jp/x 3:00", "4:00"]) == "see http://a.jp/x 3:00 4:00")
        #expect(NoticeText.join(["htt", "p://a", "b"]) == "htt p://a b")
        #expect(NoticeText.join(["xhttp", "b"]) == "xhttpb")
    }
}
