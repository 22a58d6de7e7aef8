import ArgumentParser

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
}

/// Where the notice files are: shared by every subcommand that reads them.
struct FeedsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding regions.yaml and notices/.", valueName: "DIR"))
    var feeds: String = "Feeds"
}
