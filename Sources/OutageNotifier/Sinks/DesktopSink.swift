import DurableFiles
import Foundation
import OutageCore
import Processes

/// A desktop notification through notify-send (libnotify), with an argument vector.
/// 'In progress' replaces 'starting soon' where the notification server supports it.
///
/// With `actions` (the daemon), it carries 「詳細を見る」, which opens the notice's page
/// (xdg-open), and 「了解」, which closes it; clicking the notification is 詳細を見る too.
/// notify-send then waits for the person: it runs on in its own task, so the next alert is not
/// held up. `notify --once` exits at once and would not be there to answer: no actions.
public struct DesktopSink: AlertSink {
    public let name = "desktop notification (notify-send)"
    let runner: ProcessRunner
    let executable: String
    let actions: Bool
    let opener: String
    /// Where the task that waits for the person runs: the daemon's event loop (see
    /// DaemonExecutor), or nil for Swift's default.
    let executor: (any TaskExecutor)?
    private let shown: ShownNotifications

    /// How long a notification with actions is waited on before notify-send is stopped.
    static let actionWait: Duration = .seconds(12 * 3600)

    /// - Parameters:
    ///   - shownPath: a file that keeps the id of each window's last notification, so that the
    ///     next one replaces it also from another process (`notify --once` every few minutes);
    ///     nil keeps them in memory only.
    ///   - session: whose notification server the ids belong to (``ShownNotifications/currentSession()``).
    ///   - executor: where the task waiting for the person's answer runs (nil: Swift's default).
    public init(runner: ProcessRunner, executable: String = "notify-send", actions: Bool = false, opener: String = "xdg-open",
                shownPath: String? = nil, session: String = ShownNotifications.currentSession(), executor: (any TaskExecutor)? = nil) {
        self.runner = runner
        self.executor = executor
        self.executable = executable
        self.actions = actions
        self.opener = opener
        self.shown = ShownNotifications(path: shownPath, session: session)
    }

    /// The actions' names, as notify-send prints the one chosen.
    public enum Action: String, Sendable {
        /// Clicking the notification (dunst: middle click or `dunstctl action`).
        case `default`
        case details
        case acknowledge = "ok"
    }

    public enum Failure: Error, CustomStringConvertible {
        case exit(Int32, String)

        public var description: String {
            switch self {
            case .exit(let status, let message): "notify-send exited with status \(status)\(message.isEmpty ? "" : ": \(message)")"
            }
        }
    }

    /// The arguments notify-send gets for `alert`; `replacing` is the id of the window's last
    /// notification.
    public static func arguments(_ alert: Alert, replacing: UInt32?, actions: Bool = false) -> [String] {
        var arguments = [
            "--app-name=OutageCal",
            "--icon=\(alert.urgency == .critical ? "dialog-error" : alert.kind == .end || alert.kind == .cancelled ? "dialog-information" : "dialog-warning")",
            "--urgency=\(alert.urgency.rawValue)",
            "--category=network",
            "--print-id",
        ]
        if let replacing { arguments.append("--replace-id=\(replacing)") }
        // A stop in effect stays on the desk until someone closes it, or the end (or a change)
        // replaces it: a card gone after a few seconds leaves an empty desk wondering.
        if alert.kind == .start || alert.kind == .stillOn { arguments.append("--expire-time=0") }
        if actions {
            if alert.window.url != nil {
                arguments += ["--action=\(Action.default.rawValue)=詳細を見る", "--action=\(Action.details.rawValue)=詳細を見る"]
            }
            arguments.append("--action=\(Action.acknowledge.rawValue)=了解")
        }
        // Some notification servers read the body as markup.
        let body = alert.body.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        arguments += [alert.title, body]
        return arguments
    }

    public func deliver(_ alert: Alert) async throws {
        let replacing = await shown.id(for: alert.window.key)
        guard actions else { return try await show(alert, replacing: replacing) }
        // notify-send prints the id at once, then the action chosen when the person clicks.
        let (ids, shownID) = AsyncStream<UInt32?>.makeStream()
        // Into a pipe notify-send holds its output back until it exits: stdbuf (coreutils) has
        // it hand over each line, the id first.
        var command = [executable] + Self.arguments(alert, replacing: replacing, actions: true)
        if SystemProcessRunner.locate("stdbuf") != nil { command = ["stdbuf", "-oL"] + command }
        let program = command.removeFirst()
        let arguments = command
        let answer = Task(executorPreference: executor) { [runner, opener] in
            let lines = LineCounter()
            defer { shownID.finish() }
            return try await runner.stream(program, arguments, timeout: Self.actionWait) { line in
                if await lines.next() == 0 {
                    shownID.yield(UInt32(line.trimmingCharacters(in: .whitespaces)))
                    shownID.finish()
                    return
                }
                switch Action(rawValue: line.trimmingCharacters(in: .whitespaces)) {
                case .default, .details:
                    guard let url = alert.window.url else { return }
                    _ = try? await runner.run(opener, [url], environment: [:], input: nil, timeout: .seconds(30))
                case .acknowledge, nil:
                    break  // 了解: the server closed it; nothing comes back.
                }
            }
        }
        var first: UInt32?? = nil
        for await id in ids {
            first = id
            break
        }
        if let id = first ?? nil {
            await shown.remember(id, for: alert.window.key)
            return
        }
        // No id: notify-send ended without showing anything.
        let output = try await answer.value
        guard output.status == 0 else {
            throw Failure.exit(output.status, String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private func show(_ alert: Alert, replacing: UInt32?) async throws {
        let output = try await runner.run(executable, Self.arguments(alert, replacing: replacing), environment: [:], input: nil, timeout: .seconds(15))
        guard output.status == 0 else {
            throw Failure.exit(output.status, String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let id = UInt32(String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
            await shown.remember(id, for: alert.window.key)
        }
    }
}

/// Counts the lines notify-send printed.
actor LineCounter {
    private var count = 0
    func next() -> Int {
        defer { count += 1 }
        return count
    }
}

/// The last notification id shown for each window, so the next one replaces it. Kept in a file
/// when given one: ids belong to the notification server of one login, so the file says whose
/// they are (``currentSession()``), and those of another boot or session are never used.
public actor ShownNotifications {
    private var ids: [String: UInt32] = [:]
    private let path: String?
    private let session: String
    /// Windows remembered at most: older ones are forgotten (their notifications are long gone).
    static let kept = 500

    struct File: Codable {
        var session: String
        var ids: [String: UInt32]
        var order: [String]
    }

    private var order: [String] = []

    init(path: String?, session: String) {
        self.path = path
        self.session = session
        if let path, let data = FileManager.default.contents(atPath: path),
            let file = try? JSONDecoder().decode(File.self, from: data), file.session == session {
            ids = file.ids
            order = file.order
        }
    }

    /// This boot and login: the kernel's boot id and XDG_SESSION_ID.
    public static func currentSession() -> String {
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return boot + "/" + (ProcessInfo.processInfo.environment["XDG_SESSION_ID"] ?? "?")
    }

    func id(for key: String) -> UInt32? { ids[key] }

    func remember(_ id: UInt32, for key: String) {
        if ids.updateValue(id, forKey: key) == nil { order.append(key) }
        while order.count > Self.kept { ids[order.removeFirst()] = nil }
        guard let path, let data = try? JSONEncoder().encode(File(session: session, ids: ids, order: order)) else { return }
        // Best effort: without the file the next process shows a new card instead of replacing.
        try? DurableFile.makePrivateFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        try? DurableFile.write([UInt8](data), to: path, mode: 0o600)
    }
}
