import Foundation
import SWXMLHash

/// One article a source lists: in an RSS or Atom feed, or as a dated link on a page.
struct ListedArticle: Hashable, Sendable {
    var url: URL
    var title: String
    /// The date the listing gives, as written (a feed's pubDate, the page's 2025年1月20日).
    var date: String?
    /// What the listing says besides the title (a feed's description).
    var summary: String
}

/// Reads the articles an RSS 1.0 (RDF), RSS 2.0 or Atom feed lists.
enum FeedListing {
    enum Problem: Error, CustomStringConvertible {
        case notXML(String)
        case notAFeed(root: String)

        var description: String {
            switch self {
            case .notXML(let why): "the feed is not well-formed XML (\(why))"
            case .notAFeed(let root): "the XML is not an RSS or Atom feed (its root element is <\(root)>)"
            }
        }
    }

    /// Whether a fetched answer is a feed rather than a page.
    static func looksLikeFeed(_ bytes: [UInt8], contentType: String?) -> Bool {
        let type = contentType?.lowercased() ?? ""
        if type.contains("rss") || type.contains("atom") || type.contains("rdf") { return true }
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<!doctype html") { return false }
        return head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") || (type.contains("xml") && head.hasPrefix("<?xml"))
    }

    static func articles(_ bytes: [UInt8], base: URL) throws(Problem) -> [ListedArticle] {
        // As Data: the parser honours the feed's own encoding declaration.
        let document = XMLHash.config { $0.detectParsingErrors = true }.parse(Data(bytes))
        if case .parsingError(let error) = document {
            throw .notXML("line \(error.line), column \(error.column)")
        }
        let root = document.children.first { if case .element = $0 { return true } else { return false } }
        guard let root, let element = root.element else { throw .notXML("no root element") }
        let name = element.name.lowercased()
        var found: [ListedArticle] = []
        switch name {
        case "rss":
            for item in root["channel"]["item"].all {
                guard let url = link(item["link"].element?.text, base: base) else { continue }
                found.append(ListedArticle(url: url, title: words(item["title"].element?.text), date: item["pubDate"].element?.text ?? item["dc:date"].element?.text,
                                           summary: words(item["description"].element?.text)))
            }
        case "rdf:rdf":
            for item in root["item"].all {
                guard let url = link(item["link"].element?.text ?? item.element?.attribute(by: "rdf:about")?.text, base: base) else { continue }
                found.append(ListedArticle(url: url, title: words(item["title"].element?.text), date: item["dc:date"].element?.text,
                                           summary: words(item["description"].element?.text)))
            }
        case "feed":
            for entry in root["entry"].all {
                let links = entry["link"].all.compactMap(\.element)
                let chosen = links.first { ($0.attribute(by: "rel")?.text ?? "alternate") == "alternate" } ?? links.first
                guard let url = link(chosen?.attribute(by: "href")?.text, base: base) else { continue }
                found.append(ListedArticle(url: url, title: words(entry["title"].element?.text),
                                           date: entry["updated"].element?.text ?? entry["published"].element?.text,
                                           summary: words(entry["summary"].element?.text ?? entry["content"].element?.text)))
            }
        default:
            throw .notAFeed(root: element.name)
        }
        return found
    }

    static func link(_ text: String?, base: URL) -> URL? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
            let url = URL(string: text, relativeTo: base)?.absoluteURL, ["http", "https"].contains(url.scheme?.lowercased() ?? "")
        else { return nil }
        return url
    }

    /// A feed's text on one line: a description may hold HTML, whose tags are dropped.
    static func words(_ text: String?) -> String {
        guard let text else { return "" }
        let plain = text.contains("<") ? HTMLDocument(bytes: Array(text.utf8), url: URL(fileURLWithPath: "/"), charset: "utf-8").text : text
        return plain.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
