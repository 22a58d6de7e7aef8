import DurableFiles
import Foundation

/// What the watcher remembers between runs: for each web source, the validators of its last
/// answer; for each article or mail read, the digest of its words and the notice it became;
/// the drafts the administrator has been told of. Kept in Feeds/inbox/.watch.json.
struct WatchState: Codable, Sendable {
    static let currentVersion = 1

    struct Page: Codable, Sendable {
        var etag: String?
        var lastModified: String?
    }

    struct Article: Codable, Sendable {
        /// ``WordsDigest`` of what was read: a change makes a revision draft.
        var digest: String
        /// The notice it drafted (pending in the inbox, or accepted into notices/).
        var noticeID: String?
        var read: Date
    }

    var version = currentVersion
    var pages: [String: Page] = [:]
    var articles: [String: Article] = [:]
    /// Drafts the administrator was told of, by draft id.
    var told: [String: Date] = [:]
}

/// Keeps ``WatchState`` in one JSON file, written whole (DurableFile) after each draft; a lock
/// beside it keeps two watchers from reading the same article at once. A file that cannot be
/// read is set aside and the drafts in the inbox say what was read (``Inbox/recall(into:)``).
struct WatchStateStore: Sendable {
    let path: String

    var lockPath: String { path + ".lock" }

    enum Problem: Error, CustomStringConvertible {
        case cannotSave(DurableFile.Failure)
        case cannotLock(path: String, code: Int32)

        var description: String {
            switch self {
            case .cannotSave(let failure): "\(failure); make the inbox folder writable for this user"
            case .cannotLock(let path, let code): "cannot lock \(path): \(String(cString: strerror(code))); make the inbox folder writable for this user"
            }
        }
    }

    /// The state, and a warning when the file was damaged and set aside.
    func load(now: Date) -> (WatchState, warning: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (WatchState(), nil) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        if let state = try? decoder.decode(WatchState.self, from: data), state.version == WatchState.currentVersion {
            return (state, nil)
        }
        let aside = "\(path).corrupt-\(Int(now.timeIntervalSince1970))"
        try? FileManager.default.moveItem(atPath: path, toPath: aside)
        return (WatchState(), "the watcher's memory \(path) could not be read; moved to \(aside). What the inbox holds is remembered from its drafts; pages are fetched afresh")
    }

    func save(_ state: WatchState) throws(Problem) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = (try? encoder.encode(state)) ?? Data()
        do {
            try DurableFile.write([UInt8](data), to: path, mode: 0o644)
        } catch {
            throw .cannotSave(error)
        }
    }

    typealias Lock = FileLock

    /// Takes the lock beside the memory, waiting while another watcher holds it.
    func lock() async throws(Problem) -> Lock {
        do {
            return try await FileLock.acquire(lockPath, mode: 0o644)
        } catch {
            throw .cannotLock(path: lockPath, code: error.code)
        }
    }
}
