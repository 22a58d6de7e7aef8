import Foundation
import OutageNotifier
import Processes

/// What `outagecal setup --admin` does on the administrator's machine: names the Feeds folder
/// to watch in ~/.config/outagecal/watch.env and starts the systemd user timer that runs
/// `outagecal watch --once` every 30 minutes. Each step says what it did.
public struct WatchSetup: Sendable {
    public let runner: ProcessRunner
    /// `~/.config`.
    public let configHome: String

    public init(runner: ProcessRunner, configHome: String) {
        self.runner = runner
        self.configHome = configHome
    }

    public typealias Failure = UserUnits.Failure

    public static let packagedTimer = "/usr/lib/systemd/user/outagecal-watch.timer"
    public static let timerName = "outagecal-watch.timer"
    public static let serviceName = "outagecal-watch.service"

    public var environmentPath: String { configHome + "/outagecal/watch.env" }

    /// The environment file the units read: the Feeds folder, quoted as systemd reads it.
    public static func environment(feeds: String) -> String {
        let quoted = feeds.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "# Written by `outagecal setup --admin`: the Feeds folder outagecal-watch.service reads.\nOUTAGECAL_FEEDS=\"\(quoted)\"\n"
    }

    /// The units, for a machine without the Debian package: `binary` in place of /usr/bin/outagecal.
    public static func units(binary: String) -> (service: String, timer: String) {
        let service = """
            # ~/.config/systemd/user/outagecal-watch.service, written by `outagecal setup --admin`.
            [Unit]
            Description=OutageCal: read the operators' pages and the association's mail for new notices
            After=network-online.target
            ConditionPathExists=%E/outagecal/watch.env

            [Service]
            Type=oneshot
            EnvironmentFile=%E/outagecal/watch.env
            ExecStart=\(StartupUnit.systemdQuote(binary)) watch --once --desktop --feeds ${OUTAGECAL_FEEDS}
            TimeoutStartSec=30min

            """
        let timer = """
            # ~/.config/systemd/user/outagecal-watch.timer, written by `outagecal setup --admin`.
            [Unit]
            Description=OutageCal: read for new notices every 30 minutes

            [Timer]
            OnCalendar=*:0/30
            RandomizedDelaySec=120
            Persistent=true

            [Install]
            WantedBy=timers.target

            """
        return (service, timer)
    }

    /// Writes watch.env naming `feeds` (an absolute path); with `enable`, starts the timer.
    /// Returns what was done, a line each.
    public func apply(feeds: String, binary: String, enable: Bool) async throws -> [String] {
        var done: [String] = []
        try UserUnits(runner: runner).write(Self.environment(feeds: feeds), to: environmentPath)
        done.append("\(environmentPath) に監視する Feeds フォルダー（\(feeds)）を書きました。")
        guard enable else { return done }
        let units = UserUnits(runner: runner)
        guard await units.managerRuns() else {
            throw Failure(description: "systemd のユーザーセッションが見つかりません。cron で動かすには crontab -e で次の行を加えてください: "
                          + "*/30 * * * * \(binary) watch --once --feeds \(feeds)")
        }
        if !FileManager.default.fileExists(atPath: Self.packagedTimer) {
            let (service, timer) = Self.units(binary: binary)
            for (name, text) in [(Self.serviceName, service), (Self.timerName, timer)] {
                let path = configHome + "/systemd/user/" + name
                try units.write(text, to: path)
                done.append("\(path) を作成しました。")
            }
            try await units.systemctl(["--user", "daemon-reload"])
        }
        try await units.systemctl(["--user", "enable", "--now", Self.timerName])
        done.append("30 分ごとに outagecal watch --once が動くようにしました（systemctl --user enable --now \(Self.timerName)）。")
        return done
    }
}
