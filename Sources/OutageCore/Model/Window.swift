import Foundation

/// What happens during a window, in the notice's own terms.
public enum WindowKind: String, Hashable, Sendable, CaseIterable, Comparable {
    /// 長時間の通信断: the system is unusable for the whole window.
    case outage
    /// 数分間の通信断: drops of a few minutes that recur through the window.
    case intermittent

    /// The notice's wording, as staff read it.
    public var label: String {
        switch self {
        case .outage: "長時間の通信断"
        case .intermittent: "数分間の通信断"
        }
    }

    public static func < (lhs: WindowKind, rhs: WindowKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One entry of a window's `scope`.
public enum ScopeItem: Hashable, Sendable {
    case nationwide
    case region(String)
    case prefecture(Prefecture)
}

/// A period during which a system is down or unreliable somewhere.
public struct Window: Hashable, Sendable {
    /// Unique within its notice; with the notice id it makes the event's UID.
    public var id: String
    public var kind: WindowKind
    public var scope: [ScopeItem]
    public var start: Date
    public var end: Date
    /// The notice says 予定: the times may still change.
    public var tentative: Bool
    /// Called off after it was announced.
    public var cancelled: Bool

    public init(
        id: String, kind: WindowKind, scope: [ScopeItem], start: Date, end: Date,
        tentative: Bool = false, cancelled: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.scope = scope
        self.start = start
        self.end = end
        self.tentative = tentative
        self.cancelled = cancelled
    }

    /// The prefectures this window touches.
    public func prefectures(in regions: RegionMap) -> Set<Prefecture> {
        var result = Set<Prefecture>()
        for item in scope {
            switch item {
            case .nationwide: return Set(Prefecture.all)
            case .region(let id): result.formUnion(regions.region(id: id)?.prefectures ?? [])
            case .prefecture(let prefecture): result.insert(prefecture)
            }
        }
        return result
    }
}
