import ArgumentParser
import OutageCore

extension OutageCal {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the notice files and regions.yaml, reporting every problem.")

        @OptionGroup var options: FeedsOptions

        func run() throws {
            let catalog = try Console.load(options.feeds, published: options.feeds)
            let windows = catalog.notices.reduce(0) { $0 + $1.windows.count }
            Console.out("OK: \(catalog.notices.count) notice(s), \(windows) window(s), \(catalog.regions.regions.count) region(s)")
        }
    }
}
