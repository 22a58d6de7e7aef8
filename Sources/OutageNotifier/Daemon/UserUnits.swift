import Foundation
import Processes

/// What both setups do with the user's systemd manager and configuration folder: write a
/// file whole, run systemctl, and tell whether a user manager runs. Each step that fails says
/// what, and what to do, in Japanese, for the person at the PC.
public struct UserUnits: Sendable {
    public let runner: ProcessRunner

    public init(runner: ProcessRunner) {
        self.runner = runner
    }

    /// A step that could not be done: what, and what to do.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Whether a systemd user manager runs for this user (`systemctl --user is-system-running`
    /// answers something other than offline).
    public func managerRuns() async -> Bool {
        (try? await runner.run("systemctl", ["--user", "is-system-running"], environment: [:], input: nil, timeout: .seconds(10)))
            .map { !$0.stdout.isEmpty && !String(decoding: $0.stdout, as: UTF8.self).hasPrefix("offline") } ?? false
    }

    /// Writes `text` to `path` whole or not at all, creating its folder.
    public func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw Failure(description: "\(path) に書き込めません（\(error.localizedDescription)）。" +
                          (path.hasPrefix("/etc/") ? "PC 全体の設定には sudo で実行してください。" : "フォルダーの権限を確かめてください。"))
        }
    }

    public func systemctl(_ arguments: [String]) async throws {
        let output: ProcessOutput
        do {
            output = try await runner.run("systemctl", arguments, environment: [:], input: nil, timeout: .seconds(60))
        } catch {
            throw Failure(description: "systemctl \(arguments.joined(separator: " ")) を実行できません（\(error)）。")
        }
        guard output.status == 0 else {
            let said = String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "systemctl \(arguments.joined(separator: " ")) が失敗しました: \(said)")
        }
    }
}
