import ArgumentParser
import Foundation
import Logging

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
        subcommands: [Generate.self, Validate.self, Import.self, Diff.self, Notify.self, Plan.self, Serve.self, Setup.self]
    )

    /// ArgumentParser's own entry point, after every log record is sent through
    /// ``SafeLogHandler``.
    static func main() async {
        LoggingSystem.bootstrap({ label, provider in SafeLogHandler(label: label, metadataProvider: provider) }, metadataProvider: nil)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser's messages quote what was typed (a feed address, a path): they are
            // printed as every other message is.
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Where the notice files are: shared by every subcommand that reads them.
struct FeedsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding regions.yaml and notices/.", valueName: "DIR"))
    var feeds: String = "Feeds"
}
