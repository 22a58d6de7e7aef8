import ArgumentParser
import Foundation
import OutageCore

extension OutageCal {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the iCalendar feeds (all, per region, per prefecture) from the notices.")

        @OptionGroup var options: FeedsOptions

        @Option(help: ArgumentHelp("Where to write the feeds (default: the --feeds folder).", valueName: "DIR"))
        var out: String?

        @Flag(help: "Write nothing; exit non-zero naming every feed that differs from what the notices give.")
        var check = false

        @Flag(name: .shortAndLong, help: "Print only errors.")
        var quiet = false

        @Option(name: .customLong("keep-past"), help: ArgumentHelp("Keep windows this long after they end (counted from the newest notice update); default: site.yaml's keep_past, else 90d.", valueName: "DAYS"))
        var keepPast: String?

        @Option(name: .customLong("keep-cancelled"), help: ArgumentHelp("Keep cancelled windows (as 【中止】) this long after they were cancelled; default: site.yaml's keep_cancelled, else 30d.", valueName: "DAYS"))
        var keepCancelled: String?

        func validate() throws {
            for (flag, value) in [("--keep-past", keepPast), ("--keep-cancelled", keepCancelled)] {
                guard let value, FeedBuilder.Retention.period(value) == nil else { continue }
                throw ValidationError("\(flag) '\(value)' is not a period such as 90d or 12h.")
            }
        }

        func run() throws {
            let catalog = try Console.load(options.feeds, published: out ?? options.feeds)
            let defaults = FeedBuilder.Retention()
            let retention = FeedBuilder.Retention(
                past: keepPast.flatMap(FeedBuilder.Retention.period) ?? catalog.keepPast ?? defaults.past,
                cancelled: keepCancelled.flatMap(FeedBuilder.Retention.period) ?? catalog.keepCancelled ?? defaults.cancelled)
            let publication = Publication(feeds: FeedBuilder(retention: retention))
            let writer = FeedWriter(directory: out ?? options.feeds)
            let total = FeedSet.paths(catalog).count
            if check {
                let difference: FeedWriter.Difference
                do {
                    difference = try writer.difference { emit in try publication.forEachFile(catalog, emit) }
                } catch {
                    Console.printError("error: \(error)")
                    throw ExitCode.failure
                }
                guard difference.isEmpty else {
                    for path in difference.missing { Console.printError("missing: \(writer.directory)/\(path)") }
                    for path in difference.changed { Console.printError("stale:   \(writer.directory)/\(path)") }
                    for path in difference.obsolete { Console.printError("obsolete: \(writer.directory)/\(path)") }
                    for path in difference.leftovers {
                        Console.printError("leftover: \(writer.directory)/\(path) (from an interrupted generate; `outagecal generate` removes it)")
                    }
                    Console.printError("The feeds do not match the notices. Run `outagecal generate` and commit the result.")
                    throw ExitCode.failure
                }
                if !quiet { Console.out("OK: \(total) files in \(writer.directory) match the notices") }
                return
            }
            let result: (written: [String], removed: [String], leftovers: [String])
            do {
                result = try writer.write { emit in try publication.forEachFile(catalog, emit) }
            } catch {
                Console.printError("error: \(error)")
                throw ExitCode.failure
            }
            guard !quiet else { return }
            Console.out("Wrote \(result.written.count) of \(total) files to \(writer.directory)/ (\(total - result.written.count) unchanged)")
            for path in result.removed { Console.out("Removed \(writer.directory)/\(path) (no longer generated)") }
            for path in result.leftovers { Console.out("Removed \(writer.directory)/\(path) (left by an interrupted generate)") }
            Summary.print(catalog)
        }
    }
}

/// What the feeds now hold, as a person would check it.
enum Summary {
    /// Enough to check a notice by eye; a large catalog is cut short.
    static let limit = 40

    static func print(_ catalog: Catalog) {
        var shown = 0
        for notice in catalog.notices {
            guard shown < limit else {
                let rest = catalog.notices.reduce(0) { $0 + $1.windows.count } - shown
                Console.out("\n… and \(rest) more windows")
                return
            }
            let systems = catalog.systems.systems(notice.systems).map(\.name).joined(separator: "・")
            Console.out("\n\(notice.title)（\(systems)、第\(notice.revision)版）")
            for window in notice.windows.sorted(by: { $0.start < $1.start }) {
                shown += 1
                let area = catalog.regions.names(of: window.scope)
                var flags = window.tentative ? "（予定）" : ""
                if window.backup { flags += "（予備日）" }
                if window.cancelled { flags += "【中止】" }
                let when = window.occurrences.map(\.when).joined(separator: "、")
                Console.out("  \(when)  \(area)  \(window.label)\(flags)")
            }
        }
    }
}
