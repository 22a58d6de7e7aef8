import Foundation
import Testing

@testable import OutageCore

/// The one set of revision rules, as validate and generate apply it against the published feed
/// and diff against an older notice file.
@Suite("Revision rules")
struct RevisionRulesTests {
    static func versions(_ notices: [Notice], _ catalog: Catalog) -> [WindowVersion] {
        WindowVersion.versions(of: notices, regions: catalog.regions, systems: catalog.systems)
    }

    /// The seed's versions as `generate` published them, read back from the feed.
    static func published(_ catalog: Catalog) throws -> [WindowVersion] {
        let all = try #require(FeedBuilder().build(catalog).first { $0.path == "all.ics" })
        return try FeedContract.versions(published: all.contents)
    }

    @Test("what the feed carries reads back as the notices' own versions")
    func roundTrip() throws {
        let catalog = try Fixtures.seedCatalog()
        #expect(try Self.published(catalog) .sorted { ($0.windowID, $0.occurrence) < ($1.windowID, $1.occurrence) }
                == Self.versions(catalog.notices, catalog).sorted { ($0.windowID, $0.occurrence) < ($1.windowID, $1.occurrence) })
    }

    @Test("an area, a move, a cancellation without a new revision are found; with one they are not")
    func unrevised() throws {
        let catalog = try Fixtures.seedCatalog()
        let published = try Self.published(catalog)
        var new = catalog.notices[0]
        new.windows[0].scope = [.prefecture(Prefecture.find("福岡")!)]
        new.windows[1].timing = .timed(start: new.windows[1].start, end: new.windows[1].start.addingTimeInterval(600))
        new.windows[2].cancelled = true
        let findings = RevisionRules.findings(from: published, to: Self.versions([new], catalog))
        #expect(findings.count == 3)
        #expect(findings.contains(.unrevised(noticeID: new.id, windowID: new.windows[0].id, revision: 1, .facts([FeedContract.area]))))
        #expect(findings.contains(.unrevised(noticeID: new.id, windowID: new.windows[2].id, revision: 1, .cancelled)))
        #expect(findings.contains { if case .unrevised(_, new.windows[1].id, 1, .moved) = $0 { true } else { false } })
        new.revision = 2
        #expect(RevisionRules.findings(from: published, to: Self.versions([new], catalog)).isEmpty)
    }

    @Test("removing a notice, a window or a date, or lowering the revision, is found")
    func removals() throws {
        let catalog = try Fixtures.seedCatalog()
        let published = try Self.published(catalog)
        let notice = catalog.notices[0]
        #expect(RevisionRules.findings(from: published, to: []) == [.noticeRemoved(noticeID: notice.id)])
        var fewer = notice
        fewer.revision = 2
        let removed = fewer.windows.removeLast()
        #expect(RevisionRules.findings(from: published, to: Self.versions([fewer], catalog))
                == [.windowRemoved(noticeID: notice.id, windowID: removed.id)])
        var lower = notice
        lower.revision = 0
        #expect(RevisionRules.findings(from: published, to: Self.versions([lower], catalog))
                == [.revisionDown(noticeID: notice.id, published: 1, now: 0)])
        let day = WindowVersion(noticeID: "n", windowID: "w", occurrence: 1, start: notice.windows[0].start, end: nil, isAllDay: true,
                                cancelled: false, revision: 1, facts: [:])
        var first = day
        first.occurrence = 0
        #expect(RevisionRules.findings(from: [first, day], to: [first]) == [.datesRemoved(noticeID: "n", windowID: "w", published: 2, now: 1)])
    }

    @Test("validate's error and diff's note come from the same finding")
    func sameRuleEverywhere() throws {
        let catalog = try Fixtures.seedCatalog()
        var new = catalog.notices[0]
        new.windows[0].scope = [.prefecture(Prefecture.find("福岡")!)]
        let diagnostics = RevisionRules.diagnostics(
            RevisionRules.findings(from: try Self.published(catalog), to: Self.versions([new], catalog)),
            sources: catalog.sources, feedPath: "Feeds/all.ics")
        #expect(diagnostics.errors.map(\.message) == ["window '\(new.windows[0].id)' changed its area, but the revision is still 1"])
        let lines = NoticeDiff.changes(from: catalog.notices, to: [new], regions: catalog.regions, systems: catalog.systems)
        #expect(lines.last == "  注意: 版が上がっていません。カレンダーに反映させるには revision を 2 にしてください。")
    }
}
