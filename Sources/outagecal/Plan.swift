import ArgumentParser
import Foundation
import Logging
import OutageCore
import OutageNotifier
import Terminal

extension OutageCal {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the upcoming outage windows and their alerts, as a table or JSON.",
            aliases: ["upcoming"])

        @OptionGroup var follow: FollowOptions

        @Option(help: ArgumentHelp("The notifier's settings file, for its feeds, leads and opening hours, as notify reads it; with no --feed or --prefecture, ~/.config/outagecal/notify.yaml (else /etc/outagecal/notify.yaml). Flags override it.", valueName: "FILE"))
        var config: String?

        @Flag(help: "One JSON object per alert (time, kind, uid, summary, window_start, window_end, late, …; moved_from and reason where the desk's hours moved it).")
        var json = false

        @Option(help: ArgumentHelp("How many days ahead to show.", valueName: "DAYS"))
        var days: Int = 60

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days \(days): give a number of days from 1 to 3650.") }
        }

        func run() async throws {
            let logger = Logger(label: "outagecal.plan")
            var follow = self.follow
            var settings = follow.settings
            // The PC's own file when nothing else is named, as status does: a feed named on the
            // command line is planned as it always was, unless --config asks for a file.
            let named = !follow.feeds.isEmpty || follow.prefecture != nil
            if let path = config ?? (named ? nil : NotifyConfig.defaultPath()) {
                let file = try FollowOptions.config(at: path)
                follow.fill(from: file)
                settings = follow.settings
                settings.hours = file.hours
            }
            try follow.check()
            let now = follow.wallClock()
            var limits = FeedFollower.Limits()
            // Read as far ahead as asked, and a little more for the alerts of windows beyond it.
            limits.horizon = TimeInterval(days + 2) * 86_400
            let follower = NotifierSetup.follower(follow.sources, limits: limits, logger: logger)
            await follower.refresh(now: now, force: true)
            let windows = await follower.windows
            let state = StateStore(path: XDG.stateDirectory + "/state.json", logger: logger).load(now: now)
            let plan = AlertPlanner.plan(windows, now: now, state: state, settings: settings)
            let horizon = now.addingTimeInterval(Double(days) * 86_400)
            // What is raised, and what the desk's hours leave out, in time order.
            let listed = ((plan.due + plan.upcoming).map { ($0, false) } + plan.silenced.filter { $0.time > now }.map { ($0, true) })
                .enumerated().filter { $0.element.0.time <= horizon }
                .sorted { ($0.element.0.time, $0.offset) < ($1.element.0.time, $1.offset) }.map(\.element)
            if json {
                var out: [UInt8] = []
                out.reserveCapacity(1 << 17)
                for (alert, silenced) in listed {
                    AlertRecord(alert, silenced: silenced).appendJSON(to: &out)
                    out.append(0x0A)
                    if out.count > 1 << 16 {
                        FileHandle.standardOutput.write(Data(TerminalText.safeJSON(out)))
                        out.removeAll(keepingCapacity: true)
                    }
                }
                FileHandle.standardOutput.write(Data(TerminalText.safeJSON(out)))
                return
            }
            if windows.isEmpty {
                Console.printError("No windows in the followed feeds. Check the feed address, or that the feed holds events.")
                throw ExitCode.failure
            }
            Console.out("今: \(JST.date(now)) \(JST.time(now))（\(days)日先まで）")
            if let hours = settings.hours { Console.out(AlertListing.hoursLine(hours)) }
            // Each window once, with all of its alerts under it, windows in the order of their
            // first alert.
            var order: [String] = []
            var byWindow: [String: [(Alert, Bool)]] = [:]
            for entry in listed {
                if byWindow[entry.0.window.key] == nil { order.append(entry.0.window.key) }
                byWindow[entry.0.window.key, default: []].append(entry)
            }
            for key in order {
                let windowAlerts = byWindow[key]!
                let window = windowAlerts[0].0.window
                Console.out("\n" + window.summary)
                for line in AlertListing.windowLines(window) { Console.out("  " + line) }
                for (alert, silenced) in windowAlerts {
                    for line in AlertListing.alertLines(alert, silenced: silenced) { Console.out("  " + line) }
                }
            }
            if listed.isEmpty { Console.out("\nこの期間に通知する予定はありません。") }
        }
    }
}

/// The words `plan`'s table uses for a window and its alerts.
enum AlertListing {
    /// The window's times and what the feed says to do.
    static func windowLines(_ window: FeedWindow) -> [String] {
        var lines = [window.when + (window.backup ? "　予備日：延びた場合だけ停止" : "")]
        if let works = window.works { lines.append("使える機能：\(works)") }
        if let action = window.action {
            lines += action.split(separator: "\n").map { "対応：\($0)" }
        } else if let details = window.details {
            lines.append(details)
        }
        return lines
    }

    /// An alert's row, and where the desk's hours moved it from, and why.
    static func alertLines(_ alert: Alert, silenced: Bool) -> [String] {
        let head = "\(JST.short(alert.time))  \(label(alert.kind))  "
        if silenced { return [head + "通知なし：\(alert.move?.reason ?? "")"] }
        var lines = [head + alert.title + (alert.late ? "（遅れ）" : "")]
        if let move = alert.move {
            let from = move.from.map { "\(JST.short($0.time)) \(label($0.kind).trimmingCharacters(in: ["　"]))" }
            lines.append("  └ " + (from.isEmpty ? "" : "元は\(from.joined(separator: "・"))。") + move.reason)
        }
        return lines
    }

    /// 診療時間：月-金 9:00-18:00、土 休み …
    static func hoursLine(_ hours: OpeningHours) -> String {
        let friendly = hours.friendly
        let days = friendly.hours.map { "\($0.key) \($0.value)" }.joined(separator: "、")
        let closed = friendly.closed.isEmpty ? "" : "、休診日 " + friendly.closed.joined(separator: "・")
        return "診療時間：\(days)\(closed)（時間外に当たる通知は移します）"
    }

    /// 前日・開始前, 開始, 終了前, 終了, 変更, 中止: as wide as each other in the table.
    static func label(_ kind: AlertKind) -> String {
        switch kind {
        case .beforeStart: "開始前"
        case .start: "開始　"
        case .beforeEnd: "終了前"
        case .end: "終了　"
        case .stillOn: "停止中"
        case .changed: "変更　"
        case .cancelled: "中止　"
        case .heldBack: "保留　"
        }
    }
}
