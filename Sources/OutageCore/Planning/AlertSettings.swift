/// How far ahead alerts go off, and how late one may still be raised.
public struct AlertSettings: Hashable, Sendable {
    /// Leads before the start, in seconds, replacing the feed's own alarms (`--before`).
    public var beforeStart: [Int]?
    /// Leads before the end, in seconds (`--before-end`).
    public var beforeEnd: [Int]?
    /// For events that carry no alarms of their own.
    public var defaultBeforeStart: [Int]
    public var defaultBeforeEnd: [Int]
    /// An alert raised within this many seconds of its time is on time, not late.
    public var grace: Int
    /// At most this many alerts from one feed in any hour, and this many in one turn: the rest
    /// are recorded, not raised, and one alert says how many were held back. Real feeds give a
    /// few an hour (a window's before-start and start, a handful of windows at once); a feed
    /// that repeats an event every second would otherwise raise thousands.
    public var maxAlertsPerFeedPerHour = 30
    public var maxAlertsPerTurn = 20
    /// When the desk is staffed (notify.yaml `hours:`): alerts that would fall while it is
    /// closed move into its hours. nil: every alert at its own time.
    public var hours: OpeningHours?

    public init(
        beforeStart: [Int]? = nil, beforeEnd: [Int]? = nil, defaultBeforeStart: [Int] = [30 * 60],
        defaultBeforeEnd: [Int] = [10 * 60], grace: Int = 120
    ) {
        self.beforeStart = beforeStart
        self.beforeEnd = beforeEnd
        self.defaultBeforeStart = defaultBeforeStart
        self.defaultBeforeEnd = defaultBeforeEnd
        self.grace = grace
    }

    /// Parses `60m,10m`, `2h`, `1d,30m`: minutes, hours or days, comma-separated.
    public static func parseLeads(_ text: String) -> [Int]? {
        var leads: [Int] = []
        for part in text.split(separator: ",") {
            guard case .minutes(let minutes)? = AlarmLead(parsing: String(part)) else { return nil }
            leads.append(minutes * 60)
        }
        return leads.isEmpty ? nil : leads
    }
}
