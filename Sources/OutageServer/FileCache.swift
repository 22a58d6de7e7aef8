import CompressNIO
import Digest
import Foundation
import NIOCore
import Synchronization

/// A file as served: its bytes and a gzip copy, each with a strong ETag from the contents and
/// the heads of its two responses (200 and 304), written once per file version so that a request
/// costs no header encoding. A file too big to keep (``FileCache/Limits/fileBytes``) has its
/// heads only, and is read from the disk for each answer (``FileStream``).
final class ServedFile: Sendable {
    /// The file in one content coding.
    struct Encoding: Sendable {
        /// Nil when the file is sent from the disk.
        let body: ByteBuffer?
        let etag: String
        let ok: ResponseHead
        let notModified: ResponseHead
    }

    let plain: Encoding
    /// Only for compressible files over 512 bytes.
    let gzip: Encoding?
    let lastModified: Date
    let lastModifiedText: String

    /// Sent from the disk a piece at a time for each answer, not kept in memory.
    var streamed: Bool { plain.body == nil }

    init(data: Data, modified: Date, contentType: String, compressible: Bool, cacheControl: String) {
        let modifiedText = HTTPDate.format(modified)
        let etag = "\"\(FNV1a.hex(data))\""
        let body = ByteBuffer(bytes: data)
        plain = Self.encoding(body, length: body.readableBytes, etag: etag, coding: [], type: contentType, modified: modifiedText, cacheControl, compressible)
        var input = body
        if compressible && data.count > 512, let zipped = try? input.compress(with: .gzip()) {
            gzip = Self.encoding(
                zipped, length: zipped.readableBytes, etag: String(etag.dropLast()) + "-gzip\"", coding: [("Content-Encoding", "gzip")],
                type: contentType, modified: modifiedText, cacheControl, compressible)
        } else {
            gzip = nil
        }
        lastModified = modified
        lastModifiedText = modifiedText
    }

    /// A file too big to keep: its heads only. Its ETag is made of its size, time and inode (as
    /// nginx's is), not of its content, so that the first byte goes out without the whole file
    /// being read first; `generate` replaces a feed by renaming a new file into place, which
    /// changes both. Gzipped, its length is known only at the end: it goes in chunks.
    init(streaming stamp: OpenedFile.Stamp, contentType: String, compressible: Bool, cacheControl: String) {
        let modified = Date(timeIntervalSince1970: TimeInterval(stamp.seconds))
        let modifiedText = HTTPDate.format(modified)
        let tag = [UInt64(stamp.size), UInt64(stamp.seconds) &* 1_000_000_000 &+ UInt64(stamp.nanoseconds), UInt64(stamp.inode)]
        let etag = "\"" + tag.map { String($0, radix: 16) }.joined(separator: "-") + "\""
        plain = Self.encoding(nil, length: stamp.size, etag: etag, coding: [], type: contentType, modified: modifiedText, cacheControl, compressible)
        gzip =
            compressible
            ? Self.encoding(
                nil, length: nil, etag: String(etag.dropLast()) + "-gzip\"", coding: [("Content-Encoding", "gzip")], type: contentType,
                modified: modifiedText, cacheControl, compressible)
            : nil
        lastModified = modified
        lastModifiedText = modifiedText
    }

    /// `length`: nil for a body sent in chunks.
    private static func encoding(
        _ body: ByteBuffer?, length: Int?, etag: String, coding: [(String, String)], type: String, modified: String, _ cacheControl: String,
        _ compressible: Bool
    ) -> Encoding {
        // RFC 9110 §15.4.5: a 304 carries the validators, Cache-Control and Vary, and no
        // representation metadata such as Content-Type or Content-Length.
        var validators = [("ETag", etag), ("Last-Modified", modified), ("Cache-Control", cacheControl)]
        if compressible { validators.append(("Vary", "Accept-Encoding")) }
        let framing = length.map { [("Content-Length", String($0))] } ?? [("Transfer-Encoding", "chunked")]
        return Encoding(
            body: body, etag: etag,
            ok: ResponseHead(.ok, [("Content-Type", type)] + coding + framing + validators),
            notModified: ResponseHead(.notModified, validators))
    }
}

/// Files by canonical request path (``FeedFolder/key(of:)``), each with its size, time and
/// inode. A hit costs nothing but a dictionary lookup for `revalidateAfter` (1 s); after that the
/// path is opened again (walked from the folder, see ``OpenedFile``) and fstat'ed: a feed that
/// `generate` rewrote is read again, one that did not change is not, and one that is no longer
/// reachable in the folder (a symbolic link swapped in, removed) is forgotten and no longer
/// served. Bounded in entries and in bytes (bodies, gzip copies, heads and keys): when full, the
/// entries checked longest ago go first. A file larger than `fileBytes` (or than the whole cache)
/// is never read whole: its entry holds its heads, and each answer reads it from the disk a
/// piece at a time (``FileStream``), so that memory does not grow with the size of a file.
final class FileCache: Sendable {
    typealias Stamp = OpenedFile.Stamp

    struct Limits: Sendable {
        var entries = 1024
        var bytes = 256 * 1024 * 1024
        /// The largest file kept whole. Reading a file whole takes its size twice over (and its
        /// gzip copy) for each request that misses, on each thread of the pool at once.
        var fileBytes = 16 * 1024 * 1024
    }

    /// A class, so that a hit copies one reference out of the lock.
    final class Entry: @unchecked Sendable {
        let stamp: Stamp
        let served: ServedFile
        /// What the entry costs, its key included.
        let size: Int
        /// When the stamp was last compared with the disk. Read and written under the lock only.
        var checked: ContinuousClock.Instant

        init(stamp: Stamp, served: ServedFile, size: Int, checked: ContinuousClock.Instant) {
            self.stamp = stamp
            self.served = served
            self.size = size
            self.checked = checked
        }
    }

    private let entries = Mutex<(byPath: [String: Entry], bytes: Int)>(([:], 0))
    private let limits: Limits
    /// How long a file is trusted before its stamp is compared with the disk again (nginx's
    /// open_file_cache_valid does the same, for 10 s): a rewritten feed is served within this.
    private let revalidateAfter: Duration

    init(limits: Limits = .init(), revalidateAfter: Duration = .seconds(1)) {
        self.limits = limits
        self.revalidateAfter = revalidateAfter
    }

    /// Entries held, and what they cost in bytes.
    var usage: (entries: Int, bytes: Int) { entries.withLock { ($0.byPath.count, $0.bytes) } }

    /// `opened`: the file, open, when it is sent from the disk (``ServedFile/streamed``).
    enum Lookup { case found(ServedFile, opened: OpenedFile?), notFound, unavailable }

    /// The file under `key` if it was checked against the disk within `revalidateAfter`, and
    /// until when it may be answered from as it is: what the event loop may answer from
    /// without touching the disk.
    func fresh(_ key: String, now: ContinuousClock.Instant = .now) -> (file: ServedFile, until: ContinuousClock.Instant)? {
        entries.withLock { state in
            state.byPath[key].flatMap { entry in
                let until = entry.checked.advanced(by: revalidateAfter)
                return now < until ? (entry.served, until) : nil
            }
        }
    }

    /// The file a canonical request path names. `open` (on a miss, and to revalidate) opens the
    /// file inside the folder; `describe` gives its content type and cache lifetime. When the file
    /// cannot be opened for want of descriptors or memory, a cached copy is served as it was last
    /// checked, and without one the answer is `unavailable` (not `notFound`: it may well exist).
    func file(
        for key: String, open: (String) -> OpenedFile.Opening,
        describe: (String) -> (type: String, compressible: Bool, cacheControl: String)
    ) -> Lookup {
        let now = ContinuousClock.now
        let hit = entries.withLock { state in
            state.byPath[key].map { entry in (entry, fresh: entry.checked.duration(to: now) < revalidateAfter) }
        }
        if let (entry, fresh) = hit, fresh, !entry.served.streamed { return .found(entry.served, opened: nil) }
        let opened: OpenedFile
        switch open(key) {
        case .opened(let file): opened = file
        case .absent:
            // Gone, or no longer reachable inside the folder: never served from memory again.
            if hit != nil { entries.withLock { Self.remove(key, from: &$0) } }
            return .notFound
        case .failed:
            // A file sent from the disk cannot be sent without it.
            return hit.flatMap { $0.0.served.streamed ? nil : .found($0.0.served, opened: nil) } ?? .unavailable
        }
        if let (entry, _) = hit, entry.stamp == opened.stamp {
            entries.withLock { _ in entry.checked = now }
            return .found(entry.served, opened: entry.served.streamed ? opened : nil)
        }
        let (type, compressible, cacheControl) = describe(opened.name)
        let stamp = opened.stamp
        let served: ServedFile
        if stamp.size > limits.fileBytes || stamp.size > limits.bytes {
            served = ServedFile(streaming: stamp, contentType: type, compressible: compressible, cacheControl: cacheControl)
        } else {
            // Read from the descriptor that was checked, not from the path again.
            guard let data = opened.contents() else {
                return hit.flatMap { $0.0.served.streamed ? nil : .found($0.0.served, opened: nil) } ?? .unavailable
            }
            served = ServedFile(
                data: data, modified: Date(timeIntervalSince1970: TimeInterval(stamp.seconds)), contentType: type,
                compressible: compressible, cacheControl: cacheControl)
        }
        let size = Self.cost(key, served)
        entries.withLock { state in
            Self.remove(key, from: &state)
            // A file larger than the whole cache is served, not kept.
            guard size <= limits.bytes && limits.entries > 0 else { return }
            if state.byPath.count + 1 > limits.entries || state.bytes + size > limits.bytes {
                evict(&state, toFit: size)
            }
            state.byPath[key] = Entry(stamp: stamp, served: served, size: size, checked: now)
            state.bytes += size
        }
        return .found(served, opened: served.streamed ? opened : nil)
    }

    private static func remove(_ key: String, from state: inout (byPath: [String: Entry], bytes: Int)) {
        if let old = state.byPath.removeValue(forKey: key) { state.bytes -= old.size }
    }

    /// Removes the entries checked longest ago until a quarter of each bound is free (so that
    /// eviction, a sort, is rare) and `size` fits.
    private func evict(_ state: inout (byPath: [String: Entry], bytes: Int), toFit size: Int) {
        let entryTarget = limits.entries - max(1, limits.entries / 4)
        let byteTarget = limits.bytes - max(size, limits.bytes / 4)
        for (key, entry) in state.byPath.sorted(by: { $0.value.checked < $1.value.checked }) {
            guard state.byPath.count > entryTarget || state.bytes > byteTarget else { break }
            state.byPath.removeValue(forKey: key)
            state.bytes -= entry.size
        }
    }

    /// Bytes an entry holds: bodies, heads, key, and the rest of the entry, roughly.
    private static func cost(_ key: String, _ served: ServedFile) -> Int {
        var bytes = key.utf8.count + 256
        for encoding in [served.plain] + (served.gzip.map { [$0] } ?? []) {
            bytes += (encoding.body?.readableBytes ?? 0) + encoding.ok.bytes.readableBytes + encoding.notModified.bytes.readableBytes
                + encoding.etag.utf8.count
        }
        return bytes
    }
}
