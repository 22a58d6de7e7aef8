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
}
