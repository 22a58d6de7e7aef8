import Foundation
import OutageCore
import Processes

/// What `outagecal setup` does on a reception PC: checks that the prefecture's feed can be
/// fetched and read, writes the notifier's configuration, and makes the notifier start with
/// the desktop session. Each step says what it did, in Japanese, for the person at the PC.
public struct DeskSetup: Sendable {
    public let runner: ProcessRunner
    public let fetcher: FeedFetcher
    /// The folder of the user's configuration (`~/.config`): systemd user units and autostart
    /// entries go under it.
    public let configHome: String

    public init(runner: ProcessRunner, fetcher: FeedFetcher, configHome: String) {
        self.runner = runner
        self.fetcher = fetcher
        self.configHome = configHome
    }

    /// A step that could not be done: what, and what to do.
    public typealias Failure = UserUnits.Failure

    /// What the feed holds: its windows from now on.
    public struct FeedCheck: Sendable {
        public let windows: Int
        public let upcoming: [FeedWindow]
    }

    /// Fetches and reads `source`.
    public func check(_ source: FeedSource, now: Date) async throws -> FeedCheck {
        let text: String
        switch source {
        case .file(let path):
            do {
                text = try FeedFollower.readFile(path, limit: 10_000_000)
            } catch {
                throw Failure(description: "\(path) を読めません（\(error)）。フィードの公開場所を確かめてください。")
            }
        case .url(let url):
            do {
                switch try await fetcher.fetch(url, etag: nil, lastModified: nil, limit: 10_000_000, timeout: .seconds(30)) {
                case .body(let body, _, _): text = body
                case .notModified: throw Failure(description: "\(url) が空の答え（304）を返しました。サーバーの設定を確かめてください。")
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "\(url) に接続できません（\(error)）。URL とネットワークを確かめてください。")
            }
        }
        do {
            let feed = try FollowedFeed(text, from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(400 * 86_400))
            let upcoming = feed.windows.filter { ($0.end ?? $0.start) > now && !$0.cancelled }.sorted { $0.start < $1.start }
            return FeedCheck(windows: feed.windows.count, upcoming: upcoming)
        } catch {
            throw Failure(description: "\(source) はカレンダー（iCalendar）として読めません（\(error)）。URL が正しいか確かめてください。")
        }
    }

    /// Writes `config` to `path` whole or not at all, creating its folder.
    public func write(_ config: NotifyConfig, to path: String) throws {
        try write(config.yaml, to: path)
    }

    /// The unit file the Debian package installs.
    public static let packagedUnit = "/usr/lib/systemd/user/outagecal-notify.service"
    public static let unitName = "outagecal-notify.service"

    /// Makes `binary notify` start with the desktop session: the systemd user unit when a user
    /// manager runs (the packaged one, else one written to ~/.config/systemd/user), otherwise an
    /// XDG autostart entry. `allUsers`: for every user of the PC (`systemctl --global`, root).
    /// Returns what was done, a line each.
    public func enable(binary: String, allUsers: Bool) async throws -> [String] {
        var done: [String] = []
        let packaged = FileManager.default.fileExists(atPath: Self.packagedUnit)
        if allUsers {
            guard packaged else {
                throw Failure(description: "PC 全体で有効にするには Debian パッケージ（outagecal_*.deb）を入れてください。")
            }
            try await systemctl(["--global", "enable", Self.unitName])
            return ["全ユーザーのログイン時に通知ツールが起動するようにしました（systemctl --global enable \(Self.unitName)）。"]
        }
        if await units.managerRuns() {
            if !packaged {
                let path = configHome + "/systemd/user/" + Self.unitName
                try write(StartupUnit.text(.systemd, command: [binary, "notify"]), to: path)
                done.append("\(path) を作成しました。")
                try await systemctl(["--user", "daemon-reload"])
            }
            try await systemctl(["--user", "enable", "--now", Self.unitName])
            done.append("通知ツールを起動し、ログイン時に起動するようにしました（systemctl --user enable --now \(Self.unitName)）。")
            return done
        }
        let path = configHome + "/autostart/outagecal-notify.desktop"
        try write(StartupUnit.text(.autostart, command: [binary, "notify"]), to: path)
        return ["\(path) を作成しました。次のログインから通知ツールが起動します（systemd のユーザーセッションが見つからないため）。"]
    }

    private var units: UserUnits { UserUnits(runner: runner) }

    private func write(_ text: String, to path: String) throws { try units.write(text, to: path) }

    private func systemctl(_ arguments: [String]) async throws { try await units.systemctl(arguments) }
}
