import ArgumentParser
import Foundation
import Logging
import OutageCore
import OutageNotifier
import Terminal

extension OutageCal {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What is stopped now, what to do, and what comes next (for the desk).",
            discussion: """
                Follows the feeds this PC is set up for (notify.yaml), or those named with --feed or \
                --prefecture as plan does. Exit status: 0 nothing is stopped; 2 a stop (or a backup \
                day) is in effect; 3 nothing known stopped, but a feed has not been read for 24 hours \
                or could not be read (the answer may be old); 1 anything else that went wrong.
                """,
            aliases: ["now"])

        @OptionGroup var follow: FollowOptions

        @Option(help: ArgumentHelp("The notifier's settings file (default: ~/.config/outagecal/notify.yaml).", valueName: "FILE"))
        var config: String?

        @Flag(help: "One JSON object: now, condition (clear, in-effect, stale), in_effect, next, feeds.")
        var json = false

        func run() async throws {
            var follow = self.follow
            if follow.feeds.isEmpty && follow.prefecture == nil, let path = config ?? NotifyConfig.defaultPath() {
                follow.fill(from: try FollowOptions.config(at: path))
            }
            try follow.check()
            let logger = Logger(label: "outagecal.status")
            let now = follow.wallClock()
            let follower = NotifierSetup.follower(follow.sources, logger: logger)
            await follower.refresh(now: now, force: true)
            let status = DeskStatus(windows: await follower.windows, feeds: await follower.health, now: now)
            if json {
                FileHandle.standardOutput.write(Data(TerminalText.safeJSON([UInt8](status.json()) + [0x0A])))
            } else {
                for line in status.lines { Console.out(line) }
            }
            if status.condition != .clear { throw ExitCode(status.condition.exitCode) }
        }
    }
}
