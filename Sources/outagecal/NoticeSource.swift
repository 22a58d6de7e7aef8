import Foundation
import OutageWatcher
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
        do {
            return try await PDFText.text(ofFile: path, runner: SystemProcessRunner())
        } catch PDFText.Problem.noPdftotext {
            throw Problem.noPdftotext
        } catch PDFText.Problem.failed(let why) {
            throw Problem.pdftotextFailed(why)
        }
    }
}
