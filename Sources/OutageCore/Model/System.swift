/// One online system whose planned stops OutageCal announces, as Feeds/systems.yaml describes it.
///
/// Everything staff are told to do comes from here or from a notice: no text in code assumes
/// one system.
public struct System: Hashable, Sendable {
    /// Stable identifier used in notices, CATEGORIES and feed file names: `eprescription`.
    public let id: String
    /// The name staff know it by: 電子処方箋管理サービス.
    public let name: String
    /// A short name for titles that name several systems: 電子処方箋.
    public let shortName: String
    /// Who runs it: 社会保険診療報酬支払基金 …
    public let operatorName: String
    /// Its portal for clinics and pharmacies.
    public let url: String?
    /// The day the sources behind ``guidance`` were last read (systems.yaml `checked:`): what
    /// staff are told changes with the rules, so every text says when it was known to be true.
    public let checked: CivilDate
    /// What staff must do while it is down, per kind of window.
    public let guidance: [WindowKind: Guidance]

    public init(
        id: String, name: String, shortName: String, operatorName: String, url: String?, checked: CivilDate,
        guidance: [WindowKind: Guidance]
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.operatorName = operatorName
        self.url = url
        self.checked = checked
        self.guidance = guidance
    }
}

/// The systems of Feeds/systems.yaml, in file order, looked up by id.
public struct SystemRegistry: Hashable, Sendable {
    public let systems: [System]
    /// Where a system's dates are written, for messages about them after loading: `onshi/checked`
    /// and `onshi/outage/until` (a system's id, the kind of its guidance, the key).
    public let sources: [String: SourceLocation]
    private let byID: [String: System]

    public init(_ systems: [System], sources: [String: SourceLocation] = [:]) {
        self.systems = systems
        self.sources = sources
        byID = Dictionary(systems.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func system(id: String) -> System? { byID[id] }

    /// The systems with these ids, in the order given; unknown ids are left out (the loader
    /// has refused them already).
    public func systems(_ ids: [String]) -> [System] { ids.compactMap { byID[$0] } }
}
