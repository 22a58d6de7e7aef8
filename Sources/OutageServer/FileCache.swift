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

/// Files by request path, each with its size, time and inode. A hit costs nothing but a
/// dictionary lookup for `revalidateAfter` (1 s); after that the path is opened again (walked
/// from the folder, see ``OpenedFile``) and fstat'ed: a feed that `generate` rewrote is read
/// again, one that did not change is not, and one that is no longer reachable in the folder (a
/// symbolic link swapped in, removed) is forgotten and no longer served. Bounded in size.
final class FileCache: Sendable {
    typealias Stamp = OpenedFile.Stamp

    /// A class, so that a hit copies one reference out of the lock.
    final class Entry: @unchecked Sendable {
        let stamp: Stamp
        let served: ServedFile
        /// When the stamp was last compared with the disk. Read and written under the lock only.
        var checked: ContinuousClock.Instant

        init(stamp: Stamp, served: ServedFile, checked: ContinuousClock.Instant) {
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

    /// The file a request path names. `open` (on a miss, and to revalidate) opens the file
    /// inside the folder, or gives nil; `describe` gives its content type and cache lifetime.
    func file(
        for requestPath: String, open: (String) -> OpenedFile?,
        describe: (String) -> (type: String, compressible: Bool, cacheControl: String)
    ) -> ServedFile? {
        let now = ContinuousClock.now
        let hit = entries.withLock { state in
            state.byPath[requestPath].map { entry in (entry, fresh: entry.checked.duration(to: now) < revalidateAfter) }
        }
        if let (entry, fresh) = hit, fresh { return entry.served }
        guard let opened = open(requestPath) else {
            // Gone, or no longer reachable inside the folder: never served from memory again.
            if hit != nil { forget(requestPath) }
            return nil
        }
        if let (entry, _) = hit, entry.stamp == opened.stamp {
            entries.withLock { _ in entry.checked = now }
            return entry.served
        }
        // Read from the descriptor that was checked, not from the path again.
        guard let data = opened.contents() else { return nil }
        let (type, compressible, cacheControl) = describe(opened.name)
        let stamp = opened.stamp
        let served = ServedFile(
            data: data, modified: Date(timeIntervalSince1970: TimeInterval(stamp.seconds)), contentType: type,
            compressible: compressible, cacheControl: cacheControl)
        entries.withLock { state in
            if let old = state.byPath.removeValue(forKey: requestPath) { state.bytes -= Self.size(old.served) }
            let size = Self.size(served)
            if state.bytes + size > capacity {
                state.byPath.removeAll()
                state.bytes = 0
            }
            if size <= capacity {
                state.byPath[requestPath] = Entry(stamp: stamp, served: served, checked: now)
                state.bytes += size
            }
        }
        return served
    }

    private func forget(_ requestPath: String) {
        entries.withLock { state in
            if let old = state.byPath.removeValue(forKey: requestPath) { state.bytes -= Self.size(old.served) }
        }
    }

    private static func size(_ served: ServedFile) -> Int {
        served.plain.body.readableBytes + (served.gzip?.body.readableBytes ?? 0)
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
