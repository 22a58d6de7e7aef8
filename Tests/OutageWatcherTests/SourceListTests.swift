import Foundation
import OutageCore
import Testing

/// Feeds/sources.yaml: the bundled one loads; each mistake is said at its line, with the fix.
@Suite struct SourceListTests {
    static let repoFeeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Feeds").path

    static func systems() throws -> SystemRegistry {
        let (catalog, _) = CatalogLoader(directory: WatcherTests.catalogFolder).load()
        return try #require(catalog).systems
    }

    @Test("the bundled sources.yaml loads: the operators' pages, each with its systems")
    func bundled() throws {
        let (catalog, _) = CatalogLoader(directory: Self.repoFeeds).load()
        let (sources, diagnostics) = SourceLoader.load(folder: Self.repoFeeds, systems: try #require(catalog).systems)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(sources)
        #expect(loaded.count >= 4)
        #expect(loaded.allSatisfy { if case .web(let url, _) = $0.location { url.scheme == "https" } else { false } })
    }

    @Test("mistakes, each at its line with a hint", arguments: [
        ("sources:\n  - {id: a, name: x, systems: [onshi]}\n", "has neither 'url' nor 'mail'"),
        ("sources:\n  - {id: a, name: x, url: https://a.jp/, mail: /m, systems: [onshi]}\n", "has both 'url' and 'mail'"),
        ("sources:\n  - {id: a, name: x, url: ftp://a.jp/, systems: [onshi]}\n", "must be a web address"),
        ("sources:\n  - {id: a, name: x, url: https://a.jp/, shape: rss, systems: [onshi]}\n", "'shape' in source 'a' must be one of"),
        ("sources:\n  - {id: a, name: x, url: https://a.jp/, systems: [onsi]}\n", "did you mean 'onshi'?"),
        ("sources:\n  - {id: a, name: x, url: https://a.jp/, systms: [onshi]}\n", "unknown key 'systms'"),
        ("sources:\n  - {id: a, name: x, url: https://a.jp/, systems: [onshi]}\n  - {id: a, name: y, url: https://b.jp/, systems: [onshi]}\n", "used twice"),
        ("sources: []\n", "lists no source"),
        ("sources:\n  - {id: a, name: x, mail: /m, shape: feed, systems: [onshi]}\n", "'shape' is for web sources"),
    ])
    func mistakes(text: String, said: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-sources-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/sources.yaml", atomically: true, encoding: .utf8)
        let (sources, diagnostics) = SourceLoader.load(folder: folder, systems: try Self.systems())
        #expect(sources == nil)
        let found = try #require(diagnostics.first { $0.description.contains(said) })
        #expect(found.line > 0 && found.hint != nil)
    }

    @Test("a missing sources.yaml: said so, with where to start")
    func missing() throws {
        let (sources, diagnostics) = SourceLoader.load(folder: "/nonexistent", systems: try Self.systems())
        #expect(sources == nil)
        #expect(diagnostics.first?.description.contains("no such file") == true)
    }

    @Test("relevance: a word of stopping, and one of the source's words where it has some")
    func relevance() {
        let source = WatchSource(id: "a", name: "a", location: .mail(folder: "/m"), systems: ["onshi"], words: ["オンライン資格確認"])
        #expect(source.isRelevant("オンライン資格確認等システムの計画停止について"))
        #expect(!source.isRelevant("電子申請システムの計画停止について"))
        #expect(!source.isRelevant("オンライン資格確認の研修会"))
    }
}
