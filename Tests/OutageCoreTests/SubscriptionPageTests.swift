import Foundation
import Testing

@testable import OutageCore

/// The page, rendered from its mustache template with what the feed set holds.
@Suite("Subscription page")
struct SubscriptionPageTests {
    @Test("every feed of the set is linked, with webcal links when the base URL is known")
    func linksEveryFeed() throws {
        let catalog = try Fixtures.seedCatalog()
        let set = FeedSet(catalog)
        let html = try SubscriptionPage(baseURL: "https://feeds.example.jp/outagecal").html(catalog, feeds: set)
        for path in set.paths where path.hasSuffix(".ics") {
            #expect(html.contains("href=\"https://feeds.example.jp/outagecal/\(path)\" data-path=\"\(path)\""), "\(path)")
            #expect(html.contains("href=\"webcal://feeds.example.jp/outagecal/\(path)\""), "\(path)")
        }
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test("what a notice says is escaped everywhere the page shows it")
    func escapes() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows[0].wording = "<script>alert('x')</script>&"
        let html = try SubscriptionPage().html(catalog, feeds: FeedSet(catalog))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"))
        #expect(html.components(separatedBy: "<script>").count == 2)  // the page's own script only
    }

    @Test("a region with more windows than a page should hold lists the latest and says how many it left out")
    func longCatalogIsCut() throws {
        var catalog = try Fixtures.seedCatalog()
        let first = Fixtures.jst("2030-01-01T01:00:00+09:00")
        let extra = SubscriptionPage.shownPerRegion + 5
        for day in 0..<extra {
            let start = first.addingTimeInterval(Double(day) * 86_400)
            catalog.notices[0].windows.append(Window(id: "extra-\(day)", kind: .outage, scope: [.nationwide], start: start, end: start.addingTimeInterval(3600)))
        }
        let set = FeedSet(catalog, retention: .init(past: 1e12, cancelled: 1e12))
        let regions = SubscriptionPage().timeline(catalog, feeds: set)
        let html = try SubscriptionPage().html(catalog, feeds: set)
        for region in regions {
            #expect(region.windows.count == SubscriptionPage.shownPerRegion)
            let total = set.units.filter { $0.mask & FeedSet.mask(catalog.regions.regions.first { $0.name == region.name }!.prefectures) != 0 }.count
            #expect(region.omitted == "これより前の\(total - SubscriptionPage.shownPerRegion)件はここでは省略しています（カレンダーには入っています）。")
            #expect(html.contains(region.omitted!))
        }
        // The latest window is listed; the earliest is not.
        #expect(html.contains(JST.date(first.addingTimeInterval(Double(extra - 1) * 86_400))))
        #expect(regions.allSatisfy { !$0.windows.contains { $0.summary.contains("長時間") } })
    }
}

/// A window on several consecutive days is listed once, as a range (issue 24).
@Suite("Consecutive days on the page")
struct ConsecutiveDaysTests {
    @Test("five days in a row and one more: two entries, the run as a range")
    func ranges() throws {
        var catalog = try Fixtures.seedCatalog()
        var days = (20...24).map { CivilDate(year: 2024, month: 12, day: $0) }
        days.append(CivilDate(year: 2024, month: 12, day: 27))
        catalog.notices[0].windows[0].timing = .days(days)
        catalog.notices[0].windows[0].tentative = false
        let html = try SubscriptionPage().html(catalog, feeds: FeedSet(catalog))
        #expect(html.contains("2024年12月20日(金)〜2024年12月24日(火) 終日"))
        #expect(html.contains("2024年12月27日(金) 終日"))
        for single in ["2024年12月21日(土) 終日", "2024年12月22日(日) 終日", "2024年12月23日(月) 終日"] {
            #expect(!html.contains(single), "\(single) is listed on its own")
        }
    }
}
