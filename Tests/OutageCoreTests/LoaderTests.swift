import Foundation
import Testing

@testable import OutageCore

@Suite("Loading notices")
struct LoaderTests {
    @Test("the seed notice loads with its three windows at the notice's instants")
    func seed() throws {
        let catalog = try Fixtures.seedCatalog()
        #expect(catalog.regions.regions.map(\.id) == ["east-japan", "west-japan"])
        #expect(catalog.regions.region(id: "east-japan")?.prefectures.count == 17)
        #expect(catalog.regions.region(id: "west-japan")?.prefectures.count == 30)
        #expect(catalog.regions.region(of: Prefecture.find("福岡")!)?.id == "west-japan")
        #expect(catalog.regions.region(of: Prefecture.find("山梨")!)?.id == "east-japan")
        let notice = try #require(catalog.notices.first)
        #expect(notice.references.map(\.number) == ["事務連絡", "日薬業発第362号", nil])
        #expect(notice.url == "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769")
        #expect(notice.notes.first?.contains("マイナポータル") == true)
        let windows = notice.windows
        #expect(windows.map(\.id) == ["west-outage", "west-intermittent", "east-intermittent"])
        #expect(windows.map(\.kind) == [.outage, .intermittent, .intermittent])
        #expect(windows[0].start == Fixtures.jst("2024-12-30T18:00:00Z"))
        #expect(windows[0].end == Fixtures.jst("2024-12-30T20:20:00Z"))
        #expect(windows[1].end == Fixtures.jst("2024-12-31T18:00:00Z"))
        #expect(windows[2].scope == [.region("east-japan")])
        #expect(windows.allSatisfy { $0.tentative && !$0.cancelled })
        #expect(notice.guidance[.outage]?.japanese.contains("10割負担とせず") == true)
        #expect(notice.guidance[.intermittent]?.japanese.contains("カードリーダーの再起動") == true)
    }

    /// One bad input each, with where it is reported and what the message says.
    static let badInputs: [(name: String, from: String, to: String, line: Int, column: Int, says: String)] = [
        ("YAML syntax", "  - id: west-outage\n", "  - id: [west-outage\n", 27, 9, "YAML syntax error"),
        ("unknown key (typo)", "    tentative: true\n  - id: west-intermittent", "    tentatve: true\n  - id: west-intermittent", 32, 5, "unknown key 'tentatve'"),
        ("missing field", "    kind: outage\n", "", 26, 5, "has no 'kind'"),
        ("impossible date", "2024-12-31T03:00:00+09:00", "2025-02-30T03:00:00+09:00", 30, 12, "2025-2-30 does not exist"),
        ("time without offset", "2024-12-31T05:20:00+09:00", "2024-12-31T05:20:00", 31, 10, "has no UTC offset"),
        ("end not after start", "end: 2024-12-31T13:30:00+09:00", "end: 2024-12-31T11:30:00+09:00", 45, 10, "ends at or before it starts"),
        ("unknown region", "scope: [east-japan]", "scope: [east-japon]", 43, 13, "unknown region or prefecture 'east-japon'"),
        ("unknown prefecture", "scope: [east-japan]", "scope: [福岡市]", 43, 13, "unknown region or prefecture '福岡市'"),
        ("duplicate window id", "id: east-intermittent", "id: west-outage", 40, 9, "window id 'west-outage' is used twice"),
        ("impossible issued date", "issued: 2024-12-24", "issued: 2024-13-01", 7, 9, "2024-13-1 does not exist"),
        ("revision not a number", "revision: 1", "revision: first", 20, 11, "must be a whole number"),
        ("bad kind", "kind: outage", "kind: blackout", 27, 11, "unknown kind 'blackout'"),
    ]

    @Test("bad input is reported at file:line:column with what is wrong", arguments: badInputs.map(\.name))
    func badInput(name: String) throws {
        let case_ = Self.badInputs.first { $0.name == name }!
        #expect(Fixtures.seedNotice.contains(case_.from))
        let (catalog, diagnostics) = try Fixtures.loadSeed { $0.replacingOccurrences(of: case_.from, with: case_.to) }
        #expect(catalog == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        let match = errors.first { $0.message.contains(case_.says) }
        #expect(match != nil, "expected '\(case_.says)', got \(errors.map(\.description))")
        #expect(match?.line == case_.line)
        #expect(match?.column == case_.column)
        #expect(match?.file.hasSuffix("notices/2024-12-network-renewal.yaml") == true)
        #expect(match?.hint?.isEmpty == false)
    }

    @Test("every problem is reported, not only the first")
    func reportsAll() throws {
        let (catalog, diagnostics) = try Fixtures.loadSeed {
            $0.replacingOccurrences(of: "tentative: true\n  - id: west-intermittent", with: "tentatve: true\n  - id: west-intermittent")
                .replacingOccurrences(of: "2024-12-31T05:20:00+09:00", with: "2024-12-31T05:20:00")
                .replacingOccurrences(of: "scope: [east-japan]", with: "scope: [east-japon]")
        }
        #expect(catalog == nil)
        #expect(diagnostics.filter { $0.severity == .error }.count == 3)
        #expect(Set(diagnostics.map(\.line)) == [31, 32, 43])
    }

    @Test("an unknown key suggests the key that was meant")
    func suggestion() throws {
        let (_, diagnostics) = try Fixtures.loadSeed { $0.replacingOccurrences(of: "\nrevision: 1", with: "\nrevison: 1") }
        let unknown = try #require(diagnostics.first { $0.message.contains("revison") })
        #expect(unknown.hint == "did you mean 'revision'?")
        #expect(unknown.description.hasSuffix("2024-12-network-renewal.yaml:20:1: error: unknown key 'revison' in the notice\n    hint: did you mean 'revision'?"))
    }

    @Test("a prefecture in two regions, and an unknown one, are reported in regions.yaml")
    func regionErrors() throws {
        let regions = Fixtures.regions
            .replacingOccurrences(of: "新潟県, 山梨県, 長野県]", with: "新潟県, 山梨県, 長野県, 富山県]")
            .replacingOccurrences(of: "[北海道, 青森県", with: "[北海道, 青盛県")
        let directory = try Fixtures.folder(regions: regions, notices: ["2024-12-network-renewal.yaml": Fixtures.seedNotice])
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        #expect(catalog == nil)
        let messages = diagnostics.filter { $0.file.hasSuffix("regions.yaml") }.map(\.message)
        #expect(messages.contains { $0.contains("unknown prefecture '青盛県'") })
        #expect(messages.contains { $0.contains("富山県 is in two regions: 'east-japan' and 'west-japan'") })
    }

    @Test("the same notice id in two files is reported")
    func duplicateNotice() throws {
        let copy = Fixtures.seedNotice.replacingOccurrences(of: "id: 2024-12-network-renewal", with: "id: 2024-12-network-renewal-copy")
        let directory = try Fixtures.folder(notices: [
            "2024-12-network-renewal.yaml": Fixtures.seedNotice,
            "2024-12-network-renewal-copy.yaml": copy.replacingOccurrences(of: "id: 2024-12-network-renewal-copy", with: "id: 2024-12-network-renewal"),
        ])
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        #expect(catalog == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message == "notice id '2024-12-network-renewal' is also used by \(directory)/notices/2024-12-network-renewal.yaml")
        #expect(errors.first?.file.hasSuffix("2024-12-network-renewal-copy.yaml") == true)
    }

    @Test("empty, binary and non-UTF-8 files get a clear message, each its own",
          arguments: [(Data(), "the file is empty"), (Data([0x00, 0x01, 0x02]), "the file is binary, not YAML text"),
                      (Data([0x82, 0xA0, 0x82, 0xA2]), "the file is not UTF-8 text")])
    func unreadable(data: Data, message: String) throws {
        let directory = try Fixtures.folder(notices: [:])
        try data.write(to: URL(fileURLWithPath: directory + "/notices/broken.yaml"))
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        #expect(catalog == nil)
        let error = try #require(diagnostics.first { $0.file.hasSuffix("broken.yaml") })
        #expect(error.message == message)
    }

    @Test("alarm lead times parse as administrators write them",
          arguments: [("30m", AlarmLead.minutes(30)), ("2h", .minutes(120)), ("1d", .minutes(1440)), ("90 min", .minutes(90)),
                      ("前日17:00", .dayBefore(hour: 17, minute: 0)), ("day-before 9:30", .dayBefore(hour: 9, minute: 30))])
    func alarmLeads(text: String, lead: AlarmLead) {
        #expect(AlarmLead(parsing: text) == lead)
    }

    @Test("the day-before reminder lands at 17:00 JST the previous day")
    func dayBefore() {
        let start = Fixtures.jst("2024-12-31T03:00:00+09:00")
        #expect(AlarmLead.dayBefore(hour: 17, minute: 0).seconds(before: start) == 10 * 3600)
        let noon = Fixtures.jst("2024-12-31T12:00:00+09:00")
        #expect(AlarmLead.dayBefore(hour: 17, minute: 0).seconds(before: noon) == 19 * 3600)
    }
}
