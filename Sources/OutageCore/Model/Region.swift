/// A named group of prefectures that notices address as one, such as 西日本.
public struct Region: Hashable, Sendable {
    /// Stable identifier used in notices and feed file names: `west-japan`.
    public let id: String
    /// Japanese name as staff read it: 西日本.
    public let name: String
    /// English name, optional: West Japan.
    public let nameEnglish: String?
    /// Member prefectures, in JIS X 0401 order.
    public let prefectures: [Prefecture]

    public init(id: String, name: String, nameEnglish: String?, prefectures: [Prefecture]) {
        self.id = id
        self.name = name
        self.nameEnglish = nameEnglish
        self.prefectures = prefectures.sorted()
    }
}

/// The regions of Feeds/regions.yaml, looked up by id or by member prefecture.
public struct RegionMap: Hashable, Sendable {
    public let regions: [Region]
    private let byID: [String: Region]
    private let byPrefecture: [Int: String]

    public init(_ regions: [Region]) {
        self.regions = regions
        byID = Dictionary(regions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byPrefecture: [Int: String] = [:]
        for region in regions {
            for prefecture in region.prefectures where byPrefecture[prefecture.code] == nil {
                byPrefecture[prefecture.code] = region.id
            }
        }
        self.byPrefecture = byPrefecture
    }

    public func region(id: String) -> Region? { byID[id] }

    public func region(of prefecture: Prefecture) -> Region? {
        byPrefecture[prefecture.code].flatMap { byID[$0] }
    }
}

extension RegionMap {
    /// A scope in words, `・` between its items: 西日本・福岡県, or 西日本・福岡 with
    /// `shortPrefectures`.
    public func names(of scope: [ScopeItem], shortPrefectures: Bool = false) -> String {
        scope.map { item -> String in
            switch item {
            case .nationwide: "全国"
            case .region(let id): region(id: id)?.name ?? id
            case .prefecture(let prefecture): shortPrefectures ? prefecture.shortName : prefecture.name
            }
        }.joined(separator: "・")
    }
}
