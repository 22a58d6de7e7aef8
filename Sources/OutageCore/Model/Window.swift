import Foundation

/// What happens during a window, in the notice's own terms.
public enum WindowKind: String, Hashable, Sendable, CaseIterable, Comparable {
    /// The system cannot be used for the whole window.
    case outage
    /// Only some functions stop (`affects` says which, and what still works).
    case partial
    /// Short drops that recur through the window.
    case intermittent

    /// How a window of this kind is named when the notice gives no wording of its own.
    public var label: String {
        switch self {
        case .outage: "停止"
        case .partial: "一部停止"
        case .intermittent: "断続的な通信断"
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

/// When a window happens: a timed span whose end may not be known yet, or whole days.
public enum WindowTiming: Hashable, Sendable {
    /// From `start` to `end`; `end` is nil when the notice says 再開未定 (open end).
    case timed(start: Date, end: Date?)
    /// Whole days in Japan time (終日), one or several separate dates: 5月5日・8月17日.
    case days([CivilDate])
}

/// What a partial window stops, and what keeps working, in the notice's words.
public struct Affects: Hashable, Sendable {
    /// 薬剤情報の閲覧
    public var stops: [String]
    /// オンライン資格確認
    public var works: [String]

    public init(stops: [String], works: [String] = []) {
        self.stops = stops
        self.works = works
    }
}

/// A period during which one or more systems are down or unreliable somewhere.
public struct Window: Hashable, Sendable {
    /// Unique within its notice; with the notice id it makes the event's UID.
    public var id: String
    public var kind: WindowKind
    /// The notice's own name for it (長時間の通信断); the kind's label when nil.
    public var wording: String?
    /// The systems it stops, narrowing the notice's; nil means all of the notice's.
    public var systems: [String]?
    public var scope: [ScopeItem]
    public var timing: WindowTiming
    /// The notice says 予定: the times may still change.
    public var tentative: Bool
    /// Called off after it was announced.
    public var cancelled: Bool
    /// 予備日: used only if the work overruns, so it may not happen at all.
    public var backup: Bool
    /// For a partial window: what stops and what still works.
    public var affects: Affects?
    /// What staff must do in this window, overriding the notice's and the systems'.
    public var guidance: Guidance?

    public init(
        id: String, kind: WindowKind, wording: String? = nil, systems: [String]? = nil, scope: [ScopeItem],
        timing: WindowTiming, tentative: Bool = false, cancelled: Bool = false, backup: Bool = false,
        affects: Affects? = nil, guidance: Guidance? = nil
    ) {
        self.id = id
        self.kind = kind
        self.wording = wording
        self.systems = systems
        self.scope = scope
        self.timing = timing
        self.tentative = tentative
        self.cancelled = cancelled
        self.backup = backup
        self.affects = affects
        self.guidance = guidance
    }

    /// A timed window with a known end.
    public init(
        id: String, kind: WindowKind, wording: String? = nil, scope: [ScopeItem], start: Date, end: Date,
        tentative: Bool = false, cancelled: Bool = false
    ) {
        self.init(id: id, kind: kind, wording: wording, scope: scope, timing: .timed(start: start, end: end),
                  tentative: tentative, cancelled: cancelled)
    }

    /// The name staff read: the notice's wording, else the kind's label.
    public var label: String { wording ?? kind.label }

    /// The end is not known yet (再開未定).
    public var isOpenEnded: Bool {
        if case .timed(_, nil) = timing { return true }
        return false
    }

    /// Each calendar event this window becomes, in time order: one for a timed window, one per
    /// date for an all-day one.
    public var occurrences: [Occurrence] {
        switch timing {
        case .timed(let start, let end):
            return [Occurrence(index: 0, start: start, end: end, day: nil)]
        case .days(let days):
            return days.sorted().enumerated().map { index, day in
                Occurrence(index: index, start: JST.midnight(day), end: JST.midnight(day.next), day: day)
            }
        }
    }

    /// When the first occurrence starts.
    public var start: Date { occurrences.first?.start ?? .distantPast }

    /// When the last occurrence ends; nil when that end is not known.
    public var end: Date? {
        guard let last = occurrences.last else { return nil }
        return last.end
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

    /// One calendar event of a window.
    public struct Occurrence: Hashable, Sendable {
        /// 0 for the first; the UID of any later one carries its number.
        public var index: Int
        public var start: Date
        /// nil: the end is not known (再開未定).
        public var end: Date?
        /// The date of an all-day occurrence; nil for a timed one.
        public var day: CivilDate?

        public var isAllDay: Bool { day != nil }

        /// 2024年12月31日(火) 3:00〜5:20, 2025年5月5日(月) 終日, 2025年3月1日(土) 22:00〜（終了未定）.
        public var when: String {
            if let day { return "\(JST.date(JST.midnight(day))) 終日" }
            guard let end else { return "\(JST.date(start)) \(JST.time(start))〜（終了未定）" }
            return JST.range(start, end)
        }
    }
}
