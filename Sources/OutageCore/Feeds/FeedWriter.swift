import CWriteback
import DurableFiles
import Foundation

/// Writes feed files into a folder all at once, and compares a folder with what it should hold.
public struct FeedWriter: Sendable {
    /// The folder the paths of ``FeedFile`` are relative to.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// What differs between the folder and `files`.
    public struct Difference: Hashable, Sendable {
        public var missing: [String] = []
        public var changed: [String] = []
        /// Generated files the folder holds that `files` no longer has.
        public var obsolete: [String] = []
        /// Temporary files an interrupted `generate` left (``leftovers()``).
        public var leftovers: [String] = []

        public var isEmpty: Bool { missing.isEmpty && changed.isEmpty && obsolete.isEmpty && leftovers.isEmpty }
    }

    public enum WriteError: Error, CustomStringConvertible {
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotWrite(let path, let reason):
                "cannot write \(path): \(reason); nothing was changed"
            }
        }
    }

    /// Compares the folder with `files`, byte for byte.
    public func difference(from files: [FeedFile]) -> Difference {
        difference { emit in files.forEach(emit) }
    }

    /// Compares the folder with the files `produce` emits, byte for byte, several at once.
    public func difference(_ produce: (_ emit: (FeedFile) -> Void) throws -> Void) rethrows -> Difference {
        var files: [FeedFile] = []
        try produce { files.append($0) }
        let directory = directory
        let outcomes = concurrentMap(Self.startingOrder(files)) { file in
            (file.path, FeedWriter(directory: directory).compare(file))
        }
        let comparison = Dictionary(outcomes, uniquingKeysWith: { first, _ in first })
        var difference = Difference()
        for file in files {
            switch comparison[file.path] {
            case .missing: difference.missing.append(file.path)
            case .changed: difference.changed.append(file.path)
            case .same, nil: break
            }
        }
        let wanted = Set(files.map(\.path))
        difference.obsolete = generatedFiles().filter { !wanted.contains($0) }
        switch readManifest() {
        case nil: difference.missing.append(Self.manifestName)
        case let listed? where listed != files.map(\.path).sorted(): difference.changed.append(Self.manifestName)
        default: break
        }
        difference.leftovers = leftovers()
        return difference
    }

    /// The name a file is written under before it is renamed into place: `<name>.tmp-<pid>`
    /// (``DurableFile``). `outagecal serve` never serves such a name.
    public static func temporaryName(_ name: String, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> String {
        DurableFile.temporaryName(name, pid: pid)
    }

    /// The list of the files generate wrote into the folder, written after them: only those it
    /// lists are ever removed, so a calendar of somebody else's beside the feeds stays.
    public static let manifestName = ".outagecal-generated"

    /// Temporary files (``temporaryName(_:pid:)``) in the folders generate writes whose writer is
    /// no longer running: an interrupted generate left them. Those of a generate running now are
    /// not leftovers.
    public func leftovers() -> [String] {
        var found: [String] = []
        for folder in FeedSet.folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
            for name in names {
                guard let pid = DurableFile.writer(ofTemporary: name) else { continue }
                let running = pid == ProcessInfo.processInfo.processIdentifier || kill(pid, 0) == 0 || errno == EPERM
                if !running { found.append(folder + name) }
            }
        }
        return found.sorted()
    }

    /// Writes every file of `files`, all or none, as the streaming `write` does.
    @discardableResult
    public func write(_ files: [FeedFile]) throws -> (written: [String], removed: [String], leftovers: [String]) {
        try write { emit in try files.forEach(emit) }
    }

    /// Writes every file `produce` emits, or none: each file is made and compared with the one
    /// in the folder as it goes, several at once, one on each core; one that differs goes to a
    /// temporary file beside its target, flushed to disk. Only when all are written are they
    /// renamed into place (each rename atomic): a reader never sees a half-written feed, a
    /// failure leaves the old feeds whole, and an unchanged file is left as it was. Generated
    /// files that `produce` did not emit are removed afterwards.
    /// Temporary files an interrupted generate left (``leftovers()``) are removed first.
    /// - Returns: the paths written (changed or new) and removed, and the leftovers removed.
    @discardableResult
    public func write(_ produce: (_ emit: (FeedFile) throws -> Void) throws -> Void) throws -> (
        written: [String], removed: [String], leftovers: [String]
    ) {
        try refuseLinkedFolders()
        let leftovers = leftovers()
        for path in leftovers { try? FileManager.default.removeItem(at: url(path)) }
        var files: [FeedFile] = []
        try produce { files.append($0) }
        // The folders first, one at a time, so that a failure can take back those it made.
        var created: [String] = []
        for file in files {
            let folder = url(file.path).deletingLastPathComponent()
            guard !FileManager.default.fileExists(atPath: folder.path) else { continue }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                created.append(folder.path)
            } catch {
                for folder in created.reversed() { rmdir(folder) }
                throw WriteError.cannotWrite(path: url(file.path).path, reason: Self.reason(error))
            }
        }
        let directory = directory
        let flusher = Flusher()
        let outcomes = concurrentMap(Self.startingOrder(files)) { file in
            (file.path, Result { try FeedWriter(directory: directory).stage(file, flusher: flusher) })
        }
        let staged = outcomes.compactMap { try? $0.1.get() }.sorted { $0.path < $1.path }
        func discard() {
            for entry in staged { unlink(entry.temporary) }
            for folder in created.reversed() { rmdir(folder) }
        }
        let failures = outcomes.compactMap { outcome in
            if case .failure(let error) = outcome.1 { (outcome.0, error) } else { nil }
        } + flusher.finish()
        if let failure = failures.min(by: { $0.0 < $1.0 }) {
            discard()
            throw failure.1
        }
        for entry in staged {
            guard rename(entry.temporary, entry.target) == 0 else {
                let reason = String(cString: strerror(errno))
                discard()
                throw WriteError.cannotWrite(path: entry.target, reason: reason)
            }
        }
        let wanted = Set(files.map(\.path))
        let obsolete = generatedFiles().filter { !wanted.contains($0) }
        for path in obsolete { unlink(url(path).path) }
        // Last: the list names the set now in the folder. A generate killed before this line
        // leaves the old list, which still names every file the next one may remove.
        let listed = files.map(\.path).sorted()
        if readManifest() != listed {
            do {
                try DurableFile.write(Array(Self.manifestText(listed).utf8), to: url(Self.manifestName).path, mode: 0o644)
            } catch {
                throw WriteError.cannotWrite(path: error.path, reason: error.reason)
            }
        }
        return (staged.map(\.path), obsolete, leftovers)
    }

    /// The manifest's text: a line saying what it is, then a path a line.
    static func manifestText(_ paths: [String]) -> String {
        "# The files `outagecal generate` wrote here: it removes only these, once no notice needs them.\n"
            + paths.map { $0 + "\n" }.joined()
    }

    /// The paths the folder's manifest lists, sorted; nil when there is none.
    private func readManifest() -> [String]? {
        guard !DurableFile.isLink(url(Self.manifestName).path),
              let data = FileManager.default.contents(atPath: url(Self.manifestName).path)
        else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init).sorted()
    }

    /// A folder generate writes into that is a link would take the feeds, and the removal of
    /// old ones, out of the output folder: refused, with what to do.
    private func refuseLinkedFolders() throws {
        for folder in FeedSet.folders where !folder.isEmpty {
            let path = url(folder).path
            if DurableFile.isLink(path) {
                throw WriteError.cannotWrite(
                    path: path,
                    reason: "it is a link to another folder, and generate writes only inside \(directory); replace the link with a folder (or give --out another folder)")
            }
        }
    }

    /// The files in the order to start them: the biggest first, so that no core is left with a
    /// big one at the end while the other has nothing to do; and before them those rendered when
    /// written (the page), whose size says nothing of their cost: last, the page was made on one
    /// core while the other waited.
    static func startingOrder(_ files: [FeedFile]) -> [FeedFile] {
        files.enumerated().sorted {
            ($1.element.isRendered ? 1 : 0, $1.element.estimatedBytes, $0.offset) < ($0.element.isRendered ? 1 : 0, $0.element.estimatedBytes, $1.offset)
        }.map(\.element)
    }

    private enum Comparison: Sendable { case same, missing, changed }

    /// A file written to its temporary name, to be renamed to its target.
    private struct Staged: Sendable {
        let path: String
        let temporary: String
        let target: String
    }

    /// Compares the folder's copy of `file` with it, a piece at a time.
    private func compare(_ file: FeedFile) -> Comparison {
        let existing = open(url(file.path).path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard existing >= 0 else { return .missing }
        defer { close(existing) }
        var comparer = Comparer(existing: existing)
        do {
            try file.write { piece in
                guard comparer.take(piece) else { throw Differs() }
            }
        } catch {
            return .changed
        }
        return comparer.atEnd() ? .same : .changed
    }

    /// Makes `file`, comparing it with the folder's copy as it goes; from the first difference
    /// on, writes it to a temporary file beside its target, the part already compared copied
    /// over from the old file, and hands that to `flusher`. Nil when the file is unchanged.
    private func stage(_ file: FeedFile, flusher: Flusher) throws -> Staged? {
        let target = url(file.path)
        var temporary = target.path
        // Never through a link: one where the feed should be is replaced by the feed.
        let existing = open(target.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        defer { if existing >= 0 { close(existing) } }
        var comparer = Comparer(existing: existing)
        var output: Int32 = -1
        /// Bytes written to `output`, and how many of them the disk has been asked to take.
        var written = 0
        var handedOver = 0
        var failure: Error?
        func fail(_ error: Error) -> Error {
            WriteError.cannotWrite(path: target.path, reason: Self.reason(error))
        }
        /// Opens the temporary file, with the `prefix` bytes the old file shares with the new.
        func startWriting(prefix: Int) throws {
            do {
                (output, temporary) = try DurableFile.createTemporary(for: target.path, mode: 0o644)
            } catch {
                throw POSIXError(POSIXErrorCode(rawValue: error.code) ?? .EIO)
            }
            var copied = 0
            var buffer = [UInt8](repeating: 0, count: min(max(prefix, 1), 1 << 20))
            while copied < prefix {
                let count = buffer.withUnsafeMutableBytes { pread(existing, $0.baseAddress!, min($0.count, prefix - copied), off_t(copied)) }
                guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: count < 0 ? errno : EIO) ?? .EIO) }
                try buffer.withUnsafeBytes { try Self.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                copied += count
            }
            written = prefix
        }
        /// Writes `piece`; each time another ``writebackSize`` bytes are written, the flusher
        /// starts them on their way to disk.
        func append(_ piece: UnsafeRawBufferPointer) throws {
            try Self.writeAll(output, piece)
            written += piece.count
            if written - handedOver >= Self.writebackSize {
                flusher.startWriteback(output, from: handedOver, count: written - handedOver)
                handedOver = written
            }
        }
        do {
            if existing < 0 { try startWriting(prefix: 0) }
            try file.write { piece in
                if output < 0 {
                    let compared = comparer.offset
                    if comparer.take(piece) { return }
                    try startWriting(prefix: compared)
                }
                try append(piece)
            }
            if output < 0 {
                if comparer.atEnd() { return nil }
                try startWriting(prefix: comparer.offset)
            }
        } catch {
            failure = fail(error)
        }
        if let failure {
            if output >= 0 {
                unlink(temporary)
                flusher.abandon(output)
            }
            throw failure
        }
        flusher.flush(output, path: file.path, target: target.path)
        return Staged(path: file.path, temporary: temporary, target: target.path)
    }

    /// How many written bytes of a file are gathered before the disk is asked to start on them.
    static let writebackSize = 8 << 20

    /// Flushes written files to disk while the next files are being made: waiting for the disk
    /// need not hold up the cores. A big file's first megabytes are started on their way
    /// (``startWriteback(_:from:count:)``) while the rest is still being made.
    ///
    /// Each fsync waits about as long for the file system's journal as for the data (15 ms a
    /// file on the benchmark machine, whatever its size), so one after another they took longer
    /// than making the files. They run on several lanes at once (serial queues, which start
    /// threads of their own rather than take the cores' workers), and the journal takes those
    /// that wait together in one commit.
    ///
    /// Every call for a descriptor goes to the same lane, in order, and its last (``flush`` or
    /// ``abandon(_:)``) closes it: a descriptor number opened again afterwards lands on the same
    /// lane, behind the close, so no call reaches the wrong file.
    private final class Flusher: @unchecked Sendable {
        private static let laneCount = 8
        private let lanes = (0..<laneCount).map { DispatchQueue(label: "outagecal.feed-writer.fsync-\($0)") }
        private let group = DispatchGroup()
        private let lock = NSLock()
        private var failures: [(String, Error)] = []

        private func lane(_ descriptor: Int32) -> DispatchQueue { lanes[Int(descriptor) % lanes.count] }

        /// Asks the kernel to start writing `count` bytes of `descriptor` from `offset` to disk.
        /// Only a head start: whether it worked or not, ``flush`` makes the file durable.
        func startWriteback(_ descriptor: Int32, from offset: Int, count: Int) {
            lane(descriptor).async(group: group) {
                _ = outagecal_start_writeback(descriptor, Int64(offset), Int64(count))
            }
        }

        /// Closes `descriptor`, a file given up on, after the calls already queued for it.
        func abandon(_ descriptor: Int32) {
            lane(descriptor).async(group: group) { close(descriptor) }
        }

        /// Flushes and closes `descriptor`, the temporary file of `path`.
        func flush(_ descriptor: Int32, path: String, target: String) {
            lane(descriptor).async(group: group) { [self] in
                if fsync(descriptor) != 0 {
                    let reason = String(cString: strerror(errno))
                    lock.withLock { failures.append((path, WriteError.cannotWrite(path: target, reason: reason))) }
                }
                close(descriptor)
            }
        }

        /// Waits until every file handed over is on disk; the files that could not be flushed.
        func finish() -> [(String, Error)] {
            group.wait()
            return lock.withLock { failures }
        }
    }

    /// Stops making a file once it is known to differ.
    private struct Differs: Error {}

    /// Reads an existing file alongside the new one's pieces, as long as they agree.
    private struct Comparer {
        let existing: Int32
        /// How many bytes have been found the same.
        private(set) var offset = 0
        private(set) var isSame: Bool
        private var buffer: [UInt8] = []

        init(existing: Int32) {
            self.existing = existing
            self.isSame = existing >= 0
        }

        /// Whether the old file goes on with `piece`; once not, never again.
        mutating func take(_ piece: UnsafeRawBufferPointer) -> Bool {
            guard isSame else { return false }
            if buffer.count < piece.count { buffer = [UInt8](repeating: 0, count: piece.count) }
            var filled = 0
            while filled < piece.count {
                let count = buffer.withUnsafeMutableBytes { pread(existing, $0.baseAddress! + filled, piece.count - filled, off_t(offset + filled)) }
                guard count > 0 else { break }
                filled += count
            }
            guard filled == piece.count, piece.count == 0 || buffer.withUnsafeBytes({ memcmp($0.baseAddress!, piece.baseAddress!, piece.count) == 0 })
            else {
                isSame = false
                return false
            }
            offset += piece.count
            return true
        }

        /// Whether the old file ends where the new one did.
        mutating func atEnd() -> Bool {
            guard isSame else { return false }
            var byte: UInt8 = 0
            return pread(existing, &byte, 1, off_t(offset)) == 0
        }
    }

    private func url(_ relative: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(relative)
    }

    /// The files of generate's that the folder holds: those its manifest lists; in a folder
    /// written before there was a manifest, the feeds (``FeedSet/owns(_:)``) that say OutageCal
    /// made them (their PRODID). Only files, never links, and never inside a linked folder.
    private func generatedFiles() -> [String] {
        let candidates: [String]
        if let listed = readManifest() {
            candidates = listed.filter(FeedSet.owns)
        } else {
            var found: [String] = []
            for folder in FeedSet.folders where folder.isEmpty || !DurableFile.isLink(url(folder).path) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
                found += names.map { folder + $0 }.filter { FeedSet.owns($0) && $0.hasSuffix(".ics") && madeByOutageCal($0) }
            }
            candidates = found
        }
        return candidates.filter { path in
            let folder = path.range(of: "/", options: .backwards).map { String(path[..<$0.lowerBound]) }
            guard folder.map({ !DurableFile.isLink(url($0).path) }) ?? true else { return false }
            var status = stat()
            return lstat(url(path).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }.sorted()
    }

    /// Whether the feed at `path` begins as OutageCal's feeds do, with its PRODID.
    private func madeByOutageCal(_ path: String) -> Bool {
        let descriptor = open(url(path).path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 256)
        let count = read(descriptor, &head, head.count)
        guard count > 0 else { return false }
        return String(decoding: head[..<count], as: UTF8.self).contains("PRODID:-//OutageCal//")
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        do {
            try DurableFile.writeAll(descriptor, bytes, path: "")
        } catch {
            throw POSIXError(POSIXErrorCode(rawValue: error.code) ?? .EIO)
        }
    }

    private static func reason(_ error: Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return (error as NSError).localizedDescription
    }
}
