import Foundation
import Testing

@Suite("outagecal import")
struct ImportCommandTests {
    typealias CLI = CommandLineTests
    static let seed = CLI.repository.appendingPathComponent("Tests/OutageCoreTests/Notices/seed-2024-12.txt").path
    static let feeds = CLI.repository.appendingPathComponent("Feeds").path

    static func scratch() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-import-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("imports the seed letter to a draft that validate accepts, with a report on stderr")
    func seed() throws {
        let folder = Self.scratch()
        try FileManager.default.createDirectory(atPath: folder + "/notices", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.feeds + "/regions.yaml", toPath: folder + "/regions.yaml")
        try FileManager.default.copyItem(atPath: Self.feeds + "/systems.yaml", toPath: folder + "/systems.yaml")
        let out = folder + "/notices/2024-12-onshi.yaml"
        let result = try CLI.run(["import", Self.seed, "-o", out, "--feeds", Self.feeds])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("understood: window west-outage: 令和6年12月31日(火)3:00~5:20 → 2024年12月31日(火) 3:00〜5:20（予定）"))
        #expect(result.stderr.contains("not used:   令和6年12月24日: date of the letter"))
        #expect(try CLI.run(["validate", "--feeds", folder]).status == 0)
        // Never overwrites.
        let again = try CLI.run(["import", Self.seed, "-o", out, "--feeds", Self.feeds])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists"))
    }

    @Test("a PDF without a text layer, an empty file and a missing file are refused clearly")
    func refused() throws {
        let folder = Self.scratch()
        // A one-page PDF with nothing on it, as a scanner without OCR would leave.
        let pdf = """
            %PDF-1.4
            1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
            2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
            3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
            trailer << /Root 1 0 R >>
            %%EOF
            """
        try pdf.write(toFile: folder + "/scan.pdf", atomically: true, encoding: .ascii)
        try "".write(toFile: folder + "/empty.txt", atomically: true, encoding: .utf8)
        for (file, message) in [("scan.pdf", "no text layer"), ("empty.txt", "empty"), ("missing.txt", "no such file")] {
            let result = try CLI.run(["import", folder + "/" + file, "--feeds", Self.feeds])
            #expect(result.status == 1, "\(file)")
            // scripts/setup installs pdftotext: the scanned PDF must reach the no-text-layer check.
            #expect(result.stderr.contains(message), "\(file): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
