import Foundation
import ICal
import Testing

@testable import OutageCore

@Suite("Feed building")
struct FeedBuilderTests {
    static let goldenFeeds = ["all.ics", "east-japan.ics", "west-japan.ics", "prefectures/40-fukuoka.ics", "prefectures/13-tokyo.ics"]

    /// Byte-for-byte against Tests/OutageCoreTests/Golden. `RECORD_GOLDEN=1 swift test` rewrites
    /// them and fails, so that every change of output is a reviewed diff.
    static func compare(_ path: String, of catalog: Catalog, golden prefix: String) throws {
        let file = try #require(FeedBuilder().build(catalog).first { $0.path == path })
        let goldenPath = Fixtures.golden + "/" + prefix + path.replacingOccurrences(of: "/", with: "_")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: goldenPath))
            Issue.record("recorded \(goldenPath); review the diff and run again without RECORD_GOLDEN")
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: goldenPath), "no golden file \(goldenPath); run with RECORD_GOLDEN=1")
        #expect(Data(file.contents.utf8) == golden, "\(path) differs from \(goldenPath)")
    }

    @Test("the seed notice gives the reviewed feeds, byte for byte", arguments: goldenFeeds)
    func golden(path: String) throws {
        try Self.compare(path, of: try Fixtures.seedCatalog(), golden: "")
    }

    static let shapeFeeds = ["all.ics", "west-japan.ics", "prefectures/40-fukuoka.ics", "prefectures/13-tokyo.ics", "systems/online-claims.ics", "systems/jpki.ics"]

    /// Every shape of window (partial on several all-day dates, an open end, a backup day, a
    /// cancelled window with its own guidance, several systems) against reviewed feeds.
    @Test("every shape of window gives the reviewed feeds, byte for byte", arguments: shapeFeeds)
    func shapesGolden(path: String) throws {
        try Self.compare(path, of: try Fixtures.shapesCatalog(), golden: "shapes_")
    }

    @Test("writes all.ics, both regions, all 47 prefectures and one feed per system, and the page")
    func fileSet() throws {
        let catalog = try Fixtures.seedCatalog()
        let paths = try Publication().files(catalog).map(\.path)
        #expect(paths == FeedSet(catalog).paths)
        #expect(paths.allSatisfy(FeedSet.owns))
        #expect(paths.count == 51 + catalog.systems.systems.count)
        #expect(paths.filter { $0.hasPrefix("systems/") } == catalog.systems.systems.map { "systems/\($0.id).ics" }.sorted())
        #expect(paths.filter { $0.hasSuffix(".ics") }.count == 50 + catalog.systems.systems.count)
        #expect(paths.contains("index.html"))
        #expect(paths.contains("prefectures/40-fukuoka.ics"))
        #expect(paths.contains("prefectures/01-hokkaido.ics"))
        #expect(paths.contains("prefectures/47-okinawa.ics"))
        #expect(Set(paths).count == paths.count)
    }

    /// Reads a feed back through libical: (UID, start, end, status, sequence) of each event.
    static func events(_ text: String) throws -> [(uid: String, start: Date?, end: Date?, status: EventStatus?, sequence: Int, alarms: [ICalAlarm], summary: String)] {
        let calendar = try ICalComponent.parse(text)
        return calendar.read { cal in
            var events: [(String, Date?, Date?, EventStatus?, Int, [ICalAlarm], String)] = []
            cal.forEachChild(.event) { event in
                events.append((event.text(.uid) ?? "", event.dateTime(.dtstart, floatingOffset: 0)?.instant,
                               event.dateTime(.dtend, floatingOffset: 0)?.instant, event.status, event.sequence,
                               event.alarms, event.text(.summary) ?? ""))
            }
            return events
        }
    }

    @Test("each feed holds the windows of its area, at the notice's instants")
    func membership() throws {
        let files = Dictionary(uniqueKeysWithValues: FeedBuilder().build(try Fixtures.seedCatalog()).map { ($0.path, $0.contents) })
        let west = try Self.events(files["west-japan.ics"]!)
        #expect(west.map(\.uid) == ["2024-12-network-renewal.west-outage@outagecal", "2024-12-network-renewal.west-intermittent@outagecal"])
        #expect(west[0].start == Fixtures.jst("2024-12-31T03:00:00+09:00"))
        #expect(west[0].end == Fixtures.jst("2024-12-31T05:20:00+09:00"))
        #expect(west[1].end == Fixtures.jst("2025-01-01T03:00:00+09:00"))
        #expect(west[0].status == .tentative)
        #expect(west[0].sequence == 1)
        #expect(west[0].summary == "【西日本】オンライン資格確認等システム 長時間の通信断（予定）")
        #expect(try Self.events(files["east-japan.ics"]!).map(\.uid) == ["2024-12-network-renewal.east-intermittent@outagecal"])
        #expect(try Self.events(files["all.ics"]!).count == 3)
        #expect(try Self.events(files["prefectures/40-fukuoka.ics"]!).count == 2)
        #expect(try Self.events(files["prefectures/19-yamanashi.ics"]!).map(\.uid) == ["2024-12-network-renewal.east-intermittent@outagecal"])
    }

    @Test("the first alarm reaches staff the evening before; the last warns before the end")
    func alarms() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let outage = try #require(try Self.events(files.first { $0.path == "west-japan.ics" }!.contents).first)
        #expect(outage.alarms.map(\.trigger) == [.beforeStart(seconds: 10 * 3600), .beforeStart(seconds: 30 * 60), .beforeEnd(seconds: 10 * 60)])
        #expect(outage.alarms.allSatisfy { $0.action == "DISPLAY" && !$0.description.isEmpty })
        #expect(outage.alarms[0].description.contains("10割負担にしない"))
        #expect(outage.alarms[2].description.contains("まもなく終了予定（5:20）"))
    }

    @Test("times are in Asia/Tokyo with a compact zone; stamps are UTC and come from the notice")
    func timeZones() throws {
        let text = FeedBuilder().build(try Fixtures.seedCatalog()).first { $0.path == "all.ics" }!.contents
        #expect(!text.contains("freeassociation"))
        #expect(!text.contains("+0918"))
        #expect(text.components(separatedBy: "BEGIN:STANDARD").count == 2)
        #expect(!text.contains("BEGIN:DAYLIGHT"))
        #expect(text.contains("DTSTART;TZID=Asia/Tokyo:20241231T030000\r\n"))
        #expect(text.components(separatedBy: "DTSTAMP:20241226T000000Z\r\n").count == 4)
        #expect(text.components(separatedBy: "LAST-MODIFIED:20241226T000000Z\r\n").count == 4)
    }

    @Test("the same notices give byte-identical feeds")
    func deterministic() throws {
        let catalog = try Fixtures.seedCatalog()
        #expect(FeedBuilder().build(catalog) == FeedBuilder().build(catalog))
    }

    @Test("cancelled windows say so and carry no reminders; revisions raise SEQUENCE")
    func cancelled() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows[0].cancelled = true
        catalog.notices[0].revision = 2
        let west = try Self.events(FeedBuilder().build(catalog).first { $0.path == "west-japan.ics" }!.contents)
        #expect(west[0].status == .cancelled)
        #expect(west[0].summary.hasPrefix("【中止】【西日本】"))
        #expect(west[0].alarms.isEmpty)
        #expect(west.map(\.sequence) == [2, 2])
        #expect(west[0].uid == "2024-12-network-renewal.west-outage@outagecal")
    }

    @Test("cancelled windows stay as 中止 for their retention, past windows for theirs, counted from the newest update")
    func retention() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows[0].cancelled = true
        var later = catalog.notices[0]
        later.id = "later"
        later.windows = [Window(id: "w", kind: .outage, scope: [.nationwide], start: Fixtures.jst("2025-02-20T03:00:00+09:00"),
                                end: Fixtures.jst("2025-02-20T04:00:00+09:00"))]
        func uids(_ updated: String) throws -> [String] {
            var copy = catalog
            later.updated = Fixtures.jst(updated)
            copy.notices.append(later)
            return try Self.events(FeedBuilder().build(copy).first { $0.path == "all.ics" }!.contents).map(\.uid)
        }
        // Ten days after the cancellation: still shown, struck out.
        #expect(try uids("2025-01-05T09:00:00+09:00").count == 4)
        // Forty days after: the cancelled window is gone, the others stay.
        #expect(try uids("2025-02-04T09:00:00+09:00") == ["2024-12-network-renewal.west-intermittent@outagecal", "2024-12-network-renewal.east-intermittent@outagecal", "later.w@outagecal"])
        // A hundred days after the windows ended, they are gone too.
        #expect(try uids("2025-04-15T09:00:00+09:00") == ["later.w@outagecal"])
        // Both periods can be set.
        var copy = catalog
        later.updated = Fixtures.jst("2025-04-15T09:00:00+09:00")
        copy.notices.append(later)
        let keepAll = FeedBuilder(retention: .init(past: 365 * 86_400, cancelled: 365 * 86_400))
        #expect(try Self.events(keepAll.build(copy).first { $0.path == "all.ics" }!.contents).count == 4)
        #expect(FeedBuilder.Retention.period("90d") == TimeInterval(90 * 86_400))
        #expect(FeedBuilder.Retention.period("soon") == nil)
    }

    @Test("a prefecture-only window reaches that prefecture, its region and all, nowhere else")
    func prefectureScope() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows = [Window(id: "fukuoka", kind: .outage, wording: "長時間の通信断", scope: [.prefecture(Prefecture.find("福岡")!)],
                                             start: Fixtures.jst("2025-03-01T03:00:00+09:00"), end: Fixtures.jst("2025-03-01T04:00:00+09:00"))]
        let files = FeedBuilder().build(catalog).filter { $0.path.hasSuffix(".ics") }
        let holding = try files.filter { try !Self.events($0.contents).isEmpty }.map(\.path)
        #expect(holding == ["all.ics", "prefectures/40-fukuoka.ics", "systems/onshi.ics", "west-japan.ics"])
        let summary = try Self.events(files[0].contents)[0].summary
        #expect(summary == "【福岡】オンライン資格確認等システム 長時間の通信断")
    }

    @Test("a nationwide window is in every feed and says 全国")
    func nationwide() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows = [Window(id: "all", kind: .intermittent, wording: "数分間の通信断", scope: [.nationwide],
                                             start: Fixtures.jst("2025-03-01T03:00:00+09:00"), end: Fixtures.jst("2025-03-01T04:00:00+09:00"))]
        let files = FeedBuilder().build(catalog).filter { $0.path.hasSuffix(".ics") && !($0.path.hasPrefix("systems/") && $0.path != "systems/onshi.ics") }
        for file in files { #expect(try Self.events(file.contents).map(\.summary) == ["【全国】オンライン資格確認等システム 数分間の通信断"]) }
    }
}
