import Foundation

/// Loads Feeds/regions.yaml, Feeds/systems.yaml and every Feeds/notices/*.yaml, collecting every
/// diagnostic.
public struct CatalogLoader: Sendable {
    /// The folder holding regions.yaml and notices/.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The catalog, or every problem found. Warnings come back either way.
    public func load() -> (catalog: Catalog?, diagnostics: [Diagnostic]) {
        var diagnostics = Diagnostics()
        let regionsPath = join(directory, "regions.yaml")
        var regions: RegionMap?
        if let text = read(regionsPath, &diagnostics) {
            regions = RegionLoader.load(path: regionsPath, text: text, diagnostics: &diagnostics)
        }
        let systemsPath = join(directory, "systems.yaml")
        var systems: SystemRegistry?
        if let text = read(systemsPath, &diagnostics) {
            systems = SystemLoader.load(path: systemsPath, text: text, diagnostics: &diagnostics)
        }

        let noticesDirectory = join(directory, "notices")
        var notices: [Notice] = []
        var sources: [String: SourceLocation] = [:]
        // Each notice file is read on its own, on every core; what they found is gathered in file order.
        let loaded = concurrentMap(noticeFiles(noticesDirectory, &diagnostics)) { [self, regions, systems] path in
            var diagnostics = Diagnostics()
            var sources: [String: SourceLocation] = [:]
            let notice = read(path, &diagnostics).flatMap { text in
                NoticeLoader.load(path: path, text: text, regions: regions, systems: systems, diagnostics: &diagnostics, sources: &sources)
            }
            return (notice, diagnostics, sources)
        }
        for (notice, found, located) in loaded {
            diagnostics.append(contentsOf: found)
            sources.merge(located) { _, later in later }
            if let notice { notices.append(notice) }
        }
        let site = siteSettings(&diagnostics)
        let ordered = Self.ordered(diagnostics.all)
        guard !diagnostics.hasErrors, let regions, let systems else { return (nil, ordered) }
        return (Catalog(regions: regions, systems: systems, notices: notices.sorted { $0.id < $1.id }, sources: sources, baseURL: site.baseURL,
                        keepPast: site.keepPast, keepCancelled: site.keepCancelled), ordered)
    }

    /// Files in the order they were read, and within a file by line and column, as an editor lists them.
    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var fileOrder: [String: Int] = [:]
        for diagnostic in diagnostics where fileOrder[diagnostic.file] == nil {
            fileOrder[diagnostic.file] = fileOrder.count
        }
        return diagnostics.enumerated().sorted { a, b in
            (fileOrder[a.element.file]!, a.element.line, a.element.column, a.offset)
                < (fileOrder[b.element.file]!, b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    /// Feeds/site.yaml, optional: `base_url: https://…/` where Feeds/ is published, and how long
    /// past (`keep_past: 90d`) and cancelled (`keep_cancelled: 30d`) windows stay in the feeds.
    private func siteSettings(_ diagnostics: inout Diagnostics) -> (baseURL: String?, keepPast: TimeInterval?, keepCancelled: TimeInterval?) {
        let path = join(directory, "site.yaml")
        guard FileManager.default.fileExists(atPath: path), let text = read(path, &diagnostics) else { return (nil, nil, nil) }
        let file = YAMLFile(path: path, text: text, diagnostics: &diagnostics)
        guard let root = file.root,
            let fields = Fields(root, file: path, what: "site.yaml", known: ["base_url", "keep_past", "keep_cancelled"], diagnostics: &diagnostics)
        else { return (nil, nil, nil) }
        var baseURL: String?
        if let url = fields.string("base_url", required: false, example: "https://feeds.example.jp/", &diagnostics), let node = fields.value("base_url") {
            if url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") {
                baseURL = url
            } else {
                fields.error(node, "'base_url' must be the web address where Feeds/ is published", hint: "write e.g. base_url: https://feeds.example.jp/", &diagnostics)
            }
        }
        func period(_ key: String) -> TimeInterval? {
            guard let text = fields.string(key, required: false, example: "90d", &diagnostics), let node = fields.value(key) else { return nil }
            guard let seconds = FeedBuilder.Retention.period(text) else {
                fields.error(node, "'\(key)' must be a period such as 90d or 12h", hint: "write e.g. \(key): 90d", &diagnostics)
                return nil
            }
            return seconds
        }
        return (baseURL, period("keep_past"), period("keep_cancelled"))
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private func read(_ path: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            diagnostics.append(Diagnostic(.error, file: path, exists ? "cannot read the file" : "the file does not exist",
                                          hint: exists ? "check its permissions" : "run from the project folder, or pass --feeds DIR"))
            return nil
        }
        // memchr, not Data.contains: that goes byte by byte through an iterator.
        if data.withUnsafeBytes({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }) {
            diagnostics.append(Diagnostic(.error, file: path, "the file is binary, not YAML text", hint: "save notices as UTF-8 text"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic(.error, file: path, "the file is not UTF-8 text", hint: "save it as UTF-8 (not Shift_JIS)"))
            return nil
        }
        return text
    }

    private func noticeFiles(_ directory: String, _ diagnostics: inout Diagnostics) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic(.error, file: directory, "the notices folder does not exist",
                                          hint: "create it and put one <id>.yaml file per notice in it"))
            return []
        }
        for name in names where name.hasSuffix(".yml") {
            diagnostics.append(Diagnostic(.warning, file: join(directory, name), "ignored: notice files end in .yaml",
                                          hint: "rename it to \(name.dropLast(4)).yaml"))
        }
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted().map { join(directory, $0) }
    }
}

extension CatalogLoader {
    /// Loads one notice from text (a file elsewhere, or a git revision of one).
    public static func notice(path: String, text: String, regions: RegionMap, systems: SystemRegistry) -> (Notice?, [Diagnostic]) {
        var diagnostics = Diagnostics()
        var sources: [String: SourceLocation] = [:]
        let notice = NoticeLoader.load(
            path: path, text: text, regions: regions, systems: systems, diagnostics: &diagnostics, sources: &sources, checkFileName: false)
        return (notice, diagnostics.all)
    }
}
