import Foundation

/// Everything Feeds/ holds as input: the regions, the systems and every notice.
public struct Catalog: Hashable, Sendable {
    public var regions: RegionMap
    public var systems: SystemRegistry
    public var notices: [Notice]
    /// Where each notice (by id) and each window (by `notice/window`) is written, for messages
    /// about them after loading.
    public var sources: [String: SourceLocation]
    /// Where Feeds/ is published (Feeds/site.yaml `base_url`), for absolute links on the page.
    public var baseURL: String?
    /// How long past and cancelled windows stay in the feeds, when Feeds/site.yaml says.
    public var keepPast: TimeInterval?
    public var keepCancelled: TimeInterval?

    public init(
        regions: RegionMap, systems: SystemRegistry, notices: [Notice], sources: [String: SourceLocation] = [:], baseURL: String? = nil,
        keepPast: TimeInterval? = nil, keepCancelled: TimeInterval? = nil
    ) {
        self.keepPast = keepPast
        self.keepCancelled = keepCancelled
        self.regions = regions
        self.systems = systems
        self.notices = notices
        self.sources = sources
        self.baseURL = baseURL
    }
}

/// A place in a notice file.
public struct SourceLocation: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}
