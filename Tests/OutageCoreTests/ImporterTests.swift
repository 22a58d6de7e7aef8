import Foundation
import Testing

@testable import OutageCore

@Suite("Importing a notice's text")
struct ImporterTests {
    static let notices = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Notices")

    static func importer() throws -> NoticeImporter {
        let catalog = try Fixtures.seedCatalog()
        return NoticeImporter(regions: catalog.regions, systems: catalog.systems, referenceYear: 2025)
    }

    static func draft(_ name: String) throws -> NoticeImporter.Draft {
        try importer().importText(try String(contentsOf: notices.appendingPathComponent(name), encoding: .utf8))
    }

    /// Only what matters to subscribers: when, where, what, and whether tentative.
    static func shape(_ windows: [Window]) -> [String] {
        windows.map {
            "\($0.kind.rawValue) [\($0.scope.map(DraftWriter.scopeText).joined(separator: ", "))] \(JST.iso($0.start))–\($0.end.map(JST.iso) ?? "open") \($0.tentative)"
        }
    }

    @Test("the seed letter imports to the hand-written notice: same windows, scopes, kinds, 予定")
    func seed() throws {
        let draft = try Self.draft("seed-2024-12.txt")
        let written = try Fixtures.seedCatalog().notices[0]
        #expect(Self.shape(draft.notice.windows) == Self.shape(written.windows))
        #expect(draft.notice.windows.map(\.id) == written.windows.map(\.id))
        #expect(draft.notice.title == written.title)
        #expect(draft.notice.systems == written.systems)
        #expect(draft.notice.windows.map(\.wording) == written.windows.map(\.wording))
        #expect(draft.notice.issuer == written.issuer)
        #expect(draft.notice.issued == written.issued)
        #expect(draft.notice.url == written.url)
        #expect(draft.notice.references.map(\.issuer) == written.references.map(\.issuer))
        #expect(draft.notice.references.map(\.number) == written.references.map(\.number))
        #expect(draft.notice.references.map(\.date) == written.references.map(\.date))
        #expect(draft.notice.guidance[.outage]?.japanese.contains("10割負担とならずに") == true)
        #expect(draft.notice.guidance[.intermittent]?.japanese.contains("カードリーダーの再起動") == true)
        #expect(draft.notice.notes.first?.contains("マイナポータル") == true)
        #expect(draft.report.warnings.isEmpty, "\(draft.report.warnings)")
        // Every other date is accounted for: two letter dates and the two mentions of 12月2日.
        #expect(draft.report.notUsed.count == 4)
        #expect(draft.report.notUsed.filter { $0.contains("令和6年12月2日") }.count == 2)
    }

    @Test("the draft is a notice file that validate accepts")
    func draftValidates() throws {
        let draft = try Self.draft("seed-2024-12.txt")
        let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
        let directory = try Fixtures.folder(notices: ["\(draft.notice.id).yaml": yaml])
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        #expect(catalog != nil, "\(diagnostics)")
        #expect(Self.shape(catalog?.notices.first?.windows ?? []) == Self.shape(draft.notice.windows))
    }

    @Test("full-width digits, 時/分, 翌, 頃, PM, an end without year, a name cut by a wrap, a differing area list")
    func fullWidth() throws {
        let draft = try Self.draft("fullwidth-wraps.txt")
        #expect(Self.shape(draft.notice.windows) == [
            "outage [west-japan] 2025-02-16T23:30:00+09:00–2025-02-17T02:00:00+09:00 true",
            "intermittent [east-japan] 2025-02-17T10:00:00+09:00–2025-02-17T10:30:00+09:00 true",
            "intermittent [west-japan] 2025-02-17T13:00:00+09:00–2025-02-17T14:15:00+09:00 false",
        ])
        #expect(draft.notice.references.map(\.number) == ["日薬業発第417号", nil])
        #expect(draft.report.warnings.contains { $0.contains("西日本 list differs") && $0.contains("沖縄県") })
        #expect(draft.report.understood.contains("area list of 東日本: the same 17 prefectures as regions.yaml"))
    }

    @Test("another system, nationwide, 午前…から…まで, and a URL rejoined across a wrap")
    func nationwide() throws {
        let draft = try Self.draft("eprescription-nationwide.txt")
        #expect(draft.notice.systems == ["eprescription"])
        #expect(draft.notice.id == "2025-05-eprescription")
        #expect(Self.shape(draft.notice.windows) == ["outage [nationwide] 2025-05-11T02:00:00+09:00–2025-05-11T06:00:00+09:00 true"])
        #expect(draft.notice.url == "https://www.mhlw.go.jp/stf/denshishohousen.html")
        #expect(draft.notice.guidance[.outage]?.japanese.contains("紙の処方箋") == true)
        #expect(draft.notice.issuer == "厚生労働省医薬局総務課")
    }

    @Test("a revision letter gives the new times, and a wrong weekday is flagged")
    func revision() throws {
        let draft = try Self.draft("revision.txt")
        #expect(Self.shape(draft.notice.windows) == ["outage [west-japan] 2024-12-31T02:00:00+09:00–2024-12-31T04:30:00+09:00 true"])
        #expect(draft.report.warnings.contains { $0.contains("is a 火曜日, not 水曜日") })
    }

    /// One realistic sentence per form the importer must read.
    static let sentences: [(String, String, String)] = [
        ("西日本エリア：令和６年１２月３１日（火）３：００～５：２０（予定）", "2024-12-31T03:00:00+09:00", "2024-12-31T05:20:00+09:00"),
        ("東日本エリア：平成31年4月30日（火）22時から24時まで", "2019-04-30T22:00:00+09:00", "2019-05-01T00:00:00+09:00"),
        ("東日本エリア：令和元年5月1日（水）0時30分〜6時", "2019-05-01T00:30:00+09:00", "2019-05-01T06:00:00+09:00"),
        ("西日本エリア：2025年3月1日(土)午後11時～翌午前1時半", "2025-03-01T23:00:00+09:00", "2025-03-02T01:30:00+09:00"),
        ("西日本エリア：2025 年 3 月 1 日 (土曜日) 9:00 AM - 11:30 AM", "2025-03-01T09:00:00+09:00", "2025-03-01T11:30:00+09:00"),
        ("全国：2025年12月31日(水)22:00～2026年1月1日(木)2:00頃", "2025-12-31T22:00:00+09:00", "2026-01-01T02:00:00+09:00"),
        ("東日本エリア：2025年1月31日(金)23:00～2月1日(土)1:00", "2025-01-31T23:00:00+09:00", "2025-02-01T01:00:00+09:00"),
        ("西日本エリア：2025年6月1日(日)23:00－1:00", "2025-06-01T23:00:00+09:00", "2025-06-02T01:00:00+09:00"),
    ]

    @Test("dates, times and ranges as notices write them", arguments: sentences.indices)
    func forms(index: Int) throws {
        let (sentence, start, end) = Self.sentences[index]
        let text = "（１）長時間の通信断\n\(sentence)\n"
        let draft = try Self.importer().importText(text)
        #expect(draft.notice.windows.count == 1, "\(sentence): \(draft.report)")
        #expect(draft.notice.windows.first.map { JST.iso($0.start) } == start, "\(sentence)")
        #expect(draft.notice.windows.first.flatMap { $0.end.map(JST.iso) } == end, "\(sentence)")
    }

    @Test("a date or time outside the windows is listed as not used, never dropped silently")
    func notUsed() throws {
        let text = "令和7年3月1日\n(1)長時間の通信断\n西日本エリア:2025年3月2日(日)3:00~4:00\nお問い合わせは平日9時から17時まで。回答期限:2025年3月10日\n"
        let draft = try Self.importer().importText(text)
        #expect(draft.notice.windows.count == 1)
        let notUsed = draft.report.notUsed.joined(separator: "\n")
        #expect(notUsed.contains("令和7年3月1日"))
        #expect(notUsed.contains("2025年3月10日"))
        #expect(notUsed.contains("9時"))
        #expect(notUsed.contains("17時"))
    }

    @Test("頃 and 予定 mean tentative; a bare time is firm")
    func tentative() throws {
        let firm = try Self.importer().importText("(1)長時間の通信断\n西日本エリア:2025年3月1日(土)3:00~4:00\n")
        #expect(firm.notice.windows.first?.tentative == false)
        let about = try Self.importer().importText("(1)長時間の通信断\n西日本エリア:2025年3月1日(土)3:00~4:00頃\n")
        #expect(about.notice.windows.first?.tentative == true)
    }

    @Test("bad input: a clear error, never a draft with windows the text does not contain",
          arguments: [("", ImportError.empty), ("\u{0}\u{1}\u{2}PK", .binary), ("お知らせです。詳細は追って連絡します。", .noDates),
                      ("令和7年2月30日(日)3:00~4:00 西日本エリア", .impossibleDate("令和7年2月30日(日)")),
                      ("令和6年12月26日\n日本薬剤師会\n会議のお知らせ", .noWindows(notUsed: ["令和6年12月26日: the letter's date (a date alone on its line, at the letter's head or foot) (…令和6年12月26日 日本薬剤師会 会議…)"])), ("\u{0C}\n\u{0C}\n  \n", .empty)])
    func badInput(text: String, error: ImportError) throws {
        #expect(throws: error) { try Self.importer().importText(text) }
    }
}

/// Every input the importer fuzzer once crashed on (Fuzz/crashes-importer) is imported, or
/// refused with a message, now.
@Suite("Importer fuzzer findings stay fixed")
struct ImporterFuzzRegressionTests {
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/crashes-importer")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: crashes.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("each reproducer imports or is refused, and a draft loads back", arguments: files)
    func reproducer(name: String) throws {
        let data = try Data(contentsOf: Self.crashes.appendingPathComponent(name))
        let importer = try ImporterTests.importer()
        guard let draft = try? importer.importText(String(decoding: data, as: UTF8.self)) else { return }
        #expect(draft.notice.windows.allSatisfy { ($0.end ?? .distantFuture) > $0.start })
        let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
        #expect(!yaml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // As the fuzzer checks: a draft with nothing to check by hand loads back as it is.
        guard draft.report.warnings.isEmpty, !draft.notice.systems.isEmpty else { return }
        let catalog = try Fixtures.seedCatalog()
        let (notice, diagnostics) = CatalogLoader.notice(path: "draft.yaml", text: yaml, regions: catalog.regions, systems: catalog.systems)
        #expect(notice != nil, "\(diagnostics.map(\.description))")
    }

    @Test("the reproducers are there")
    func present() {
        #expect(Self.files.count >= 3)
    }
}
