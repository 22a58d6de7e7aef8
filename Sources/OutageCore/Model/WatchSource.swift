import Foundation

/// Somewhere new notices appear, as Feeds/sources.yaml lists it: an operator's web page or
/// feed, or a mail folder the association's mailbox forwards to. `outagecal watch` reads each.
public struct WatchSource: Hashable, Sendable {
    /// How a web source is laid out.
    public enum Shape: String, Hashable, Sendable, CaseIterable {
        /// Decided from what the server sends: an RSS or Atom feed, else a page of links.
        case auto
        /// An HTML page of links to articles, each beside its date (お知らせ一覧).
        case links
        /// An RSS 1.0, RSS 2.0 or Atom feed.
        case feed
        /// One article, updated in place: the page itself is the notice.
        case article
    }

    public enum Location: Hashable, Sendable {
        case web(URL, shape: Shape)
        /// A Maildir (new/ and cur/) or a folder where .eml files are dropped; absolute.
        case mail(folder: String)
    }

    public var id: String
    public var name: String
    public var location: Location
    /// The systems it speaks for (ids in systems.yaml).
    public var systems: [String]
    /// Words of which an article must hold one to be read (beside a word of stopping):
    /// オンライン資格確認 on a ministry's page that speaks of everything. Empty: any.
    public var words: [String]

    public init(id: String, name: String, location: Location, systems: [String], words: [String]) {
        self.id = id
        self.name = name
        self.location = location
        self.systems = systems
        self.words = words
    }

    /// The words that say a system stops; an article holds one of them, or it is not read.
    public static let stopWords = ["停止", "休止", "メンテナンス", "利用できません", "ご利用いただけません", "利用できない", "作業に伴う", "計画停止", "サービス停止"]

    /// Whether a title or text speaks of a stop, and of this source's subject.
    public func isRelevant(_ text: String) -> Bool {
        guard Self.stopWords.contains(where: text.contains) else { return false }
        return words.isEmpty || words.contains(where: text.contains)
    }
}
