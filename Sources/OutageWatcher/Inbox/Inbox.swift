import DurableFiles
import Foundation
import OutageCore

/// What one draft in the inbox is: Feeds/inbox/<id>/draft.json, beside notice.yaml and
/// review.html (absent when the letter was read and no stop found).
public struct DraftRecord: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A notice not in Feeds/notices yet.
        case new
        /// A changed version of a notice already drafted or accepted: `changes` says how.
        case revision
        /// Read, and no stop found in it: listed so that nothing is dropped unseen.
        case nothingFound = "nothing-found"
    }

    public var id: String
    public var kind: Kind
    public var source: String
    public var sourceName: String
    /// What was read: the article's address, or `mail:` and the Message-ID.
    public var key: String
    /// The article's address (web sources).
    public var url: String?
    /// The mail's subject, sender and date (mail sources), and the part read (本文, or an attachment's name).
    public var mail: String?
    public var part: String?
    /// The mail's file, as it was when read (mail sources).
    public var file: String?
    /// The article's or mail's title.
    public var title: String
    public var found: Date
    public var digest: String
    /// The notice drafted, or revised.
    public var noticeID: String?
    /// For a revision: the notice file or draft it revises.
    public var revises: String?
    /// In words: each window drafted (new), or what changed (revision), or why nothing was found.
    public var changes: [String]
}

/// Feeds/inbox: drafts waiting for the administrator, oldest first. Each is a folder written
/// whole (made under a hidden name, then renamed), so a reader never sees half a draft.
public struct Inbox: Sendable {
    public let folder: String

    public init(feeds: String) {
        folder = (feeds as NSString).appendingPathComponent("inbox")
    }

    public struct Entry: Sendable {
        public var record: DraftRecord
        public var path: String
        public var noticePath: String { (path as NSString).appendingPathComponent("notice.yaml") }
        public var reviewPath: String { (path as NSString).appendingPathComponent("review.html") }
    }

    public enum Problem: Error, CustomStringConvertible {
        case noSuchDraft(String, known: [String])
        case unreadable(String)
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .noSuchDraft(let id, let known):
                "no draft '\(id)' in the inbox" + (known.isEmpty ? " (the inbox is empty)" : "; `outagecal inbox` lists them (\(known.prefix(3).joined(separator: ", "))\(known.count > 3 ? ", …" : ""))")
            case .unreadable(let path): "cannot read the draft \(path); remove the folder and run `outagecal watch --once` again"
            case .cannotWrite(let path, let why): "cannot write \(path): \(why); make the inbox folder writable for this user"
            }
        }
    }

    /// Every draft, oldest first; folders that are not drafts (a hidden one being written, the
    /// state) are left out.
    public func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let decoder = Self.decoder
        var found: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent("draft.json")),
                let record = try? decoder.decode(DraftRecord.self, from: data), record.id == name
            else { continue }
            found.append(Entry(record: record, path: path))
        }
        return found.sorted { ($0.record.found, $0.record.id) < ($1.record.found, $1.record.id) }
    }

    public func entry(_ id: String) throws(Problem) -> Entry {
        // A path to the draft's folder, or its notice, is taken as its id.
        var name = id
        if name.hasSuffix("/notice.yaml") || name.hasSuffix("/review.html") { name = (name as NSString).deletingLastPathComponent }
        name = (name as NSString).lastPathComponent
        let all = entries()
        guard let entry = all.first(where: { $0.record.id == name }) else {
            throw .noSuchDraft(id, known: all.map(\.record.id))
        }
        return entry
    }

    /// The entry of a draft just written (``write(_:notice:review:)``), without reading it back.
    func entry(for record: DraftRecord) -> Entry {
        Entry(record: record, path: (folder as NSString).appendingPathComponent(record.id))
    }

    /// Writes a draft's folder whole: into `.writing-<id>`, then renamed to `<id>`.
    func write(_ record: DraftRecord, notice: String?, review: String?) throws(Problem) {
        let target = (folder as NSString).appendingPathComponent(record.id)
        let staging = (folder as NSString).appendingPathComponent(".writing-\(record.id)")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            try DurableFile.write([UInt8](try encoder.encode(record)), to: (staging as NSString).appendingPathComponent("draft.json"), mode: 0o644)
            if let notice { try DurableFile.write(Array(notice.utf8), to: (staging as NSString).appendingPathComponent("notice.yaml"), mode: 0o644) }
            if let review { try DurableFile.write(Array(review.utf8), to: (staging as NSString).appendingPathComponent("review.html"), mode: 0o644) }
            guard rename(staging, target) == 0 else { throw DurableFile.Failure(path: target, code: errno) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .cannotWrite(target, "\(error)")
        }
    }

    /// Takes a draft out of the inbox (accepted, dismissed, or replaced by a newer one).
    public func remove(_ entry: Entry) throws(Problem) {
        // Renamed aside first, so that the inbox never lists a draft half removed.
        let aside = (folder as NSString).appendingPathComponent(".removing-\(entry.record.id)")
        try? FileManager.default.removeItem(atPath: aside)
        guard rename(entry.path, aside) == 0 else { throw .cannotWrite(entry.path, String(cString: strerror(errno))) }
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// Puts an accepted draft's text in place as notices/<id>.yaml, whole (DurableFile); gives
    /// back what stood there, for ``restore(_:at:)`` when the feeds refuse it.
    public static func place(_ text: String, at path: String) throws(Problem) -> [UInt8]? {
        let old = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        do {
            try DurableFile.write(Array(text.utf8), to: path, mode: 0o644)
        } catch {
            throw .cannotWrite(path, error.reason)
        }
        return old
    }

    /// Puts back what ``place(_:at:)`` replaced (or removes what it made).
    public static func restore(_ old: [UInt8]?, at path: String) {
        if let old { try? DurableFile.write(old, to: path, mode: 0o644) } else { unlink(path) }
    }

    /// Folders a killed watcher left half made or half removed.
    func clearLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".writing-") || name.hasPrefix(".removing-") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
