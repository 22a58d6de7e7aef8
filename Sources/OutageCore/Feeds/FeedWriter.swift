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

    /// Compares the folder with the files `produce` emits, one at a time.
    public func difference(_ produce: (_ emit: (FeedFile) -> Void) throws -> Void) rethrows -> Difference {
        var difference = Difference()
        var wanted = Set<String>()
        try produce { file in
            wanted.insert(file.path)
            switch compare(file) {
            case .same: break
            case .missing: difference.missing.append(file.path)
            case .changed: difference.changed.append(file.path)
            }
        }
        difference.obsolete = generatedFiles().filter { !wanted.contains($0) }
        difference.leftovers = leftovers()
        return difference
    }

    /// The name a file is written under before it is renamed into place: `<name>.tmp-<pid>`.
    /// `outagecal serve` never serves such a name (OutageServer's FeedFolder.isWorkInProgress).
    public static func temporaryName(_ name: String, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> String {
        "\(name).tmp-\(pid)"
    }

    /// The process that wrote a temporary file, from its name; nil for any other name.
    static func writer(ofTemporary name: String) -> Int32? {
        guard let marker = name.range(of: ".tmp-", options: .backwards), marker.lowerBound > name.startIndex else { return nil }
        let digits = name[marker.upperBound...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int32(digits)
    }

    /// Temporary files (``temporaryName(_:pid:)``) in the folders generate writes whose writer is
    /// no longer running: an interrupted generate left them. Those of a generate running now are
    /// not leftovers.
    public func leftovers() -> [String] {
        var found: [String] = []
        for folder in FeedSet.folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
            for name in names {
                guard let pid = Self.writer(ofTemporary: name) else { continue }
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

    /// Writes every file `produce` emits, or none: each changed or new file goes to a temporary
    /// file beside its target as it comes (so only one is held in memory), and only when all are
    /// written and flushed are they renamed into place (each rename atomic). A reader never sees
    /// a half-written feed, and a failure leaves the old feeds whole. Generated files that
    /// `produce` did not emit are removed afterwards.
    /// Temporary files an interrupted generate left (``leftovers()``) are removed first.
    /// - Returns: the paths written (changed or new) and removed, and the leftovers removed.
    @discardableResult
    public func write(_ produce: (_ emit: (FeedFile) throws -> Void) throws -> Void) throws -> (
        written: [String], removed: [String], leftovers: [String]
    ) {
        let leftovers = leftovers()
        for path in leftovers { try? FileManager.default.removeItem(at: url(path)) }
        var staged: [(path: String, temporary: URL, target: URL)] = []
        var wanted = Set<String>()
        func discard() {
            for entry in staged { try? FileManager.default.removeItem(at: entry.temporary) }
        }
        do {
            try produce { file in
                wanted.insert(file.path)
                guard compare(file) != .same else { return }
                let target = url(file.path)
                let temporary = target.deletingLastPathComponent().appendingPathComponent(Self.temporaryName(target.lastPathComponent))
                do {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    staged.append((file.path, temporary, target))
                    try Self.writeDurably(Data(file.contents.utf8), to: temporary)
                } catch {
                    throw WriteError.cannotWrite(path: target.path, reason: Self.reason(error))
                }
            }
        } catch {
            discard()
            throw error
        }
        for entry in staged {
            guard rename(entry.temporary.path, entry.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                discard()
                throw WriteError.cannotWrite(path: entry.target.path, reason: reason)
            }
        }
        let obsolete = generatedFiles().filter { !wanted.contains($0) }
        for path in obsolete { try? FileManager.default.removeItem(at: url(path)) }
        return (staged.map(\.path), obsolete, leftovers)
    }

    private enum Comparison { case same, missing, changed }

    private func compare(_ file: FeedFile) -> Comparison {
        guard let data = FileManager.default.contents(atPath: url(file.path).path) else { return .missing }
        return data.elementsEqual(file.contents.utf8) ? .same : .changed
    }

    private func url(_ relative: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(relative)
    }

    /// The files generate owns (``FeedSet/owns(_:)``) that the folder holds.
    private func generatedFiles() -> [String] {
        var found: [String] = []
        for folder in FeedSet.folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
            found += names.map { folder + $0 }.filter(FeedSet.owns)
        }
        return found.sorted()
    }

    private static func writeDurably(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    private static func reason(_ error: Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return (error as NSError).localizedDescription
    }
}
