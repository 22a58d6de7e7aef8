import Foundation
import OutageCore
import OutageNotifier

/// A web source: its listing (a feed, a page of dated links) or its one article, and each
/// article about a stop read as a letter.
extension Watcher.Run {
    mutating func readWeb(_ source: WatchSource, url: URL, shape: WatchSource.Shape, into result: inout Watcher.SourceResult) async throws {
        let memo = state.pages[source.id]
        guard let page = try await watcher.fetcher.get(url, etag: memo?.etag, lastModified: memo?.lastModified) else {
            result.lines.append("unchanged since the last run (HTTP 304)")
            return
        }
        var listed: [ListedArticle]
        switch shape {
        case .article:
            try await readArticle(source, ListedArticle(url: url, title: "", date: nil, summary: ""), page: page, into: &result)
            state.pages[source.id] = WatchState.Page(etag: page.etag, lastModified: page.lastModified)
            try save()
            return
        case .feed:
            listed = try FeedListing.articles(page.bytes, base: url)
        case .links:
            listed = Self.datedLinks(page, base: url)
        case .auto:
            listed = FeedListing.looksLikeFeed(page.bytes, contentType: page.contentType)
                ? try FeedListing.articles(page.bytes, base: url) : Self.datedLinks(page, base: url)
        }
        guard !listed.isEmpty else {
            throw SourceProblem.nothingListed(shape: shape)
        }
        let relevant = listed.filter { source.isRelevant([$0.title, $0.summary].joined(separator: " ")) }
        var seen = Set<URL>()
        var read = 0
        var unread = 0
        for article in relevant where seen.insert(article.url).inserted {
            guard read < settings.articlesPerSource else {
                result.lines.append("\(relevant.count - read) more articles about stops are left for the next run")
                break
            }
            read += 1
            do {
                guard let fetched = try await watcher.fetcher.get(article.url, etag: nil, lastModified: nil) else { continue }
                try await readArticle(source, article, page: fetched, into: &result)
            } catch let problem as Watcher.Problem {
                throw problem
            } catch {
                unread += 1
                result.lines.append("\(article.url.absoluteString): not read (\(error)); tried again next run")
            }
        }
        if relevant.isEmpty { result.lines.append("\(listed.count) articles listed, none about a stop") }
        // An article not read is tried again: the listing is fetched whole next run, not
        // answered 304.
        if unread == 0 { state.pages[source.id] = WatchState.Page(etag: page.etag, lastModified: page.lastModified) }
        try save()
    }

    /// The links of a page of links that stand beside a date: the articles. Navigation, a
    /// footer's links and the like have none.
    static func datedLinks(_ page: HTTPFeedFetcher.Download, base: URL) -> [ListedArticle] {
        let document = HTMLDocument(bytes: page.bytes, url: base, charset: HTMLDocument.charset(ofContentType: page.contentType))
        return document.links.compactMap { link in
            guard let date = ListingDate.first(in: link.context) else { return nil }
            return ListedArticle(url: link.url, title: link.text, date: date, summary: link.context)
        }
    }

    mutating func readArticle(_ source: WatchSource, _ article: ListedArticle, page: HTTPFeedFetcher.Download, into result: inout Watcher.SourceResult) async throws {
        var title = article.title
        var text: String
        var pdfs: [URL] = []
        if page.bytes.starts(with: Array("%PDF".utf8)) {
            text = try await PDFText.text(of: page.bytes, runner: watcher.runner)
        } else {
            let document = HTMLDocument(bytes: page.bytes, url: article.url, charset: HTMLDocument.charset(ofContentType: page.contentType))
            text = document.text
            if title.isEmpty { title = document.title }
            pdfs = document.links.map(\.url).filter { $0.path.lowercased().hasSuffix(".pdf") }
        }
        if title.isEmpty { title = article.url.lastPathComponent }
        text = bounded(text, article.url.absoluteString, into: &result)
        var letter = Letter(key: article.url.absoluteString, title: title, text: text, url: article.url, year: ListingDate.year(article.date))
        // Its words as read before: nothing to read again (``consider(_:from:into:)`` would say so).
        if state.articles[letter.key]?.digest == letter.digest { return }
        // An article that only points to its PDF letter: the letter is read instead.
        if !pdfs.isEmpty, watcher.windowSummary(letter).isEmpty {
            var letters: [String] = []
            for pdf in pdfs.prefix(settings.pdfsPerArticle) {
                guard let bytes = try await watcher.fetcher.get(pdf, etag: nil, lastModified: nil)?.bytes else { continue }
                letters.append(try await PDFText.text(of: bytes, runner: watcher.runner))
            }
            if !letters.isEmpty { letter.text = bounded(text + "\n\n" + letters.joined(separator: "\n\n"), article.url.absoluteString, into: &result) }
        }
        try await consider(letter, from: source, into: &result)
    }
}

/// Why a source gave nothing to read.
enum SourceProblem: Error, CustomStringConvertible {
    case nothingListed(shape: WatchSource.Shape)

    var description: String {
        switch self {
        case .nothingListed(.feed): "the feed lists no items; check its address in sources.yaml"
        case .nothingListed: "no article found on the page (no link stands beside a date): its layout may have changed; open it in a browser, and set `shape:` in sources.yaml (links, feed or article)"
        }
    }
}
