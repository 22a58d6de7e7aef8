import ArgumentParser
import Foundation
import OutageCore

extension OutageCal {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the notice files, regions.yaml, systems.yaml and sources.yaml, reporting every problem.",
            discussion: """
                Errors exit 1. Warnings (a published feed that cannot be read; guidance in systems.yaml \
                not checked against its sources for \(GuidanceReview.maximumAgeDays) days, or resting on a rule \
                whose until: day has passed) are printed and exit 0.
                """)

        @OptionGroup var options: FeedsOptions

        @Option(help: ArgumentHelp("Judge the guidance's dates as on this day: 2027-06-01, or a moment such as 2027-06-01T09:00:00+09:00 (default: today in Japan).",
                                   valueName: "DATE"))
        var now: String?

        func validate() throws {
            if let now, Self.day(now) == nil {
                throw ValidationError("--now '\(now)' is not a day such as 2027-06-01 or a moment with an offset such as 2027-06-01T09:00:00+09:00.")
            }
        }

        func run() throws {
            let today = now.flatMap(Self.day) ?? JST.day(Date())
            let catalog = try Console.load(options.feeds, published: options.feeds, today: today)
            let windows = catalog.notices.reduce(0) { $0 + $1.windows.count }
            // What `outagecal watch` reads: checked here too, when there is one.
            var sources = ""
            if FileManager.default.fileExists(atPath: options.feeds + "/sources.yaml") {
                let (loaded, diagnostics) = SourceLoader.load(folder: options.feeds, systems: catalog.systems)
                for diagnostic in diagnostics { Console.printError(diagnostic.description) }
                guard let loaded else {
                    Console.printError("sources.yaml has errors. Fix them and run the command again.")
                    throw ExitCode.failure
                }
                sources = ", \(loaded.count) source(s) to watch"
            }
            Console.out("OK: \(catalog.notices.count) notice(s), \(windows) window(s), \(catalog.regions.regions.count) region(s)\(sources)")
        }

        /// The day in Japan that `text` names: a date, or the JST date of a moment.
        static func day(_ text: String) -> CivilDate? {
            if let date = CivilDate(text) { return date }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.date(from: text).map(JST.day)
        }
    }
}
