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

        public var isEmpty: Bool { missing.isEmpty && changed.isEmpty && obsolete.isEmpty }
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
    public func difference(_ produce: (_ emit: (FeedFile) -> Void) -> Void) -> Difference {
        var difference = Difference()
        var wanted = Set<String>()
        produce { file in
            wanted.insert(file.path)
            switch compare(file) {
            case .same: break
            case .missing: difference.missing.append(file.path)
            case .changed: difference.changed.append(file.path)
            }
        }
        difference.obsolete = generatedFiles().filter { !wanted.contains($0) }
        return difference
    }

    /// Writes every file of `files`, all or none, as the streaming `write` does.
    @discardableResult
    public func write(_ files: [FeedFile]) throws -> (written: [String], removed: [String]) {
        try write { emit in try files.forEach(emit) }
    }

    /// Writes every file `produce` emits, or none: each changed or new file goes to a temporary
    /// file beside its target as it comes (so only one is held in memory), and only when all are
    /// written and flushed are they renamed into place (each rename atomic). A reader never sees
    /// a half-written feed, and a failure leaves the old feeds whole. Generated files that
    /// `produce` did not emit are removed afterwards.
    /// - Returns: the paths written (changed or new) and removed.
    @discardableResult
    public func write(_ produce: (_ emit: (FeedFile) throws -> Void) throws -> Void) throws -> (written: [String], removed: [String]) {
        let suffix = ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
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
                let temporary = target.deletingLastPathComponent().appendingPathComponent(target.lastPathComponent + suffix)
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
        return (staged.map(\.path), obsolete)
    }

    private enum Comparison { case same, missing, changed }

    private func compare(_ file: FeedFile) -> Comparison {
        guard let data = FileManager.default.contents(atPath: url(file.path).path) else { return .missing }
        return data.elementsEqual(file.contents.utf8) ? .same : .changed
    }

    private func url(_ relative: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(relative)
    }

    /// The files generate owns: the .ics files at the top of the folder, in prefectures/ and in
    /// systems/, and index.html.
    private func generatedFiles() -> [String] {
        var found: [String] = []
        for folder in ["", "prefectures/", "systems/"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
            found += names.filter { $0.hasSuffix(".ics") || (folder.isEmpty && $0 == "index.html") }.map { folder + $0 }
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
