import Foundation
import Testing

@testable import OutageWatcher

/// Feeds and pages as the operators publish them: the end-to-end test's pages (written by a
/// helper who never saw this code) and hand-made edge cases.
@Suite struct PageReadingTests {
    static let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Watch/fixtures/web/round1").path
    static let base = URL(string: "https://example.go.jp/")!

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(web)/\(path)")))
    }

    @Test("RSS 1.0 (RDF), RSS 2.0 and Atom: every item, links resolved against the feed", arguments: [
        ("mhlw/news.rdf", 8, "/mhlw/articles/101.html"), ("digital/news.xml", 6, "/digital/news/"), ("jlis/news.atom", 5, "/jlis/info/20270216.html"),
    ])
    func feeds(path: String, count: Int, link: String) throws {
        let bytes = try Self.bytes(path)
        #expect(FeedListing.looksLikeFeed(bytes, contentType: nil))
        let items = try FeedListing.articles(bytes, base: Self.base)
        #expect(items.count == count)
        #expect(items.contains { $0.url.absoluteString.contains(link) && !$0.title.isEmpty })
    }

    @Test("not a feed: an HTML page is not taken for one; broken XML and another XML are said to be so")
    func notFeeds() throws {
        #expect(!FeedListing.looksLikeFeed(try Self.bytes("ssk/oshirase.html"), contentType: "text/html"))
        #expect(throws: FeedListing.Problem.self) { try FeedListing.articles(Array("<rss><channel><item>".utf8), base: Self.base) }
        #expect(throws: FeedListing.Problem.self) { try FeedListing.articles(Array("<?xml version=\"1.0\"?><svg/>".utf8), base: Self.base) }
    }

    @Test("a Shift_JIS page of links: read in its declared charset, each article with the date beside it")
    func shiftJISLinks() throws {
        let document = HTMLDocument(bytes: try Self.bytes("ssk/oshirase.html"), url: Self.base, charset: nil)
        let dated = document.links.filter { ListingDate.first(in: $0.context) != nil }
        #expect(dated.count >= 10)
        #expect(dated.contains { $0.text.contains("オンライン請求システム") && $0.url.absoluteString.hasPrefix("https://example.go.jp/ssk/oshirase/") })
        #expect(!document.text.contains("\u{FFFD}"))
    }

    @Test("struck-through words are left out; scripts and styles too; table cells a tab apart, as the importer reads a table")
    func words() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><p>4月4日 <s>5:00</s> 8:00</p><script>var x='停止';</script><table><tr><td>a</td><td>b</td></tr></table></body></html>"
        let document = HTMLDocument(bytes: Array(html.utf8), url: Self.base, charset: "utf-8")
        #expect(document.title == "T")
        #expect(document.text.contains("4月4日  8:00"))
        #expect(!document.text.contains("5:00"))
        #expect(!document.text.contains("停止"))
        #expect(document.text.contains("a\tb"))
    }

    @Test("hostile: a page nested a hundred thousand deep is read without a crash")
    func deep() {
        let html = String(repeating: "<div>", count: 100_000) + "停止" + String(repeating: "</div>", count: 100_000)
        let document = HTMLDocument(bytes: Array(html.utf8), url: Self.base, charset: "utf-8")
        #expect(document.links.isEmpty)
    }

    @Test("a listing's dates: 西暦, 令和, slashes and dots, full-width digits; the year of a feed's date", arguments: [
        ("2025年1月20日 お知らせ", "2025年1月20日"), ("令和7年1月20日", "令和7年1月20日"), ("２０２５/０１/２０", "2025/01/20"), ("2025.01.20", "2025.01.20"), ("お知らせ", nil),
    ] as [(String, String?)])
    func listingDates(text: String, date: String?) {
        #expect(ListingDate.first(in: text) == date)
    }

    @Test("years", arguments: [("Mon, 01 Feb 2027 09:00:00 +0900", 2027), ("2027-02-01T09:00:00+09:00", 2027), ("令和9年2月1日", 2027), ("令和元年5月1日", 2019)])
    func years(text: String, year: Int) {
        #expect(ListingDate.year(text) == year)
    }

    @Test("hostile: a feed whose entities expand a billionfold is refused, not expanded")
    func entityBomb() {
        var doctype = "<!DOCTYPE rss [<!ENTITY a0 \"停止停止停止停止停止停止停止停止停止停止\">"
        for level in 1...9 { doctype += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        doctype += "]>"
        let feed = "<?xml version=\"1.0\"?>" + doctype + "<rss><channel><item><title>&a9;</title><link>https://a.jp/1</link></item></channel></rss>"
        let items = try? FeedListing.articles(Array(feed.utf8), base: Self.base)
        // libxml2 stops an expansion this large; whatever is kept is bounded.
        #expect((items?.first?.title.utf8.count ?? 0) < 10_000_000)
    }

    @Test("a link's date is its own block's: a 'back to the top' link after a list of dated links has none")
    func ownBlock() {
        let html = "<html><body><div id=\"main\"><ul><li>2027年1月15日 <a href=\"/a.html\">停止のお知らせ</a></li></ul><p><a href=\"/\">トップページへ戻る</a></p></div></body></html>"
        let document = HTMLDocument(bytes: Array(html.utf8), url: Self.base, charset: "utf-8")
        let dated = document.links.filter { ListingDate.first(in: $0.context) != nil }
        #expect(dated.map(\.url.path) == ["/a.html"])
    }

    @Test("a definition list: each description's link takes the date of the term before it")
    func definitionList() {
        let html = "<html><body><dl><dt>2027年1月15日</dt><dd><a href=\"/1.html\">停止のお知らせ</a></dd><dt>2027年1月10日</dt><dd><a href=\"/2.html\">研修会</a></dd></dl><p><a href=\"/\">トップページへ戻る</a></p></body></html>"
        let document = HTMLDocument(bytes: Array(html.utf8), url: Self.base, charset: "utf-8")
        let dated = document.links.compactMap { link in ListingDate.first(in: link.context).map { (link.url.path, $0) } }
        #expect(dated.map(\.0) == ["/1.html", "/2.html"])
        #expect(dated.map(\.1) == ["2027年1月15日", "2027年1月10日"])
    }
}
