import Digest
import DurableFiles
import Terminal
import Foundation

/// The last good copy of each followed URL, on disk, so that alerts go on when the server is
/// down, slow, or serves something broken — also across restarts.
public struct FeedCache: Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var url: String
        public var etag: String?
        public var lastModified: String?
        public var fetchedAt: Date

        public init(url: String, etag: String? = nil, lastModified: String? = nil, fetchedAt: Date) {
            self.url = url
            self.etag = etag
            self.lastModified = lastModified
            self.fetchedAt = fetchedAt
        }
    }

    /// `$XDG_CACHE_HOME/outagecal/feeds` by default.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    private func stem(_ url: URL) -> String {
        // A stable, short file name for any URL.
        let name = url.lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(40)
        return "\(directory)/\(name)-\(FNV1a.hex(url.absoluteString.utf8))"
    }

    public func load(_ url: URL) -> (text: String, entry: Entry)? {
        let stem = stem(url)
        guard let data = FileManager.default.contents(atPath: stem + ".json"),
            let entry = try? JSONDecoder().decode(Entry.self, from: data),
            let text = try? String(contentsOfFile: stem + ".ics", encoding: .utf8)
        else { return nil }
        return (text, entry)
    }

    /// Saves a copy that parsed. The text goes first, then the entry naming it, each whole
    /// (``DurableFile``), this user's only (0600 in a 0700 folder); the entry keeps the address
    /// without its credentials.
    public func save(_ url: URL, text: String, entry: Entry) throws {
        try DurableFile.makePrivateFolder(directory)
        let stem = stem(url)
        try DurableFile.write(Array(text.utf8), to: stem + ".ics", mode: 0o600)
        var entry = entry
        entry.url = Credentials.redacted(entry.url)
        try DurableFile.write([UInt8](try JSONEncoder().encode(entry)), to: stem + ".json", mode: 0o600)
    }
}
