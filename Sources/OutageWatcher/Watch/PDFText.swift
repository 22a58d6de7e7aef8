import Foundation
import Processes

/// The words of a PDF letter, through pdftotext (poppler-utils).
public enum PDFText {
    public enum Problem: Error, CustomStringConvertible {
        case noPdftotext
        case failed(String)
        case noText

        public var description: String {
            switch self {
            case .noPdftotext: "reading a PDF needs pdftotext: install poppler-utils (apt install poppler-utils)"
            case .failed(let why): "pdftotext could not read the PDF (\(why))"
            case .noText: "the PDF has no text layer (a scanned image?); read it and write the notice by hand"
            }
        }
    }

    static let tools = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]

    /// The text of the PDF at `path`.
    public static func text(ofFile path: String, runner: ProcessRunner) async throws -> String {
        guard let tool = tools.first(where: FileManager.default.isExecutableFile(atPath:)) else { throw Problem.noPdftotext }
        let output = try await runner.run(tool, ["-enc", "UTF-8", path, "-"], environment: [:], input: nil, timeout: .seconds(300))
        guard output.status == 0 else {
            throw Problem.failed(String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// The text of a PDF held in memory (a mail's attachment, a downloaded letter): written to a
    /// private temporary file for pdftotext, removed after.
    public static func text(of bytes: [UInt8], runner: ProcessRunner) async throws -> String {
        var template = Array((NSTemporaryDirectory() + "/outagecal-letter-XXXXXX.pdf").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else { throw Problem.failed("cannot make a temporary file: \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let written = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 { if errno == EINTR { continue }; return false }
                offset += count
            }
            return true
        }
        close(descriptor)
        guard written else { throw Problem.failed("cannot write a temporary file") }
        let text = try await text(ofFile: path, runner: runner)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0C}"))).isEmpty else { throw Problem.noText }
        return text
    }
}
