import Foundation

/// Files written whole or not at all, beside their target, that never follow a link planted
/// where they are made: the feeds `generate` writes, the notifier's state, lock and cache.
///
/// A file is written to `<name>.tmp-<pid>` in the same folder, created with
/// O_CREAT|O_EXCL|O_NOFOLLOW, flushed, and renamed over the target. Whatever already stands
/// under that name (a link planted by somebody else, a file of an earlier process with the same
/// pid) is removed, never written through. The rename replaces the target's directory entry:
/// a link where the target should be becomes the file, and the file it pointed to is untouched.
public enum DurableFile {
    /// Why a file could not be made or written: the path and the errno.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let path: String
        public let code: Int32

        public init(path: String, code: Int32) {
            self.path = path
            self.code = code
        }

        /// strerror's words for ``code``.
        public var reason: String { String(cString: strerror(code)) }

        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// The name a file is written under before it is renamed into place: `<name>.tmp-<pid>`.
    /// `outagecal serve` never serves such a name.
    public static func temporaryName(_ name: String, pid: Int32 = getpid()) -> String {
        "\(name).tmp-\(pid)"
    }

    /// The process that wrote a temporary file, from its name; nil for any other name.
    public static func writer(ofTemporary name: String) -> Int32? {
        guard let marker = name.range(of: ".tmp-", options: .backwards), marker.lowerBound > name.startIndex else { return nil }
        let digits = name[marker.upperBound...]
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int32(digits)
    }

    /// Creates `target`'s temporary file (``temporaryName(_:pid:)``), empty and open for writing,
    /// with `mode`. An entry already there under that name is removed first, never followed.
    public static func createTemporary(for target: String, mode: mode_t) throws(Failure) -> (descriptor: Int32, path: String) {
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let path = folder + temporaryName(name)
        // A few tries: somebody who plants the name again between the unlink and the open only
        // makes this fail, never write through a link.
        for _ in 0..<4 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if descriptor >= 0 {
                // The umask may have taken bits away; never add any beyond `mode`.
                _ = fchmod(descriptor, mode)
                return (descriptor, path)
            }
            guard errno == EEXIST else { throw Failure(path: path, code: errno) }
            guard unlink(path) == 0 || errno == ENOENT else { throw Failure(path: path, code: errno) }
        }
        throw Failure(path: path, code: EEXIST)
    }

    /// Writes all of `bytes` to `descriptor`, going on after a signal interrupts.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, code: errno)
            }
            offset += written
        }
    }

    /// ``writeAll(_:_:path:)`` for an array (withUnsafeBytes does not keep a typed throw).
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(Failure) {
        let failure: Failure? = bytes.withUnsafeBytes { buffer in
            do throws(Failure) {
                try writeAll(descriptor, buffer, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Replaces the file at `path` with `bytes`, whole: a crash leaves the old file or the new
    /// one, never half of either, and never writes anywhere a link points.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(Failure) {
        let (descriptor, temporary) = try createTemporary(for: path, mode: mode)
        var failure: Failure?
        do {
            try writeAll(descriptor, bytes, path: path)
            if fsync(descriptor) != 0 { failure = Failure(path: path, code: errno) }
        } catch {
            failure = error
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = Failure(path: path, code: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Appends `bytes` to the file at `path` (made with `mode` if missing, never through a link),
    /// flushed before it returns: a journal's line, cheap to make durable where rewriting the
    /// whole file is not.
    public static func append(_ bytes: [UInt8], to path: String, mode: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        defer { close(descriptor) }
        try writeAll(descriptor, bytes, path: path)
        if fsync(descriptor) != 0 { throw Failure(path: path, code: errno) }
    }

    /// Opens (creating if need be) the lock file at `path`, never through a link: a dangling link
    /// planted there would otherwise have its target created.
    public static func openLock(_ path: String, mode: mode_t = 0o600) throws(Failure) -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        return descriptor
    }

    /// Makes `path` a folder only this user may enter (0700), with any missing parents; an
    /// existing one of the notifier's own (a folder named outagecal, or in one) that lets others
    /// in is closed to them. For the notifier's state and cache, which hold the addresses it
    /// follows. A folder the state was put in by hand (`--state /tmp/state.json`,
    /// `--state ~/notes/state.json`) keeps its mode: closing /tmp would break every other user
    /// of the machine, and the files themselves are 0600.
    public static func makePrivateFolder(_ path: String) throws(Failure) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o700) != 0, errno != EEXIST { throw Failure(path: built, code: errno) }
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw Failure(path: path, code: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw Failure(path: path, code: ENOTDIR) }
        let own = path.split(separator: "/").contains("outagecal")
        if own, status.st_uid == getuid(), status.st_mode & 0o077 != 0, status.st_mode & S_ISVTX == 0 { _ = chmod(path, 0o700) }
    }

    /// Whether `path` is a link (lstat): a folder generate writes into must not be one.
    public static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}
