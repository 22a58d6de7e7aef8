import CompressNIO
import Foundation
import NIOCore
import Synchronization

/// A file as served: its bytes, a strong ETag from its contents, and a gzip copy made on first
/// demand. Kept while the file's size and modification time stay the same, so a feed that
/// `generate` rewrites is picked up on the next request, and a feed that did not change costs
/// one stat per request.
struct ServedFile: Sendable {
    let body: ByteBuffer
    let etag: String
    let lastModified: Date
    let lastModifiedText: String
    let contentType: String
    let compressible: Bool
    var gzip: ByteBuffer?
}

/// Files by path, bounded in total size.
final class FileCache: Sendable {
    struct Key: Hashable { let path: String; let size: Int; let mtime: timespec_key }
    struct timespec_key: Hashable { let seconds: Int; let nanoseconds: Int }

    private let entries = Mutex<(files: [String: (Key, ServedFile)], bytes: Int)>(([:], 0))
    private let capacity: Int

    init(capacity: Int = 256 * 1024 * 1024) {
        self.capacity = capacity
    }

    enum Lookup { case found(ServedFile), notFound, isFolder }

    /// The file at `path`, read again only when it changed on disk.
    func file(_ path: String, contentType: String, compressible: Bool) -> Lookup {
        var info = stat()
        guard stat(path, &info) == 0 else { return .notFound }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .isFolder }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        let key = Key(path: path, size: Int(info.st_size),
                      mtime: .init(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec)))
        if let cached = entries.withLock({ $0.files[path] }), cached.0 == key { return .found(cached.1) }
        guard let data = FileManager.default.contents(atPath: path) else { return .notFound }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        var served = ServedFile(
            body: ByteBuffer(bytes: data), etag: "\"\(Self.hash(data))\"", lastModified: modified,
            lastModifiedText: HTTPDate.format(modified), contentType: contentType, compressible: compressible, gzip: nil)
        if compressible && data.count > 512 {
            var input = served.body
            served.gzip = try? input.compress(with: .gzip())
        }
        entries.withLock { state in
            let size = data.count + (served.gzip?.readableBytes ?? 0)
            if state.bytes + size > capacity {
                state.files.removeAll()
                state.bytes = 0
            }
            if size <= capacity {
                state.files[path] = (key, served)
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
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
