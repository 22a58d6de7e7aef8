import Foundation
import OutageCore
import OutageNotifier
import Processes
import Terminal

/// Tells the administrator of a new draft in the inbox: once per draft, never again.
public protocol DraftMessenger: Sendable {
    var name: String { get }
    func tell(_ entry: Inbox.Entry) async throws
}

/// What the administrator is told of a draft, in short Japanese.
public enum DraftMessage {
    public static func title(_ record: DraftRecord) -> String {
        switch record.kind {
        case .new: "計画停止の下書き: \(record.title)"
        case .revision: "計画停止の変更: \(record.title)"
        case .nothingFound: "停止の見つからない記事: \(record.title)"
        }
    }

    public static func body(_ entry: Inbox.Entry) -> String {
        let record = entry.record
        var lines = [record.sourceName + (record.url.map { " \($0)" } ?? "")]
        lines += record.changes.prefix(4)
        if record.changes.count > 4 { lines.append("…ほか\(record.changes.count - 4)件") }
        lines.append("確認: \(entry.reviewPath)")
        lines.append("公開: outagecal accept \(record.id)")
        return lines.joined(separator: "\n")
    }
}

/// A line and the message on standard output (the run's own report, or journald's under systemd).
public struct TerminalMessenger: DraftMessenger {
    public let name = "terminal"
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func tell(_ entry: Inbox.Entry) async throws {
        var text = "== " + TerminalText.safe(DraftMessage.title(entry.record), keepingNewlines: false) + "\n"
        for line in DraftMessage.body(entry).split(separator: "\n") { text += "   " + TerminalText.safe(line, keepingNewlines: false) + "\n" }
        write(text)
    }
}

/// A desktop notification (notify-send) whose 「確認する」 opens the draft's review page.
/// notify-send waits for the click in a shell of its own, left running when the watcher exits
/// (a timer's run ends in seconds; the notification stays until it is answered, 12 h at most).
public struct DesktopMessenger: DraftMessenger {
    public let name = "desktop notification (notify-send)"
    let runner: ProcessRunner
    let notifySend: String
    let opener: String

    public init(runner: ProcessRunner, notifySend: String = "notify-send", opener: String = "xdg-open") {
        self.runner = runner
        self.notifySend = notifySend
        self.opener = opener
    }

    public enum Failure: Error, CustomStringConvertible {
        case exit(Int32, String)

        public var description: String {
            switch self {
            case .exit(let status, let message): "notify-send could not be started (status \(status))\(message.isEmpty ? "" : ": \(message)")"
            }
        }
    }

    /// The shell's script. Everything from the draft reaches it as an argument ($1…), never as
    /// script text.
    static let script = #"""
        command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed (Debian: apt install libnotify-bin)" >&2; exit 127; }
        ( answer=$(timeout 12h "$1" --app-name=OutageCal --urgency=normal --action=open=確認する --action=ok=あとで -- "$3" "$4" 2>/dev/null)
          [ "$answer" = open ] && "$2" "$5" >/dev/null 2>&1 ) </dev/null >/dev/null 2>&1 &
        """#

    public func tell(_ entry: Inbox.Entry) async throws {
        let title = TerminalText.safe(DraftMessage.title(entry.record), keepingNewlines: false)
        let body = TerminalText.safe(DraftMessage.body(entry), keepingNewlines: true)
        let output = try await runner.run("/bin/sh", ["-c", Self.script, "sh", notifySend, opener, title, body, entry.reviewPath],
                                          environment: [:], input: nil, timeout: .seconds(30))
        guard output.status == 0 else {
            throw Failure.exit(output.status, String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// The administrator's own command (a mail sender, a chat hook), once per draft: the draft's
/// record as JSON on standard input and in OUTAGECAL_DRAFT_* variables.
public struct CommandMessenger: DraftMessenger {
    public var name: String { "--exec command" }
    let command: String
    let runner: ProcessRunner

    public init(command: String, runner: ProcessRunner) {
        self.command = command
        self.runner = runner
    }

    public typealias Failure = ExecSink.Failure

    public func tell(_ entry: Inbox.Entry) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let input = (try? encoder.encode(entry.record)) ?? Data()
        let environment = [
            "OUTAGECAL_DRAFT_ID": entry.record.id, "OUTAGECAL_DRAFT_KIND": entry.record.kind.rawValue,
            "OUTAGECAL_DRAFT_TITLE": DraftMessage.title(entry.record), "OUTAGECAL_DRAFT_BODY": DraftMessage.body(entry),
            "OUTAGECAL_DRAFT_REVIEW": entry.reviewPath, "OUTAGECAL_DRAFT_NOTICE": entry.noticePath,
            "OUTAGECAL_DRAFT_URL": entry.record.url ?? "",
        ]
        try await ExecSink.run(command, environment: environment, input: input + Data([0x0A]), runner: runner)
    }
}
