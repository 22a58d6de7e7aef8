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
        var difference = Difference()
        for file in files {
            let path = url(file.path).path
            guard let data = FileManager.default.contents(atPath: path) else {
                difference.missing.append(file.path)
                continue
            }
            if data != Data(file.contents.utf8) { difference.changed.append(file.path) }
        }
        let wanted = Set(files.map(\.path))
        difference.obsolete = generatedFiles().filter { !wanted.contains($0) }
        return difference
    }

    /// Writes every file, or none: each goes to a temporary file beside its target first, and
    /// only when all are written and flushed are they renamed into place (each rename atomic),
    /// so a reader never sees a half-written feed and a failure leaves the old feeds whole.
    /// Generated files that `files` no longer holds are removed afterwards.
    /// - Returns: the paths written (changed or new) and removed.
    @discardableResult
    public func write(_ files: [FeedFile]) throws -> (written: [String], removed: [String]) {
        let difference = difference(from: files)
        let toWrite = files.filter { difference.missing.contains($0.path) || difference.changed.contains($0.path) }
        let suffix = ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        var staged: [(temporary: URL, target: URL)] = []
        do {
            for file in toWrite {
                let target = url(file.path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let temporary = target.deletingLastPathComponent().appendingPathComponent(target.lastPathComponent + suffix)
                staged.append((temporary, target))
                try Self.writeDurably(Data(file.contents.utf8), to: temporary)
            }
        } catch {
            for entry in staged { try? FileManager.default.removeItem(at: entry.temporary) }
            throw WriteError.cannotWrite(path: staged.last?.target.path ?? directory, reason: Self.reason(error))
        }
        for entry in staged {
            guard rename(entry.temporary.path, entry.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for rest in staged { try? FileManager.default.removeItem(at: rest.temporary) }
                throw WriteError.cannotWrite(path: entry.target.path, reason: reason)
            }
        }
        for path in difference.obsolete { try? FileManager.default.removeItem(at: url(path)) }
        return (toWrite.map(\.path), difference.obsolete)
    }

    private func url(_ relative: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(relative)
    }

    /// The .ics files generate owns: those at the top of the folder and in prefectures/.
    private func generatedFiles() -> [String] {
        var found: [String] = []
        for folder in ["", "prefectures/"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
            found += names.filter { $0.hasSuffix(".ics") }.map { folder + $0 }
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
