import Foundation
import Processes

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

    static func text(of path: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem.unreadable(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        if data.starts(with: Array("%PDF".utf8)) { return try await pdfText(path) }
        guard let text = String(data: data, encoding: .utf8) else {
            if data.contains(0) { return "\u{0}" }  // binary: the importer says so
            throw Problem.notUTF8
        }
        return text
    }

    static func pdfText(_ path: String) async throws -> String {
        let candidates = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]
        guard let tool = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else { throw Problem.noPdftotext }
        let output = try await SystemProcessRunner().run(tool, ["-enc", "UTF-8", path, "-"], environment: [:], input: nil, timeout: .seconds(300))
        guard output.status == 0 else {
            throw Problem.pdftotextFailed(String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let text = String(decoding: output.stdout, as: UTF8.self)
        // A scanned PDF has pages but no text: only form feeds and blanks come out.
        return text
    }
}
