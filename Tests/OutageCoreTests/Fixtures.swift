import Foundation

@testable import OutageCore

/// Paths and scratch folders shared by the tests.
enum Fixtures {
    /// The repository's own Feeds/ folder, holding the seed notice.
    static let feeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Feeds").path

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    static var seedNotice: String {
        (try? String(contentsOfFile: feeds + "/notices/2024-12-network-renewal.yaml", encoding: .utf8)) ?? ""
    }

    static var regions: String {
        (try? String(contentsOfFile: feeds + "/regions.yaml", encoding: .utf8)) ?? ""
    }

    /// A fresh folder with regions.yaml and the given notice files (name → text).
    static func folder(regions: String = Fixtures.regions, notices: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("notices"), withIntermediateDirectories: true)
        try regions.write(to: directory.appendingPathComponent("regions.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in notices {
            try text.write(to: directory.appendingPathComponent("notices/\(name)"), atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    /// Loads a folder holding the seed notice with `edit` applied to its text.
    static func loadSeed(editing edit: (String) -> String) throws -> (Catalog?, [Diagnostic]) {
        let directory = try folder(notices: ["2024-12-network-renewal.yaml": edit(seedNotice)])
        return CatalogLoader(directory: directory).load()
    }

    static func seedCatalog() throws -> Catalog {
        let (catalog, diagnostics) = CatalogLoader(directory: feeds).load()
        guard let catalog else { throw LoadError(diagnostics: diagnostics) }
        return catalog
    }

    /// 2024-12-31T03:00:00+09:00 as an instant.
    static func jst(_ text: String) -> Date {
        if case .success(let date) = Timestamp.parseDateTime(text) { return date }
        fatalError("bad fixture time \(text)")
    }
}
