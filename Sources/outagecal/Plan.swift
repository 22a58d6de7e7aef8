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

        @Flag(help: "One JSON object per alert (time, kind, uid, summary, window_start, window_end, late, …).")
        var json = false

        @Option(help: ArgumentHelp("How many days ahead to show.", valueName: "DAYS"))
        var days: Int = 60

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days \(days): give a number of days from 1 to 3650.") }
        }

        func run() async throws {
            let logger = Logger(label: "outagecal.plan")
            try follow.check()
            let now = follow.wallClock()
            var limits = FeedFollower.Limits()
            // Read as far ahead as asked, and a little more for the alerts of windows beyond it.
            limits.horizon = TimeInterval(days + 2) * 86_400
            let follower = NotifierSetup.follower(follow.sources, limits: limits, logger: logger)
            await follower.refresh(now: now, force: true)
            let windows = await follower.windows
            let state = StateStore(path: XDG.stateDirectory + "/state.json", logger: logger).load(now: now)
            let plan = AlertPlanner.plan(windows, now: now, state: state, settings: follow.settings)
            let horizon = now.addingTimeInterval(Double(days) * 86_400)
            let alerts = (plan.due + plan.upcoming).filter { $0.time <= horizon }
            if json {
                var out: [UInt8] = []
                out.reserveCapacity(1 << 17)
                for alert in alerts {
                    AlertRecord(alert).appendJSON(to: &out)
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
            // Each window once, with all of its alerts under it, windows in the order of their
            // first alert.
            var order: [String] = []
            var byWindow: [String: [Alert]] = [:]
            for alert in alerts {
                if byWindow[alert.window.key] == nil { order.append(alert.window.key) }
                byWindow[alert.window.key, default: []].append(alert)
            }
            for key in order {
                let windowAlerts = byWindow[key]!
                let window = windowAlerts[0].window
                Console.out("\n" + window.summary)
                for line in AlertListing.windowLines(window) { Console.out("  " + line) }
                for alert in windowAlerts {
                    let late = alert.late ? "（遅れ）" : ""
                    Console.out("  \(JST.short(alert.time))  \(AlertListing.label(alert.kind))  \(alert.title)\(late)")
                }
            }
            if alerts.isEmpty { Console.out("\nこの期間に通知する予定はありません。") }
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

    /// 前日・開始前, 開始, 終了前, 終了, 変更, 中止: as wide as each other in the table.
    static func label(_ kind: AlertKind) -> String {
        switch kind {
        case .beforeStart: "開始前"
        case .start: "開始　"
        case .beforeEnd: "終了前"
        case .end: "終了　"
        case .changed: "変更　"
        case .cancelled: "中止　"
        case .heldBack: "保留　"
        }
    }
}
