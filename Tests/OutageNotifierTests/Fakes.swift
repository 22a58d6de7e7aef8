import Foundation
import Logging
import OutageCore
import OutageNotifier
import Processes

/// A fetcher that answers from a script, one response per call (the last one repeats).
actor ScriptedFetcher: FeedFetcher {
    enum Step { case respond(FetchResponse), fail(Error) }
    private var steps: [Step]
    private(set) var requests: [(etag: String?, lastModified: String?)] = []

    init(_ steps: [Step]) { self.steps = steps }

    func script(_ steps: [Step]) { self.steps = steps }

    func fetch(_ url: URL, etag: String?, lastModified: String?, limit: Int, timeout: Duration) async throws -> FetchResponse {
        requests.append((etag, lastModified))
        let step = steps.count > 1 ? steps.removeFirst() : steps[0]
        switch step {
        case .respond(let response):
            if case .body(let text, _, _) = response, text.utf8.count > limit { throw FetchError.tooLarge(limit: limit) }
            return response
        case .fail(let error): throw error
        }
    }
}

/// Records every alert it is given; can be told to fail.
actor RecordingSink {
    private(set) var alerts: [Alert] = []
    func add(_ alert: Alert) { alerts.append(alert) }
}

struct RecordingAlertSink: AlertSink {
    let name: String
    let record: RecordingSink
    var fails = false

    func deliver(_ alert: Alert) async throws {
        if fails { throw ProcessRunnerError.notFound("notify-send") }
        await record.add(alert)
    }
}

/// A process runner that records the argument vectors and answers as told.
actor FakeRunner: ProcessRunner {
    private(set) var calls: [(executable: String, arguments: [String])] = []
    var status: Int32 = 0
    var stdout = "42\n"
    var missing = false

    func configure(status: Int32 = 0, stdout: String = "42\n", missing: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.missing = missing
    }

    func run(_ executable: String, _ arguments: [String], environment: [String: String], input: Data?, timeout: Duration) async throws -> ProcessOutput {
        if missing { throw ProcessRunnerError.notFound(executable) }
        calls.append((executable, arguments))
        return ProcessOutput(status: status, stdout: Data(stdout.utf8), stderr: Data("boom".utf8))
    }

    func stream(_ executable: String, _ arguments: [String], timeout: Duration, line: @escaping @Sendable (String) async -> Void) async throws -> ProcessOutput {
        if missing { throw ProcessRunnerError.notFound(executable) }
        calls.append((executable, arguments))
        for text in stdout.split(separator: "\n") { await line(String(text)) }
        return ProcessOutput(status: status, stdout: Data(), stderr: Data("boom".utf8))
    }
}

/// Lines written to a fake terminal.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.withLock { storage.append(line) } }
    var all: [String] { lock.withLock { storage } }
}

enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The reviewed West Japan feed of the seed notice (a test fixture, not the live Feeds/).
    static var westFeed: String { try! String(contentsOf: repository.appendingPathComponent("Tests/OutageCoreTests/Golden/west-japan.ics"), encoding: .utf8) }
    static let url = URL(string: "https://feeds.example/west-japan.ics")!

    static func jst(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    static func scratch() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-notify-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }
}
