import Foundation

@testable import OutageCore

/// Paths and scratch folders shared by the tests.
enum Fixtures {
    /// The tests' own catalog: regions, systems, the seed notice and one notice of each shape
    /// (a copy, so that adding a real notice to Feeds/ changes no test).
    static let feeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Catalog").path

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    static var seedNotice: String {
        (try? String(contentsOfFile: feeds + "/notices/2024-12-network-renewal.yaml", encoding: .utf8)) ?? ""
    }

    static var regions: String {
        (try? String(contentsOfFile: feeds + "/regions.yaml", encoding: .utf8)) ?? ""
    }

    static var systems: String {
        (try? String(contentsOfFile: feeds + "/systems.yaml", encoding: .utf8)) ?? ""
    }

    /// A fresh folder with regions.yaml, systems.yaml and the given notice files (name → text).
    static func folder(regions: String = Fixtures.regions, systems: String = Fixtures.systems, notices: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("notices"), withIntermediateDirectories: true)
        try regions.write(to: directory.appendingPathComponent("regions.yaml"), atomically: true, encoding: .utf8)
        try systems.write(to: directory.appendingPathComponent("systems.yaml"), atomically: true, encoding: .utf8)
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

    /// The tests' catalog with Shapes/shapes.yaml: every shape of window, for golden feeds.
    static func shapesCatalog() throws -> Catalog {
        let shapes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Shapes/shapes.yaml").path
        let directory = try folder(notices: ["shapes.yaml": try String(contentsOfFile: shapes, encoding: .utf8)])
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        guard let catalog else { throw LoadError(diagnostics: diagnostics) }
        return catalog
    }

    /// 2024-12-31T03:00:00+09:00 as an instant.
    static func jst(_ text: String) -> Date {
        if case .success(let date) = Timestamp.parseDateTime(text) { return date }
        fatalError("bad fixture time \(text)")
    }
}
