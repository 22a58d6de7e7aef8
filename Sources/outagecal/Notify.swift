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

        @Option(name: .customLong("sink"), help: ArgumentHelp("Where alerts go: desktop, terminal. Repeatable.", valueName: "SINK"))
        var sinks: [String] = ["desktop"]

        @Option(name: .customLong("exec"), help: ArgumentHelp("Also run this command per alert (alert in OUTAGECAL_* and as JSON on stdin).", valueName: "CMD"))
        var command: String?

        @Flag(help: "Raise what is due since the last run, then exit (for cron and systemd timers).")
        var once = false

        @Option(help: ArgumentHelp("Refresh feeds this often, instead of their REFRESH-INTERVAL: 30m, 6h.", valueName: "INTERVAL"))
        var refresh: String?

        @Option(help: ArgumentHelp("The state file (what was already raised).", valueName: "FILE"))
        var state: String = XDG.stateDirectory + "/state.json"

        @Option(name: .customLong("max-feed-size"), help: ArgumentHelp("Largest feed read, in MB.", valueName: "MB"))
        var maxFeedSize: Int = 10

        @Option(name: .customLong("print-unit"), help: ArgumentHelp("Print a systemd user unit or an XDG autostart entry that starts this command, then exit.", valueName: "systemd|autostart"))
        var printUnit: String?

        func validate() throws {
            for sink in sinks where NotifierSetup.Sink(rawValue: sink) == nil {
                throw ValidationError("--sink '\(sink)' is not known. Use desktop or terminal (and --exec CMD for anything else).")
            }
            if let refresh, AlertSettings.parseLeads(refresh)?.count != 1 {
                throw ValidationError("--refresh '\(refresh)' is not an interval such as 30m or 6h.")
            }
            if let printUnit, StartupUnit.Kind(rawValue: printUnit) == nil {
                throw ValidationError("--print-unit takes systemd or autostart.")
            }
            guard maxFeedSize > 0 else { throw ValidationError("--max-feed-size must be at least 1 (MB).") }
        }

        func run() async throws {
            if let printUnit, let kind = StartupUnit.Kind(rawValue: printUnit) {
                print(StartupUnit.text(kind, command: Self.startCommand()), terminator: "")
                return
            }
            let logger = Logger(label: "outagecal.notify")
            var limits = FeedFollower.Limits()
            limits.maxBytes = maxFeedSize * 1_000_000
            limits.refreshOverride = refresh.flatMap(AlertSettings.parseLeads)?.first.map(TimeInterval.init)
            let setup = NotifierSetup(
                sources: follow.sources, settings: follow.settings, sinks: sinks.compactMap(NotifierSetup.Sink.init(rawValue:)),
                command: command, statePath: state, limits: limits, now: follow.wallClock)
            let notifier = setup.notifier(logger: logger)
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
