import CompressNIO
import Digest
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
        let etag = "\"\(FNV1a.hex(data))\""
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

/// Files by canonical request path (``FeedFolder/key(of:)``), each with its size, time and
/// inode. A hit costs nothing but a dictionary lookup for `revalidateAfter` (1 s); after that the
/// path is opened again (walked from the folder, see ``OpenedFile``) and fstat'ed: a feed that
/// `generate` rewrote is read again, one that did not change is not, and one that is no longer
/// reachable in the folder (a symbolic link swapped in, removed) is forgotten and no longer
/// served. Bounded in entries and in bytes (bodies, gzip copies, heads and keys): when full, the
/// entries checked longest ago go first.
final class FileCache: Sendable {
    typealias Stamp = OpenedFile.Stamp

    struct Limits: Sendable {
        var entries = 1024
        var bytes = 256 * 1024 * 1024
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

    enum Lookup { case found(ServedFile), notFound, unavailable }

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
        if let (entry, fresh) = hit, fresh { return .found(entry.served) }
        let opened: OpenedFile
        switch open(key) {
        case .opened(let file): opened = file
        case .absent:
            // Gone, or no longer reachable inside the folder: never served from memory again.
            if hit != nil { entries.withLock { Self.remove(key, from: &$0) } }
            return .notFound
        case .failed:
            return hit.map { .found($0.0.served) } ?? .unavailable
        }
        if let (entry, _) = hit, entry.stamp == opened.stamp {
            entries.withLock { _ in entry.checked = now }
            return .found(entry.served)
        }
        // Read from the descriptor that was checked, not from the path again.
        guard let data = opened.contents() else { return hit.map { .found($0.0.served) } ?? .unavailable }
        let (type, compressible, cacheControl) = describe(opened.name)
        let stamp = opened.stamp
        let served = ServedFile(
            data: data, modified: Date(timeIntervalSince1970: TimeInterval(stamp.seconds)), contentType: type,
            compressible: compressible, cacheControl: cacheControl)
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
        return .found(served)
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
            bytes += encoding.body.readableBytes + encoding.ok.bytes.readableBytes + encoding.notModified.bytes.readableBytes
                + encoding.etag.utf8.count
        }
        return bytes
    }
}
