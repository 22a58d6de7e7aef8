import ArgumentParser
import Foundation
import OutageCore
import OutageWatcher
import Processes

extension OutageCal {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the operators' pages and the association's mail (Feeds/sources.yaml) for new notices, and draft each into Feeds/inbox.",
            discussion: """
                Each new or changed article or mail that speaks of a stop becomes a draft (notice.yaml and review.html) in Feeds/inbox, \
                and the administrator is told once. Nothing is published until `outagecal accept`. \
                Exits non-zero only when every source failed. Without --once, reads again every --every until stopped.
                """)

        @OptionGroup var options: FeedsOptions

        @Flag(help: "Read every source once, then exit (for a systemd timer or cron).")
        var once = false

        @Option(help: ArgumentHelp("Without --once: how long to wait between runs: 30m, 1h.", valueName: "INTERVAL"))
        var every: String = "30m"

        @Flag(help: "Also tell of each new draft with a desktop notification whose 確認する opens its review page.")
        var desktop = false

        @Option(name: .customLong("exec"), help: ArgumentHelp("Also run this command per new draft (the draft as JSON on stdin and in OUTAGECAL_DRAFT_*): a mail sender, a chat hook.", valueName: "CMD"))
        var command: String?

        @Option(help: ArgumentHelp("Give up on a page, feed or PDF after this many seconds.", valueName: "SECONDS"))
        var timeout: Int = 60

        @Option(name: .customLong("max-page-size"), help: ArgumentHelp("Largest page, feed or PDF read, in MB.", valueName: "MB"))
        var maxPageSize: Int = 10

        func validate() throws {
            guard (1...3600).contains(timeout) else { throw ValidationError("--timeout \(timeout): give 1 to 3600 seconds.") }
            guard (1...1024).contains(maxPageSize) else { throw ValidationError("--max-page-size \(maxPageSize): give 1 to 1024 MB.") }
            guard Self.interval(every) != nil else { throw ValidationError("--every '\(every)' is not a period such as 30m or 1h (at least 1m).") }
        }

        static func interval(_ text: String) -> Duration? {
            guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
            switch unit {
            case "m": return .seconds(number * 60)
            case "h": return .seconds(number * 3600)
            default: return nil
            }
        }

        func run() async throws {
            let runner = SystemProcessRunner()
            var messengers: [DraftMessenger] = [TerminalMessenger(write: { Console.out($0, terminator: "") })]
            if desktop { messengers.append(DesktopMessenger(runner: runner)) }
            if let command { messengers.append(CommandMessenger(command: command, runner: runner)) }
            while true {
                let failed = try await runOnce(runner: runner, messengers: messengers)
                if once {
                    if failed { throw ExitCode.failure }
                    return
                }
                try await Task.sleep(for: Self.interval(every)!)
            }
        }

        /// One run: whether every source failed.
        func runOnce(runner: ProcessRunner, messengers: [DraftMessenger]) async throws -> Bool {
            // Read afresh each run: an accepted notice, an edited sources.yaml.
            let catalog = try Console.load(options.feeds)
            let (sources, diagnostics) = SourceLoader.load(folder: options.feeds, systems: catalog.systems)
            for diagnostic in diagnostics { Console.printError(diagnostic.description) }
            guard let sources else {
                Console.printError("sources.yaml has errors; nothing was read. Fix them and run the command again.")
                throw ExitCode.failure
            }
            let watcher = Watcher(settings: Watcher.Settings(feeds: options.feeds, catalog: catalog, sources: sources),
                                  fetcher: HTTPPageFetcher(limit: maxPageSize << 20, timeout: .seconds(timeout)), runner: runner, messengers: messengers, now: { Date() })
            let report: Watcher.Report
            do {
                report = try await watcher.run()
            } catch {
                Console.printError("error: \(error)")
                throw ExitCode.failure
            }
            for warning in report.warnings { Console.printError("warning: \(warning)") }
            for result in report.results {
                if let failure = result.failure {
                    Console.printError("\(result.source.id): FAILED: \(failure)")
                }
                for line in result.lines { Console.out("\(result.source.id): \(line)") }
            }
            let waiting = Inbox(feeds: options.feeds).entries().count
            Console.out("\(report.drafts.count) new draft(s); \(waiting) waiting in \(options.feeds)/inbox (`outagecal inbox` lists them).")
            if report.allFailed { Console.printError("error: every source failed; see above.") }
            return report.allFailed
        }
    }

    struct InboxCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inbox",
            abstract: "List the drafts waiting in Feeds/inbox, oldest first; --dismiss one that is not to be published.")

        @OptionGroup var options: FeedsOptions

        @Option(help: ArgumentHelp("Take this draft out of the inbox without publishing it (the article stays read: it is drafted again only if it changes).", valueName: "DRAFT"))
        var dismiss: String?

        func run() throws {
            let inbox = Inbox(feeds: options.feeds)
            if let dismiss {
                do {
                    let entry = try inbox.entry(dismiss)
                    try inbox.remove(entry)
                    Console.out("Dismissed \(entry.record.id) (\(entry.record.title)); nothing was published.")
                } catch {
                    Console.printError("error: \(error)")
                    throw ExitCode.failure
                }
                return
            }
            let entries = inbox.entries()
            guard !entries.isEmpty else {
                Console.out("The inbox is empty: nothing waits to be accepted.")
                return
            }
            for entry in entries {
                let record = entry.record
                let kind = switch record.kind {
                case .new: "新規"
                case .revision: "変更"
                case .nothingFound: "停止なし"
                }
                Console.out("\(record.id)  【\(kind)】\(record.title)")
                Console.out("    \(record.sourceName)" + (record.url.map { "  \($0)" } ?? "") + (record.mail.map { "  \($0)" } ?? ""))
                if let part = record.part { Console.out("    part: \(part)") }
                for line in record.changes { Console.out("    \(line)") }
                if record.kind == .nothingFound {
                    Console.out("    read, no stop found. If it does announce one, write it by hand; then `outagecal inbox --dismiss \(record.id)`")
                } else {
                    Console.out("    review: \(entry.reviewPath)")
                    Console.out("    outagecal accept \(record.id)    (or edit \(entry.noticePath) first)")
                }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a draft from Feeds/inbox: validate it, move it into Feeds/notices (or apply the revision), regenerate the feeds, and say what changed for subscribers.")

        @Argument(help: ArgumentHelp("The draft's id, as `outagecal inbox` lists it (or its folder).", valueName: "DRAFT"))
        var draft: String

        @OptionGroup var options: FeedsOptions

        func run() throws {
            let inbox = Inbox(feeds: options.feeds)
            let entry: Inbox.Entry
            do {
                entry = try inbox.entry(draft)
            } catch {
                Console.printError("error: \(error)")
                throw ExitCode.failure
            }
            guard entry.record.kind != .nothingFound, let noticeID = entry.record.noticeID else {
                Console.printError("error: \(entry.record.id) is an article in which no stop was found: there is nothing to publish. Write the notice by hand if it announces one, then `outagecal inbox --dismiss \(entry.record.id)`.")
                throw ExitCode.failure
            }
            guard let text = try? String(contentsOfFile: entry.noticePath, encoding: .utf8) else {
                Console.printError("error: cannot read \(entry.noticePath); run `outagecal watch --once` again, or write the notice by hand")
                throw ExitCode.failure
            }
            let before = try Console.load(options.feeds)
            // The draft as it stands now: the administrator may have edited it.
            let (checked, found) = CatalogLoader.notice(path: entry.noticePath, text: text, regions: before.regions, systems: before.systems)
            for diagnostic in found { Console.printError(diagnostic.description) }
            guard let notice = checked, !found.contains(where: { $0.severity == .error }) else {
                Console.printError("The draft has errors; nothing was published. Edit \(entry.noticePath) and run `outagecal accept \(entry.record.id)` again.")
                throw ExitCode.failure
            }
            let previous = before.notices.first { $0.id == notice.id }
            if entry.record.kind == .new, previous != nil {
                Console.printError("error: Feeds/notices already holds a notice '\(notice.id)'; give the draft another id in \(entry.noticePath), or accept it as a revision by raising its revision above the published one.")
                throw ExitCode.failure
            }
            if notice.id != noticeID, entry.record.kind == .revision {
                Console.printError("note: the draft's id was changed from \(noticeID) to \(notice.id) by hand; it is published under \(notice.id).")
            }
            let target = "\(options.feeds)/notices/\(notice.id).yaml"
            let old: [UInt8]?
            do {
                old = try Inbox.place(text, at: target)
            } catch {
                Console.printError("error: cannot write \(target): \(error); nothing was published")
                throw ExitCode.failure
            }
            // Generate checks every notice against the published feed (a revision must be
            // higher, a published window cancelled rather than removed) and writes nothing on error.
            do {
                let generate = try Generate.parse(["--feeds", options.feeds, "--quiet"])
                try generate.run()
            } catch {
                // Put back what was there: nothing published, nothing half done.
                Inbox.restore(old, at: target)
                Console.printError("The draft was not accepted; Feeds/notices is as it was. Edit \(entry.noticePath) and run `outagecal accept \(entry.record.id)` again.")
                throw ExitCode.failure
            }
            do {
                try inbox.remove(entry)
            } catch {
                Console.printError("warning: published, but the draft could not be taken out of the inbox (\(error)); `outagecal inbox --dismiss \(entry.record.id)`")
            }
            let lines = NoticeDiff.changes(from: previous.map { [$0] } ?? [], to: [notice], regions: before.regions, systems: before.systems)
            Console.out("Accepted \(entry.record.id) as \(target); the feeds are regenerated.")
            Console.out("What subscribers will see:")
            for line in lines.isEmpty ? ["購読者に見える変更はありません。"] : lines { Console.out("  \(line)") }
            Console.out("Publish Feeds/ as usual (commit and push, or copy to the web host).")
        }
    }
}
