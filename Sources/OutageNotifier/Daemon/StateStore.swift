import Foundation
import Logging
import OutageCore

/// Keeps ``NotifierState`` in a JSON file, written atomically. A file that cannot be read is
/// set aside (renamed *.corrupt-…), logged, and replaced by a fresh state: the notifier goes on.
/// ``lock()`` keeps two notifiers (a daemon and a cron `--once`, or two `--once`) from both
/// raising what neither has recorded yet.
public struct StateStore: Sendable {
    public let path: String
    let logger: Logger

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    public func load(now: Date) -> NotifierState {
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

    public func save(_ state: NotifierState) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try encoder.encode(state).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// An exclusive flock(2) on `<state>.lock`, held until released (or the process ends, which
    /// releases it too: a notifier killed with -9 leaves no stale lock).
    public final class Lock: Sendable {
        private let descriptor: Int32

        init(descriptor: Int32) { self.descriptor = descriptor }

        deinit { close(descriptor) }  // releases the lock
    }

    /// Takes the lock beside the state file, waiting (on a thread of its own) while another
    /// notifier holds it.
    public func lock() async throws -> Lock {
        let lockPath = path + ".lock"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let code: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                while flock(descriptor, LOCK_EX) != 0 {
                    if errno != EINTR { return continuation.resume(returning: errno) }
                }
                continuation.resume(returning: 0)
            }
        }
        guard code == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        return Lock(descriptor: descriptor)
    }
}
