import CompressNIO
import Foundation
import NIOCore
import Synchronization

/// A file as served: its bytes and a gzip copy, each with a strong ETag from the contents and
/// the heads of its two responses (200 and 304), written once per file version so that a request
/// costs no header encoding.
final class ServedFile: Sendable {
    /// The file in one content coding.
    struct Encoding: Sendable {
        let body: ByteBuffer
        let etag: String
        let ok: ResponseHead
        let notModified: ResponseHead
    }

    let plain: Encoding
    /// Only for compressible files over 512 bytes.
    let gzip: Encoding?
    let lastModified: Date
    let lastModifiedText: String

    init(data: Data, modified: Date, contentType: String, compressible: Bool, cacheControl: String) {
        let modifiedText = HTTPDate.format(modified)
        let etag = "\"\(FileCache.hash(data))\""
        // RFC 9110 §15.4.5: a 304 carries the validators, Cache-Control and Vary, and no
        // representation metadata such as Content-Type or Content-Length.
        func encoding(_ body: ByteBuffer, etag: String, coding: [(String, String)]) -> Encoding {
            var validators = [("ETag", etag), ("Last-Modified", modifiedText), ("Cache-Control", cacheControl)]
            if compressible { validators.append(("Vary", "Accept-Encoding")) }
            return Encoding(
                body: body, etag: etag,
                ok: ResponseHead(.ok, [("Content-Type", contentType)] + coding + [("Content-Length", String(body.readableBytes))] + validators),
                notModified: ResponseHead(.notModified, validators))
        }
        let body = ByteBuffer(bytes: data)
        plain = encoding(body, etag: etag, coding: [])
        var input = body
        if compressible && data.count > 512, let zipped = try? input.compress(with: .gzip()) {
            gzip = encoding(zipped, etag: String(etag.dropLast()) + "-gzip\"", coding: [("Content-Encoding", "gzip")])
        } else {
            gzip = nil
        }
        lastModified = modified
        lastModifiedText = modifiedText
    }
}

/// Files by request path, each with the file it resolved to and that file's size, time and
/// inode. A hit costs at most one stat(2) a second: a feed that `generate` rewrote is read again
/// within a second; one that did not change is never read or resolved again. Bounded in size.
final class FileCache: Sendable {
    struct Stamp: Hashable { let size: Int; let seconds: Int; let nanoseconds: Int; let device: UInt; let inode: UInt }

    /// A class, so that a hit copies one reference out of the lock.
    final class Entry: @unchecked Sendable {
        let file: String
        let stamp: Stamp
        let served: ServedFile
        /// When the stamp was last compared with the disk. Read and written under the lock only.
        var checked: ContinuousClock.Instant

        init(file: String, stamp: Stamp, served: ServedFile, checked: ContinuousClock.Instant) {
            self.file = file
            self.stamp = stamp
            self.served = served
            self.checked = checked
        }
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
        let hit = entries.withLock { state in
            state.byPath[requestPath].map { entry in (entry, fresh: entry.checked.duration(to: now) < revalidateAfter) }
        }
        if let (entry, fresh) = hit {
            if fresh { return .found(entry.served) }
            if let (stamp, _) = Self.stamp(entry.file), stamp == entry.stamp {
                entries.withLock { _ in entry.checked = now }
                return .found(entry.served)
            }
        }
        guard let file = resolve(requestPath), let (stamp, isFolder) = Self.stamp(file) else { return .notFound }
        if isFolder { return .isFolder }
        guard let data = FileManager.default.contents(atPath: file) else { return .notFound }
        let (type, compressible, cacheControl) = describe(file)
        let served = ServedFile(
            data: data, modified: Date(timeIntervalSince1970: TimeInterval(stamp.seconds)), contentType: type,
            compressible: compressible, cacheControl: cacheControl)
        entries.withLock { state in
            let size = data.count + (served.gzip?.body.readableBytes ?? 0)
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
