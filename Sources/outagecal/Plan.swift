import ArgumentParser
import Foundation
import Logging
import OutageCore
import OutageNotifier

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

        func run() async throws {
            let logger = Logger(label: "outagecal.plan")
            let now = follow.wallClock()
            let follower = NotifierSetup.follower(follow.sources, logger: logger)
            await follower.refresh(now: now, force: true)
            let windows = await follower.windows
            let state = StateStore(path: XDG.stateDirectory + "/state.json", logger: logger).load(now: now)
            let plan = AlertPlanner.plan(windows, now: now, state: state, settings: follow.settings)
            let horizon = now.addingTimeInterval(Double(days) * 86_400)
            let alerts = (plan.due + plan.upcoming).filter { $0.time <= horizon }
            if json {
                for alert in alerts {
                    print(String(decoding: try AlertRecord.encoder.encode(AlertRecord(alert)), as: UTF8.self))
                }
                return
            }
            if windows.isEmpty {
                Console.printError("No windows in the followed feeds. Check the feed address, or that the feed holds events.")
                throw ExitCode.failure
            }
            print("今: \(JST.date(now)) \(JST.time(now))（\(days)日先まで）")
            var shown = Set<String>()
            for alert in alerts {
                if shown.insert(alert.window.key).inserted {
                    print("\n\(alert.window.summary)\n  \(JST.range(alert.window.start, alert.window.end))  対応：\(alert.window.action)")
                }
                let late = alert.late ? "（遅れ）" : ""
                print("  \(JST.short(alert.time))  \(alert.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(alert.title)\(late)")
            }
            if alerts.isEmpty { print("\nこの期間に通知する予定はありません。") }
        }
    }
}
