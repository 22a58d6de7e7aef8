import Foundation
import OutageCore

/// A feed to follow: a file on this PC or an http(s) URL.
public enum FeedSource: Hashable, Sendable, CustomStringConvertible {
    case file(String)
    case url(URL)

    /// `https://…` or `http://…` is a URL; anything else a path.
    public init(_ text: String) {
        if let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil {
            self = .url(url)
        } else {
            self = .file(text)
        }
    }

    /// The prefecture's feed under `base` (a URL or a folder): `<base>/prefectures/40-fukuoka.ics`.
    public init(prefecture: Prefecture, base: String) {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.init("\(trimmed)/prefectures/\(prefecture.slug).ics")
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .url(let url): url.absoluteString
        }
    }
}
