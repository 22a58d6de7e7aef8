import Foundation
import Logging
import OutageCore

/// Keeps ``NotifierState`` in a JSON file, written atomically. A file that cannot be read is
/// set aside (renamed *.corrupt-…), logged, and replaced by a fresh state: the notifier goes on.
public struct StateStore: Sendable {
    public let path: String
    let logger: Logger

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    public func load(now: Date) -> NotifierState {
        guard let data = FileManager.default.contents(atPath: path) else { return NotifierState() }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let state = try decoder.decode(NotifierState.self, from: data)
            guard state.version == NotifierState.currentVersion else {
                logger.warning("state file \(path) is of another version (\(state.version)); starting afresh")
                return NotifierState()
            }
            return state
        } catch {
            let aside = "\(path).corrupt-\(Int(now.timeIntervalSince1970))"
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            logger.warning("state file \(path) is damaged (\(error)); moved to \(aside) and starting afresh — alerts of windows in progress may be raised again")
            return NotifierState()
        }
    }

    public func save(_ state: NotifierState) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try encoder.encode(state).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
