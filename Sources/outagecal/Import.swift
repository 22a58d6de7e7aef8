import ArgumentParser
import Foundation
import OutageCore

extension OutageCal {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a notice file from a notice letter (.txt, or .pdf through pdftotext).",
            discussion: "The draft goes to -o FILE (or standard output); what was understood, and every date not used in a window, goes to standard error.")

        @Argument(help: ArgumentHelp("The notice letter: text, or a PDF with a text layer.", valueName: "NOTICE.txt|NOTICE.pdf"))
        var notice: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the draft here (refuses to overwrite an existing file).", valueName: "FILE"))
        var output: String?

        @Option(help: ArgumentHelp("The notice id (default: year-month-system).", valueName: "ID"))
        var id: String?

        @OptionGroup var options: FeedsOptions

        func run() throws {
            let catalog = try Console.load(options.feeds)
            let text: String
            do {
                text = try NoticeSource.text(of: notice)
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
                draft = try NoticeImporter(regions: catalog.regions).importText(text, id: id)
            } catch {
                Console.printError("error: \(notice): \(error)")
                throw ExitCode.failure
            }
            for line in draft.report.understood { Console.printError("understood: \(line)") }
            for line in draft.report.notUsed { Console.printError("not used:   \(line)") }
            for line in draft.report.warnings { Console.printError("CHECK:      \(line)") }
            let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
            guard let output else {
                print(yaml, terminator: "")
                return
            }
            guard !FileManager.default.fileExists(atPath: output) else {
                Console.printError("error: \(output) exists; choose another name or remove it first")
                throw ExitCode.failure
            }
            do {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
            } catch {
                Console.printError("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            Console.printError("Wrote \(output). Check it against the letter, then run `outagecal validate`.")
        }
    }
}

/// The text of a notice file: read as UTF-8, or from a PDF with pdftotext (poppler-utils).
enum NoticeSource {
    enum Problem: Error, CustomStringConvertible {
        case unreadable(String)
        case noPdftotext
        case pdftotextFailed(String)
        case notUTF8

        var description: String {
            switch self {
            case .unreadable(let why): "cannot read the file (\(why))"
            case .noPdftotext: "reading a PDF needs pdftotext: install poppler-utils (apt install poppler-utils)"
            case .pdftotextFailed(let why): "pdftotext could not read the PDF (\(why))"
            case .notUTF8: "the file is not UTF-8 text (Shift_JIS? save it as UTF-8) nor a PDF"
            }
        }
    }

    static func text(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem.unreadable(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        if data.starts(with: Array("%PDF".utf8)) { return try pdfText(path) }
        guard let text = String(data: data, encoding: .utf8) else {
            if data.contains(0) { return "\u{0}" }  // binary: the importer says so
            throw Problem.notUTF8
        }
        return text
    }

    static func pdfText(_ path: String) throws -> String {
        let candidates = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]
        guard let tool = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else { throw Problem.noPdftotext }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", path, "-"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Problem.pdftotextFailed(message.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let text = String(decoding: data, as: UTF8.self)
        // A scanned PDF has pages but no text: only form feeds and blanks come out.
        return text
    }
}
