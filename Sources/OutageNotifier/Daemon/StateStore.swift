import DurableFiles
import Foundation
import Logging
import OutageCore

/// Keeps ``NotifierState`` in a JSON file, written atomically. A file that cannot be read is
/// set aside (renamed *.corrupt-…), logged, and replaced by a fresh state: the notifier goes on.
/// Each alert raised is first noted in a journal beside it (``note(_:at:)``, one short line):
/// the whole state, which may hold thousands of alerts, is written once per batch (``save(_:)``,
/// which empties the journal), yet a crash between two alerts repeats none.
/// ``lock()`` keeps two notifiers (a daemon and a cron `--once`, or two `--once`) from both
/// raising what neither has recorded yet.
public struct StateStore: Sendable {
    public let path: String
    let logger: Logger

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// The journal of alerts raised since the state was last written.
    var journalPath: String { path + ".journal" }

    public func load(now: Date) -> NotifierState {
        var state = loadFile(now: now)
        // What the journal holds was raised after the file was written; a line cut short by a
        // crash is the alert that was being noted, and is skipped.
        if let data = FileManager.default.contents(atPath: journalPath) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) else { continue }
                if state.sent[entry.key] == nil { state.sent[entry.key] = entry.at }
            }
        }
        return state
    }

    /// One line of the journal.
    struct JournalEntry: Codable {
        let key: String
        let at: Date
    }

    /// Notes that the alert `key` was raised at `date`, durably, without rewriting the state.
    public func note(_ key: String, at date: Date) throws(SaveError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        guard let line = try? encoder.encode(JournalEntry(key: key, at: date)) else { throw SaveError(path: journalPath, code: EINVAL) }
        do {
            try DurableFile.makePrivateFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            try DurableFile.append([UInt8](line) + [0x0A], to: journalPath, mode: 0o600)
        } catch {
            throw SaveError(path: journalPath, code: error.code)
        }
    }

    private func loadFile(now: Date) -> NotifierState {
        guard let data = FileManager.default.contents(atPath: path) else { return NotifierState() }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let state = try decoder.decode(NotifierState.self, from: data)
            guard state.version == NotifierState.currentVersion else {
                logger.warning("state file \(path) is of another version (\(state.version)); starting afresh")
                return NotifierState()
            }
            return state
        } catch {
            let aside = "\(path).corrupt-\(Int(now.timeIntervalSince1970))"
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            logger.warning("state file \(path) is damaged (\(error)); moved to \(aside) and starting afresh — alerts of windows in progress may be raised again")
            return NotifierState()
        }
    }

    /// Why the state could not be kept, said so that the person who set up the PC can fix it.
    public struct SaveError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let code: Int32

        public var description: String {
            let reason = String(cString: strerror(code))
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let fix: String
            switch code {
            case EISDIR: fix = "\(path) is a folder: remove or rename it, or name another file with --state FILE."
            case EROFS, EACCES, EPERM:
                fix = "Make \(folder) writable for this user, or name a file in a writable folder with --state FILE."
            case ENOSPC, EDQUOT: fix = "The disk is full: free some space."
            default: fix = "Name another file with --state FILE."
            }
            return "cannot save what was raised to \(path): \(reason). Alerts raised now will be raised again on the next run. \(fix)"
        }
    }

    /// Writes the state to a temporary file beside the state file, flushed, then renames it over
    /// the state file: a crash leaves the old state or the new one, never half of either. The
    /// file is this user's only (0600, in a 0700 folder): it names the feeds followed.
    public func save(_ state: NotifierState) throws(SaveError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try DurableFile.makePrivateFolder(directory)
        } catch {
            throw SaveError(path: path, code: error.code)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        guard let data = try? encoder.encode(state) else { throw SaveError(path: path, code: EINVAL) }
        do {
            try DurableFile.write([UInt8](data), to: path, mode: 0o600)
        } catch {
            throw SaveError(path: path, code: error.code)
        }
        // The state now holds what the journal noted.
        if unlink(journalPath) != 0 && errno != ENOENT { throw SaveError(path: journalPath, code: errno) }
    }

    /// An exclusive flock(2) on `<state>.lock`, held until released (or the process ends, which
    /// releases it too: a notifier killed with -9 leaves no stale lock).
    public typealias Lock = FileLock

    /// Takes the lock beside the state file, waiting (on a thread of its own) while another
    /// notifier holds it.
    public func lock() async throws(SaveError) -> Lock {
        let lockPath = path + ".lock"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? DurableFile.makePrivateFolder(directory)
        do {
            return try await FileLock.acquire(lockPath)
        } catch {
            throw SaveError(path: error.path, code: error.code)
        }
    }
}
