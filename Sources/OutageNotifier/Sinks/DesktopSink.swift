import Foundation
import OutageCore
import Processes

/// A desktop notification through notify-send (libnotify), with an argument vector.
/// 'In progress' replaces 'starting soon' where the notification server supports it.
public struct DesktopSink: AlertSink {
    public let name = "desktop notification (notify-send)"
    let runner: ProcessRunner
    let executable: String
    private let shown = ShownNotifications()

    public init(runner: ProcessRunner, executable: String = "notify-send") {
        self.runner = runner
        self.executable = executable
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
    public static func arguments(_ alert: Alert, replacing: UInt32?) -> [String] {
        var arguments = [
            "--app-name=OutageCal",
            "--icon=\(alert.urgency == .critical ? "dialog-error" : alert.kind == .end || alert.kind == .cancelled ? "dialog-information" : "dialog-warning")",
            "--urgency=\(alert.urgency.rawValue)",
            "--category=network",
            "--print-id",
        ]
        if let replacing { arguments.append("--replace-id=\(replacing)") }
        // Some notification servers read the body as markup.
        let body = alert.body.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        arguments += [alert.title, body]
        return arguments
    }

    public func deliver(_ alert: Alert) async throws {
        let replacing = await shown.id(for: alert.window.key)
        let output = try await runner.run(executable, Self.arguments(alert, replacing: replacing), environment: [:], input: nil, timeout: .seconds(15))
        guard output.status == 0 else {
            throw Failure.exit(output.status, String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let id = UInt32(String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
            await shown.remember(id, for: alert.window.key)
        }
    }
}

/// The last notification id shown for each window, so the next one replaces it.
actor ShownNotifications {
    private var ids: [String: UInt32] = [:]

    func id(for key: String) -> UInt32? { ids[key] }
    func remember(_ id: UInt32, for key: String) { ids[key] = id }
}
