import Foundation
import OutageCore
import Terminal

/// A timestamped line (and the body, indented) on standard output; colour and a bell only
/// when standard output is a terminal.
public struct TerminalSink: AlertSink {
    public let name = "terminal"
    let write: @Sendable (String) -> Void
    let isTerminal: Bool
    let now: @Sendable () -> Date

    public init(write: @escaping @Sendable (String) -> Void, isTerminal: Bool, now: @escaping @Sendable () -> Date) {
        self.write = write
        self.isTerminal = isTerminal
        self.now = now
    }

    /// Standard output, as the CLI uses it.
    public static func standardOutput(now: @escaping @Sendable () -> Date) -> TerminalSink {
        TerminalSink(
            write: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            isTerminal: isatty(STDOUT_FILENO) == 1, now: now)
    }

    public func deliver(_ alert: Alert) async throws {
        let civil = JST.civil(now())
        let stamp = String(format: "%04d-%02d-%02d %02d:%02d JST", civil.year, civil.month, civil.day, civil.hour, civil.minute)
        // The title and body come from a feed: shown, never obeyed.
        var title = TerminalText.safe(alert.title, keepingNewlines: false)
        if isTerminal {
            let colour = alert.urgency == .critical ? "\u{1B}[1;31m" : alert.urgency == .normal ? "\u{1B}[1;33m" : "\u{1B}[1m"
            title = colour + title + "\u{1B}[0m"
        }
        var text = "[\(stamp)] \(title)\n"
        for line in alert.body.split(separator: "\n") { text += "    \(TerminalText.safe(line, keepingNewlines: false))\n" }
        if isTerminal && alert.urgency != .low { text += "\u{07}" }
        write(text)
    }
}
