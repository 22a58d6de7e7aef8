import Foundation
import OutageCore
import OutageNotifier
import Processes
import Synchronization
import Testing

@testable import OutageWatcher

/// One run of the watcher with the network and the messages replaced: what is drafted, told,
/// remembered and said of each source.
@Suite struct WatcherTests {
    static let catalogFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OutageCoreTests/Catalog").path

    /// Serves pages from memory, with ETags; a page can be made to fail.
    final class FakeWeb: PageFetcher, Sendable {
        let pages = Mutex<[String: Result<String, FetchError>]>([:])
        let requests = Mutex<[String]>([])

        func set(_ url: String, _ page: Result<String, FetchError>) { pages.withLock { $0[url] = page } }

        func get(_ url: URL, etag: String?, lastModified: String?) async throws -> HTTPFeedFetcher.Download? {
            requests.withLock { $0.append(url.absoluteString) }
            guard let page = pages.withLock({ $0[url.absoluteString] }) else { throw FetchError.status(404) }
            let text = try page.get()
            let tag = "\"\(text.hashValue)\""
            if etag == tag { return nil }
            return HTTPFeedFetcher.Download(bytes: Array(text.utf8), contentType: nil, etag: tag, lastModified: nil)
        }
    }

    final class Told: DraftMessenger, Sendable {
        let name = "test"
        let drafts = Mutex<[DraftRecord]>([])
        func tell(_ entry: Inbox.Entry) async throws { drafts.withLock { $0.append(entry.record) } }
        var count: Int { drafts.withLock { $0.count } }
    }

    static let feedURL = "https://example.go.jp/news.xml"
    static let article = "https://example.go.jp/news/1.html"

    static func rss(_ items: [(String, String)]) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
            + items.map { "<item><title>\($0.0)</title><link>\($0.1)</link></item>" }.joined() + "</channel></rss>"
    }

    static func page(_ body: String) -> String { "<html><head><title>お知らせ</title></head><body>\(body)</body></html>" }

    static let stop = page("<h1>オンライン資格確認等システムの計画停止について</h1><p>令和9年2月13日（土）21時から翌14日（日）6時まで、オンライン資格確認等システムを停止します。</p>")
    static let longer = page("<h1>オンライン資格確認等システムの計画停止について</h1><p>令和9年2月13日（土）21時から翌14日（日）9時まで、オンライン資格確認等システムを停止します。</p>")

    /// A Feeds folder with the tests' regions and systems, no notice, and `sources`.
    static func feeds(_ sources: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/notices", withIntermediateDirectories: true)
        for name in ["regions.yaml", "systems.yaml"] {
            try FileManager.default.copyItem(atPath: "\(catalogFolder)/\(name)", toPath: "\(folder)/\(name)")
        }
        try sources.write(toFile: folder + "/sources.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    static let oneFeed = """
        sources:
          - {id: news, name: ニュース, url: \(feedURL), systems: [onshi]}
        """

    static func run(_ folder: String, web: FakeWeb, told: Told) async throws -> Watcher.Report {
        let (catalog, _) = CatalogLoader(directory: folder).load()
        let (sources, diagnostics) = SourceLoader.load(folder: folder, systems: try #require(catalog).systems)
        #expect(diagnostics.isEmpty)
        let settings = Watcher.Settings(feeds: folder, catalog: try #require(catalog), sources: try #require(sources))
        return try await Watcher(settings: settings, fetcher: web, runner: SystemProcessRunner(), messengers: [told],
                                 now: { Date(timeIntervalSince1970: 1_796_000_000) }).run()
    }

    @Test("a new article: one draft, one message; the same again: none; changed: one revision, saying how")
    func newThenChanged() async throws {
        let folder = try Self.feeds(Self.oneFeed)
        let web = FakeWeb(), told = Told()
        web.set(Self.feedURL, .success(Self.rss([("システムの計画停止について", Self.article), ("研修会のご案内", "https://example.go.jp/news/2.html")])))
        web.set(Self.article, .success(Self.stop))
        let first = try await Self.run(folder, web: web, told: told)
        #expect(first.drafts.map(\.kind) == [.new])
        #expect(told.count == 1)
        let entry = try #require(Inbox(feeds: folder).entries().first)
        let notice = try String(contentsOfFile: entry.noticePath, encoding: .utf8)
        #expect(notice.contains("start: 2027-02-13T21:00:00+09:00"))
        #expect(FileManager.default.fileExists(atPath: entry.reviewPath))
        // The article about a 研修会 speaks of no stop: not fetched.
        #expect(!web.requests.withLock { $0 }.contains("https://example.go.jp/news/2.html"))

        let again = try await Self.run(folder, web: web, told: told)
        #expect(again.drafts.isEmpty)
        #expect(told.count == 1)
        #expect(again.results.first?.lines == ["unchanged since the last run (HTTP 304)"])

        // The feed names one more article, and the first one now ends later.
        web.set(Self.feedURL, .success(Self.rss([("システムの計画停止について（更新）", Self.article)])))
        web.set(Self.article, .success(Self.longer))
        let changed = try await Self.run(folder, web: web, told: told)
        #expect(changed.drafts.map(\.kind) == [.revision])
        #expect(changed.drafts.first?.changes.contains { $0.hasPrefix("【時刻変更】") && $0.contains("9:00") } == true)
        #expect(told.count == 2)
        // The revision replaces the draft it revises.
        #expect(Inbox(feeds: folder).entries().map(\.record.kind) == [.revision])
    }

    @Test("a source that fails is named with why, the others are read; every source failing is said")
    func faults() async throws {
        let folder = try Self.feeds("""
            sources:
              - {id: news, name: ニュース, url: \(Self.feedURL), systems: [onshi]}
              - {id: down, name: 落ちたサーバ, url: https://down.example.go.jp/, systems: [onshi]}
              - {id: slow, name: 遅いサーバ, url: https://slow.example.go.jp/, systems: [onshi]}
            """)
        let web = FakeWeb(), told = Told()
        web.set(Self.feedURL, .success(Self.rss([("システムの計画停止について", Self.article)])))
        web.set(Self.article, .success(Self.stop))
        web.set("https://down.example.go.jp/", .failure(.status(500)))
        web.set("https://slow.example.go.jp/", .failure(.timedOut(seconds: 60)))
        let report = try await Self.run(folder, web: web, told: told)
        #expect(report.results.map(\.failure) == [nil, "the server answered HTTP 500", "no complete answer within 60 s"])
        #expect(!report.allFailed)
        #expect(told.count == 1)
        web.set(Self.feedURL, .failure(.tooLarge(limit: 10_000_000)))
        let none = try await Self.run(folder, web: web, told: told)
        #expect(none.allFailed)
    }

    @Test("an article that imports to nothing is listed as read, with why; not told, never dropped")
    func nothingFound() async throws {
        let folder = try Self.feeds(Self.oneFeed)
        let web = FakeWeb(), told = Told()
        web.set(Self.feedURL, .success(Self.rss([("メンテナンスの予告", Self.article)])))
        web.set(Self.article, .success(Self.page("<p>近日中にメンテナンスを予定しています。日程は決まり次第お知らせします。</p>")))
        _ = try await Self.run(folder, web: web, told: told)
        let entries = Inbox(feeds: folder).entries()
        #expect(entries.map(\.record.kind) == [.nothingFound])
        #expect(entries.first?.record.url == Self.article)
        #expect(told.count == 0)
    }

    @Test("a page of links with no dated link: the layout may have changed")
    func relaid() async throws {
        let folder = try Self.feeds("""
            sources:
              - {id: list, name: 一覧, url: https://example.go.jp/list.html, shape: links, systems: [onshi]}
            """)
        let web = FakeWeb(), told = Told()
        web.set("https://example.go.jp/list.html", .success(Self.page("<p>サイトをリニューアルしました。</p><a href=\"/top\">トップ</a>")))
        let report = try await Self.run(folder, web: web, told: told)
        #expect(report.results.first?.failure?.hasPrefix("no article found on the page") == true)
        #expect(report.allFailed)
    }

    @Test("a page watched in place that speaks of no stop: nothing drafted, nothing listed, nothing told")
    func quietPage() async throws {
        let folder = try Self.feeds("""
            sources:
              - {id: top, name: トップ, url: https://example.go.jp/, shape: article, systems: [onshi]}
            """)
        let web = FakeWeb(), told = Told()
        web.set("https://example.go.jp/", .success(Self.page("<p>令和9年2月1日　研修会のご案内を掲載しました。</p>")))
        let report = try await Self.run(folder, web: web, told: told)
        #expect(report.results.first?.failure == nil)
        #expect(Inbox(feeds: folder).entries().isEmpty)
        #expect(told.count == 0)
    }

    @Test("a letter that restates a hedged stop's times without the hedge (①は予定どおり実施) leaves it 予定; a new time is taken")
    func restatedStaysTentative() throws {
        let (catalog, _) = CatalogLoader(directory: Self.catalogFolder).load()
        let loaded = try #require(catalog)
        let importer = NoticeImporter(regions: loaded.regions, systems: loaded.systems, referenceYear: 2027)
        let hedged = try importer.importText("オンライン資格確認等システムの計画停止について\n令和9年3月13日（土）22時00分～3月14日（日）5時00分（予定）に停止します。").notice
        #expect(hedged.windows.first?.tentative == true)
        let restated = try importer.importText("オンライン資格確認等システムの計画停止について\n令和9年3月13日（土）22時00分～3月14日（日）5時00分に停止します。").notice
        #expect(restated.windows.first?.tentative == false)
        #expect(Revisions.merge(hedged, with: restated).windows.first?.tentative == true)
        let moved = try importer.importText("オンライン資格確認等システムの計画停止について\n令和9年3月13日（土）22時00分～3月14日（日）8時00分に停止します。").notice
        let merged = Revisions.merge(hedged, with: moved)
        #expect(merged.windows.first?.tentative == false)
        #expect(merged.windows.first?.id == hedged.windows.first?.id)
    }

    @Test("hostile: megabytes of text in an article are cut to what a letter can be; a huge mail is not read")
    func floods() async throws {
        let mailbox = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-mail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: mailbox + "/new", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: mailbox + "/cur", withIntermediateDirectories: true)
        try Data(count: 30 << 20).write(to: URL(fileURLWithPath: mailbox + "/new/1.big"))
        let folder = try Self.feeds("""
            sources:
              - {id: news, name: ニュース, url: \(Self.feedURL), systems: [onshi]}
              - {id: mail, name: メール, mail: \(mailbox), systems: [onshi]}
            """)
        let web = FakeWeb(), told = Told()
        web.set(Self.feedURL, .success(Self.rss([("システムの計画停止について", Self.article)])))
        let flood = String(repeating: "<p>オンライン資格確認等システムの計画停止について。</p>", count: 100_000)
        web.set(Self.article, .success(Self.page("<p>令和9年2月13日（土）21時から翌14日（日）6時まで停止します。</p>" + flood)))
        let report = try await Self.run(folder, web: web, told: told)
        #expect(report.results[0].lines.contains { $0.contains("longer than 50000 characters") })
        #expect(report.drafts.count == 1)
        #expect(report.results[1].lines.contains { $0.contains("larger than 25 MB; not read") })
    }

    @Test("an article that could not be fetched is fetched again next run, though its listing did not change")
    func retried() async throws {
        let folder = try Self.feeds(Self.oneFeed)
        let web = FakeWeb(), told = Told()
        web.set(Self.feedURL, .success(Self.rss([("システムの計画停止について", Self.article)])))
        web.set(Self.article, .failure(.status(503)))
        let first = try await Self.run(folder, web: web, told: told)
        #expect(first.results.first?.lines.contains { $0.contains("not read (the server answered HTTP 503)") } == true)
        web.set(Self.article, .success(Self.stop))
        let second = try await Self.run(folder, web: web, told: told)
        #expect(second.drafts.count == 1)
        #expect(told.count == 1)
    }

    @Test("a change of time that names no area keeps the published window's area, never widens it to all of Japan")
    func changeKeepsArea() throws {
        let (catalog, _) = CatalogLoader(directory: Self.catalogFolder).load()
        let loaded = try #require(catalog)
        let importer = NoticeImporter(regions: loaded.regions, systems: loaded.systems, referenceYear: 2027)
        let published = try importer.importText("オンライン資格確認等システムの計画停止について\n対象：北海道\n北海道　令和9年6月19日（土）20時00分～6月20日（日）6時00分に停止します。").notice
        #expect(published.windows.first?.scope != [.nationwide])
        let change = try importer.importText("オンライン資格確認等システムの計画停止について\n令和9年6月19日（土）22時00分～6月20日（日）6時00分に停止します。").notice
        #expect(change.windows.first?.scope == [.nationwide])
        let merged = Revisions.merge(published, with: change)
        #expect(merged.windows.first?.scope == published.windows.first?.scope)
        #expect(merged.windows.first.map { JST.iso($0.start) } == "2027-06-19T22:00:00+09:00")
    }
}
