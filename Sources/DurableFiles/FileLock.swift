import Foundation

/// An exclusive flock(2) on a lock file (opened with ``DurableFile/openLock(_:mode:)``), held
/// while the value lives. Released when it goes, or when the process ends: a process killed
/// with -9 leaves no stale lock. The notifier's state and the watcher's memory are each kept
/// under one, so that two processes take turns.
public final class FileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }  // releases the lock

    /// Takes the lock at `path`, waiting (on a thread of its own, not one of Swift's pool)
    /// while another process holds it.
    public static func acquire(_ path: String, mode: mode_t = 0o600) async throws(DurableFile.Failure) -> FileLock {
        let descriptor = try DurableFile.openLock(path, mode: mode)
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
            throw DurableFile.Failure(path: path, code: code)
        }
        return FileLock(descriptor: descriptor)
    }
}
