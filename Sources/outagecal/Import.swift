import ArgumentParser
import Civil
import Foundation
import OutageCore

extension OutageCal {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a notice file from a notice letter (.txt, or .pdf through pdftotext).",
            discussion: "The draft goes to -o FILE (or standard output); what was understood, and every date not used in a window, goes to standard error.")

        @Argument(help: ArgumentHelp("The notice letter: text, or a PDF with a text layer.", valueName: "NOTICE.txt|NOTICE.pdf"))
        var notice: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the draft here (refuses to overwrite an existing file).", valueName: "FILE"))
        var output: String?

        @Option(help: ArgumentHelp("Also write a review page: the letter with each drafted window and every unused date marked, beside the draft (refuses to overwrite).", valueName: "FILE.html"))
        var review: String?

        @Option(help: ArgumentHelp("The notice id (default: year-month-system).", valueName: "ID"))
        var id: String?

        @Option(help: ArgumentHelp("The year to read dates in when the notice gives neither a year nor a weekday (default: this year).", valueName: "YEAR"))
        var year: Int?

        @OptionGroup var options: FeedsOptions

        func validate() throws {
            let years = CivilTime.supportedYears
            if let year, !years.contains(year) {
                throw ValidationError("--year \(year): give a year from \(years.lowerBound) to \(years.upperBound), such as 2027.")
            }
        }

        func run() async throws {
            let catalog = try Console.load(options.feeds)
            let text: String
            do {
                text = try await NoticeSource.text(of: notice)
            } catch {
                Console.printError("error: \(notice): \(error)")
                throw ExitCode.failure
            }
            if notice.lowercased().hasSuffix(".pdf") || text.isEmpty,
                text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0C}"))).isEmpty,
                FileManager.default.contents(atPath: notice)?.starts(with: Array("%PDF".utf8)) == true {
                Console.printError("error: \(notice): \(ImportError.noText)")
                throw ExitCode.failure
            }
            let draft: NoticeImporter.Draft
            do {
                draft = try NoticeImporter(regions: catalog.regions, systems: catalog.systems, referenceYear: year ?? JST.day(Date()).year)
                    .importText(text, id: id)
            } catch {
                // What each date was read as, so that the administrator sees why none is a stop.
                if case .noWindows(let notUsed) = error { Self.printNotUsed(notUsed) }
                Console.printError("error: \(notice): \(error)")
                throw ExitCode.failure
            }
            for line in draft.report.understood { Console.printError("understood: \(line)") }
            Self.printNotUsed(draft.report.notUsed)
            for line in draft.report.warnings { Console.printError("CHECK:      \(line)") }
            let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
            // Both files are checked before either is written: a refusal leaves nothing half done.
            // lstat: a link there, even one to nothing, is never written through.
            for path in [output, review].compactMap({ $0 }) where (try? FileManager.default.attributesOfItem(atPath: path)) != nil {
                Console.printError("error: \(path) exists; choose another name or remove it first")
                throw ExitCode.failure
            }
            if let review {
                let page: String
                do {
                    page = try ReviewPage.html(source: (notice as NSString).lastPathComponent, notice: draft.notice, report: draft.report, draft: yaml)
                } catch {
                    Console.printError("error: the review page could not be made: \(error)")
                    throw ExitCode.failure
                }
                try write(page, to: review)
                Console.printError("Wrote \(review): open it in a browser to compare the draft with the letter.")
            }
            guard let output else {
                Console.out(yaml, terminator: "", data: true)
                return
            }
            try write(yaml, to: output)
            Console.printError("Wrote \(output). Check it against the letter, then run `outagecal validate`.")
        }

        func write(_ text: String, to path: String) throws {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                Console.printError("error: cannot write \(path): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }

        /// How many dates not used are listed on the terminal; the review page shows them all.
        static let notUsedShown = 200

        /// The dates not used, the first ``notUsedShown`` of them: a long stack of letters can
        /// hold thousands, and the terminal is for reading.
        static func printNotUsed(_ lines: [String]) {
            for line in lines.prefix(notUsedShown) { Console.printError("not used:   \(line)") }
            if lines.count > notUsedShown {
                Console.printError("not used:   … and \(lines.count - notUsedShown) more (--review PAGE.html shows every one)")
            }
        }
    }
}
