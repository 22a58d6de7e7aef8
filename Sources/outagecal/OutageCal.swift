import ArgumentParser
import Foundation
import Logging
import OutageNotifier

@main
struct OutageCal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outagecal",
        abstract: "Turns planned-outage notices into calendar feeds, alerts and a subscription page.",
        discussion: """
            Notices live in Feeds/notices/*.yaml and regions in Feeds/regions.yaml. \
            `outagecal validate` checks them; `outagecal generate` writes the feeds.
            """,
        version: "1.0.0",
        subcommands: [Generate.self, Validate.self, Import.self, Diff.self, Notify.self, Plan.self, Status.self, Serve.self, Setup.self, Watch.self, InboxCommand.self, Accept.self]
    )

    /// ArgumentParser's own entry point, after every log record is sent through
    /// ``SafeLogHandler``.
    static func main() async {
        LoggingSystem.bootstrap({ label, provider in SafeLogHandler(label: label, metadataProvider: provider) }, metadataProvider: nil)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            finish(error, in: self)
        }
        // The notifier daemon's tasks run on SwiftNIO's event loops, so that it sleeps when idle:
        // set here, on the main actor, before the first task leaves it (see DaemonExecutor).
        if let notify = command as? Notify, notify.runsUntilStopped { DaemonExecutor.install() }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            finish(error, in: self)
        }
    }

    /// Prints what ArgumentParser says of `error` as every other message is printed: it quotes
    /// what was typed, a feed address or a path.
    static func finish(_ error: any Error, in command: any ParsableCommand.Type) -> Never {
        let code = command.exitCode(for: error)
        let message = command.fullMessage(for: error)
        if !message.isEmpty {
            if code == .success { Console.out(message) } else { Console.printError(message) }
        }
        Foundation.exit(code.rawValue)
    }
}

/// Where the notice files are: shared by every subcommand that reads them.
struct FeedsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding regions.yaml and notices/.", valueName: "DIR"))
    var feeds: String = "Feeds"
}
