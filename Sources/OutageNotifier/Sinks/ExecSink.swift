import Foundation
import OutageCore
import Processes

/// Runs an administrator's command for each alert (chat, speech, a signage screen), with the
/// alert in OUTAGECAL_* environment variables and as JSON on standard input. The command is
/// the administrator's own, so it goes through /bin/sh; feed text reaches it only as data.
public struct ExecSink: AlertSink {
    public var name: String { "--exec command" }
    let command: String
    let runner: ProcessRunner

    public init(command: String, runner: ProcessRunner) {
        self.command = command
        self.runner = runner
    }

    public enum Failure: Error, CustomStringConvertible {
        case exit(Int32)

        public var description: String {
            switch self { case .exit(let status): "the command exited with status \(status)" }
        }
    }

    public static func environment(_ alert: Alert) -> [String: String] {
        let record = AlertRecord(alert)
        var environment = [
            "OUTAGECAL_TIME": record.time, "OUTAGECAL_KIND": record.kind, "OUTAGECAL_UID": record.uid,
            "OUTAGECAL_SUMMARY": record.summary, "OUTAGECAL_WINDOW_START": record.window_start,
            "OUTAGECAL_WINDOW_END": record.window_end ?? "", "OUTAGECAL_LATE": record.late ? "1" : "0",
            "OUTAGECAL_TITLE": record.title, "OUTAGECAL_BODY": record.body, "OUTAGECAL_URGENCY": record.urgency,
        ]
        // Only where the desk's hours moved it (notify.yaml `hours:`).
        if let reason = record.reason { environment["OUTAGECAL_REASON"] = reason }
        return environment
    }

    public func deliver(_ alert: Alert) async throws {
        try await Self.run(command, environment: Self.environment(alert), input: Data(AlertRecord(alert).jsonLine.utf8), runner: runner)
    }

    /// Runs an administrator's command through /bin/sh, with what it is told of in
    /// `environment` and as `input`: within a minute, and an error unless it exits 0. The
    /// watcher's messages to the administrator (`watch --exec`) run the same way.
    public static func run(_ command: String, environment: [String: String], input: Data, runner: ProcessRunner) async throws {
        let output = try await runner.run("/bin/sh", ["-c", command], environment: environment, input: input, timeout: .seconds(60))
        guard output.status == 0 else { throw Failure.exit(output.status) }
    }
}
