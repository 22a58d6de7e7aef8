import ArgumentParser
import Foundation
import Logging
import OutageCore
import OutageNotifier

extension OutageCal {
    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alert staff before each outage window begins and ends (desktop, terminal, or a command).",
            discussion: "Runs until stopped (SIGTERM, Ctrl-C); SIGHUP reloads the feeds. With --once, raises what is due and exits.")

        @OptionGroup var follow: FollowOptions

        @Option(help: ArgumentHelp("Read the settings from this file instead of ~/.config/outagecal/notify.yaml or /etc/outagecal/notify.yaml (which `outagecal setup` writes). Flags override it.", valueName: "FILE"))
        var config: String?

        @Option(name: .customLong("sink"), help: ArgumentHelp("Where alerts go: desktop, terminal. Repeatable. Default: desktop.", valueName: "SINK"))
        var sinks: [String] = []

        @Option(name: .customLong("exec"), help: ArgumentHelp("Also run this command per alert (alert in OUTAGECAL_* and as JSON on stdin).", valueName: "CMD"))
        var command: String?

        @Flag(help: "Raise what is due since the last run, then exit (for cron and systemd timers).")
        var once = false

        @Flag(name: .customLong("if-configured"), help: "Exit quietly (0) when this PC is not set up yet: no configuration file and no feed given (for the login autostart entry).")
        var ifConfigured = false

        @Option(help: ArgumentHelp("Refresh feeds this often, instead of their REFRESH-INTERVAL: 30m, 6h.", valueName: "INTERVAL"))
        var refresh: String?

        @Option(help: ArgumentHelp("The state file (what was already raised). Default: ~/.local/state/outagecal/state.json.", valueName: "FILE"))
        var state: String?

        @Option(name: .customLong("max-feed-size"), help: ArgumentHelp("Largest feed read, in MB.", valueName: "MB"))
        var maxFeedSize: Int = 10

        /// The largest `--max-feed-size`: a feed is read whole into memory.
        static let largestFeedMB = 1024

        @Option(name: .customLong("print-unit"), help: ArgumentHelp("Print a systemd user unit or an XDG autostart entry that starts this command, then exit.", valueName: "systemd|autostart"))
        var printUnit: String?

        func validate() throws {
            try Self.check(sinks: sinks, refresh: refresh)
            if let printUnit, StartupUnit.Kind(rawValue: printUnit) == nil {
                throw ValidationError("--print-unit takes systemd or autostart.")
            }
            // Bounded so that the bytes it stands for are a number, and a feed that size fits in memory.
            guard (1...Self.largestFeedMB).contains(maxFeedSize) else {
                throw ValidationError("--max-feed-size \(maxFeedSize): give a size in MB from 1 to \(Self.largestFeedMB).")
            }
        }

        static func check(sinks: [String], refresh: String?, from: String? = nil) throws {
            let also = from.map { " (in \($0))" } ?? ""
            for sink in sinks where NotifierSetup.Sink(rawValue: sink) == nil {
                throw ValidationError("--sink '\(sink)'\(also) is not known. Use desktop or terminal (and --exec CMD for anything else).")
            }
            if let refresh, AlertSettings.parseLeads(refresh)?.count != 1 {
                throw ValidationError("--refresh '\(refresh)'\(also) is not an interval such as 30m or 6h.")
            }
        }

        /// The configuration file's settings, under the command line's.
        func settings() throws -> (
            follow: FollowOptions, sinks: [String], command: String?, refresh: String?, state: String, hours: OpeningHours?
        ) {
            let path = config ?? NotifyConfig.defaultPath()
            let file = try path.map(FollowOptions.config(at:)) ?? NotifyConfig()
            var follow = self.follow
            follow.fill(from: file)
            try follow.check(from: path ?? XDG.configDirectory + "/notify.yaml")
            let sinks = sinks.isEmpty ? file.sinks ?? ["desktop"] : sinks
            let refresh = refresh ?? file.refresh
            try Self.check(sinks: sinks, refresh: refresh, from: path)
            return (follow, sinks, command ?? file.exec, refresh, state ?? file.state ?? XDG.stateDirectory + "/state.json", file.hours)
        }

        /// The daemon, not a one-off run or a printed unit.
        var runsUntilStopped: Bool { !once && printUnit == nil }

        func run() async throws {
            if let printUnit, let kind = StartupUnit.Kind(rawValue: printUnit) {
                Console.out(StartupUnit.text(kind, command: Self.startCommand()), terminator: "")
                return
            }
            if ifConfigured && config == nil && NotifyConfig.defaultPath() == nil && follow.feeds.isEmpty && follow.prefecture == nil {
                Console.out("outagecal notify: this PC is not set up yet (no notify.yaml); run `outagecal setup`.")
                return
            }
            let (follow, sinks, command, refresh, state, hours) = try settings()
            var alerts = follow.settings
            alerts.hours = hours
            let logger = Logger(label: "outagecal.notify")
            var limits = FeedFollower.Limits()
            limits.maxBytes = maxFeedSize * 1_000_000
            limits.refreshOverride = refresh.flatMap(AlertSettings.parseLeads)?.first.map(TimeInterval.init)
            let setup = NotifierSetup(
                sources: follow.sources, settings: alerts, sinks: sinks.compactMap(NotifierSetup.Sink.init(rawValue:)),
                command: command, statePath: state, limits: limits, now: follow.wallClock)
            let notifier = setup.notifier(logger: logger, actions: !once)
            if once {
                await notifier.step(now: setup.now())
                // Alerts were raised, but the next run would raise them again: cron and systemd
                // must see a failure, and the person reading their mail what to fix.
                if let problem = await notifier.stateProblem {
                    Console.printError("outagecal notify: \(problem)")
                    throw ExitCode.failure
                }
            } else {
                try await setup.runDaemon(notifier, logger: logger)
            }
        }

        /// This command line without --print-unit, with absolute paths (a unit does not start
        /// in the folder the command was typed in).
        static func startCommand() -> [String] {
            var result = [absolute(CommandLine.arguments[0])]
            var arguments = CommandLine.arguments.dropFirst().makeIterator()
            while let argument = arguments.next() {
                if argument == "--print-unit" { _ = arguments.next(); continue }
                if argument.hasPrefix("--print-unit=") { continue }
                result.append(argument)
                if ["--feed", "--base", "--state"].contains(argument), let value = arguments.next() {
                    result.append(value.contains("://") ? value : absolute(value))
                }
            }
            return result
        }

        static func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.path
        }
    }
}
