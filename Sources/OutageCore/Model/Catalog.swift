/// Everything Feeds/ holds as input: the regions and every notice.
public struct Catalog: Hashable, Sendable {
    public var regions: RegionMap
    public var notices: [Notice]

    public init(regions: RegionMap, notices: [Notice]) {
        self.regions = regions
        self.notices = notices
    }
}
