/// What an OutageCal feed carries beyond plain iCalendar, written and read back in this one
/// place: the UID format and the X-OUTAGECAL-* properties tools such as the notifier read.
public enum FeedContract {
    /// `outage`, `partial`, `intermittent`.
    public static let kind = "X-OUTAGECAL-KIND"
    /// The scope in words: 西日本, 全国, 福岡・佐賀.
    public static let area = "X-OUTAGECAL-AREA"
    /// The ids of the systems that stop, comma-separated: `jpki,onshi`.
    public static let systems = "X-OUTAGECAL-SYSTEM"
    /// What staff must do, one short line per system.
    public static let action = "X-OUTAGECAL-ACTION"
    /// For a partial window: the functions that stop, and those that still work.
    public static let stops = "X-OUTAGECAL-STOPS"
    public static let works = "X-OUTAGECAL-WORKS"
    /// `TRUE` on a backup day (予備日): the stop happens only if the work overruns.
    public static let backup = "X-OUTAGECAL-BACKUP"
    /// `TRUE` when the end is not known (再開未定): the event's end is not a time to announce.
    public static let openEnd = "X-OUTAGECAL-OPEN-END"

    static let uidSuffix = "@outagecal"

    /// Who publishes the events: a published calendar (METHOD:PUBLISH) names its organizer
    /// (RFC 5546 §3.2.1; libical's iTIP check, which Evolution applies, refuses an event
    /// without one). No one answers at this address: the events are announcements, not
    /// invitations.
    public static let organizer = (name: "OutageCal", address: "mailto:noreply@outagecal.invalid")

    /// `<notice>.<window>@outagecal` for a window's first event, `<notice>.<window>.<n>@outagecal`
    /// for its n-th date (n ≥ 2), so that adding a date never changes an existing UID.
    public static func uid(notice: String, window: String, occurrence index: Int) -> String {
        index == 0 ? "\(notice).\(window)\(uidSuffix)" : "\(notice).\(window).\(index + 1)\(uidSuffix)"
    }

    /// The notice id, window id and occurrence index of an OutageCal UID; nil for anyone else's.
    public static func parseUID(_ uid: String) -> (notice: String, window: String, occurrence: Int)? {
        guard uid.hasSuffix(uidSuffix) else { return nil }
        // Ids are [a-z0-9-], so dots separate the parts.
        let parts = uid.dropLast(uidSuffix.count).split(separator: ".", omittingEmptySubsequences: false)
        switch parts.count {
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            return (String(parts[0]), String(parts[1]), 0)
        case 3 where !parts[0].isEmpty && !parts[1].isEmpty:
            guard let number = Int(parts[2]), number >= 2 else { return nil }
            return (String(parts[0]), String(parts[1]), number - 1)
        default:
            return nil
        }
    }

    /// The value of a boolean property.
    public static let yes = "TRUE"

    /// What an event is and whom it concerns, as its X- properties carry it: a change in any of
    /// these needs a new revision (``RevisionRules``). Its action and wording may change freely.
    public static func facts(kind: String, systems: [String], area: String, backup: Bool) -> [String: String] {
        var facts = [Self.kind: kind, Self.systems: systems.joined(separator: ","), Self.area: area]
        if backup { facts[Self.backup] = yes }
        return facts
    }

    /// The facts ``facts(kind:systems:area:backup:)`` names, read back from an event's X- properties.
    static func facts(in extensions: [String: String]) -> [String: String] {
        extensions.filter { [kind, systems, area, backup].contains($0.key) }
    }

    /// A fact's name in a message: kind, systems, area, backup status.
    static func factName(_ property: String) -> String {
        switch property {
        case kind: "kind"
        case systems: "systems"
        case area: "area"
        case backup: "backup status"
        default: property
        }
    }
}
