import CompressNIO
import Foundation
import NIOCore
import Synchronization

/// A file as served: its bytes, a strong ETag from its contents, and a gzip copy.
struct ServedFile: Sendable {
    let body: ByteBuffer
    let etag: String
    let gzipETag: String
    let lastModified: Date
    let lastModifiedText: String
    let contentType: String
    let cacheControl: String
    let compressible: Bool
    let gzip: ByteBuffer?
}

/// Files by request path, each with the file it resolved to and that file's size, time and
/// inode. A hit costs at most one stat(2) a second: a feed that `generate` rewrote is read again
/// within a second; one that did not change is never read or resolved again. Bounded in size.
final class FileCache: Sendable {
    struct Stamp: Hashable { let size: Int; let seconds: Int; let nanoseconds: Int; let device: UInt; let inode: UInt }

    struct Entry: Sendable {
        let file: String
        let stamp: Stamp
        let served: ServedFile
        /// When the stamp was last compared with the disk.
        var checked: ContinuousClock.Instant
    }

    private let entries = Mutex<(byPath: [String: Entry], bytes: Int)>(([:], 0))
    private let capacity: Int
    /// How long a file is trusted before its stamp is compared with the disk again (nginx's
    /// open_file_cache_valid does the same, for 10 s): a rewritten feed is served within this.
    private let revalidateAfter: Duration

    init(capacity: Int = 256 * 1024 * 1024, revalidateAfter: Duration = .seconds(1)) {
        self.capacity = capacity
        self.revalidateAfter = revalidateAfter
    }

    enum Lookup { case found(ServedFile), notFound, isFolder }

    static func stamp(_ path: String) -> (Stamp, isFolder: Bool)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFDIR else { return nil }
        return (Stamp(size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                      device: UInt(info.st_dev), inode: UInt(info.st_ino)), type == S_IFDIR)
    }

    /// The file a request path names. `resolve` (only on a miss) maps the request path to a
    /// file inside the folder, or nil; `describe` gives its content type and cache lifetime.
    func file(
        for requestPath: String, resolve: (String) -> String?, describe: (String) -> (type: String, compressible: Bool, cacheControl: String)
    ) -> Lookup {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0.byPath[requestPath] }) {
            if entry.checked.duration(to: now) < revalidateAfter { return .found(entry.served) }
            if let (stamp, _) = Self.stamp(entry.file), stamp == entry.stamp {
                entries.withLock { $0.byPath[requestPath]?.checked = now }
                return .found(entry.served)
            }
        }
        guard let file = resolve(requestPath), let (stamp, isFolder) = Self.stamp(file) else { return .notFound }
        if isFolder { return .isFolder }
        guard let data = FileManager.default.contents(atPath: file) else { return .notFound }
        let (type, compressible, cacheControl) = describe(file)
        let modified = Date(timeIntervalSince1970: TimeInterval(stamp.seconds))
        let etag = "\"\(Self.hash(data))\""
        var gzip: ByteBuffer?
        if compressible && data.count > 512 {
            var input = ByteBuffer(bytes: data)
            gzip = try? input.compress(with: .gzip())
        }
        let served = ServedFile(
            body: ByteBuffer(bytes: data), etag: etag, gzipETag: String(etag.dropLast()) + "-gzip\"", lastModified: modified,
            lastModifiedText: HTTPDate.format(modified), contentType: type, cacheControl: cacheControl,
            compressible: compressible, gzip: gzip)
        entries.withLock { state in
            let size = data.count + (gzip?.readableBytes ?? 0)
            if state.bytes + size > capacity {
                state.byPath.removeAll()
                state.bytes = 0
            }
            if size <= capacity {
                state.byPath[requestPath] = Entry(file: file, stamp: stamp, served: served, checked: now)
                state.bytes += size
            }
        }
        return .found(served)
    }

    /// FNV-1a, 64 bits, as hex: a content tag, not a security measure.
    static func hash(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three historic forms.
enum HTTPDate {
    private static let formatters = Mutex<[DateFormatter]>(
        ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"].map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            return formatter
        })

    static func format(_ date: Date) -> String {
        formatters.withLock { formatters in
            let formatter = formatters[0]
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            defer { formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz" }
            return formatter.string(from: date)
        }
    }

    static func parse(_ text: String) -> Date? {
        formatters.withLock { formatters in
            for formatter in formatters {
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }
    }
}
