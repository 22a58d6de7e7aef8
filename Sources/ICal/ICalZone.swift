/// A fixed-offset time zone as written into feeds: a TZID and a compact VTIMEZONE with a single
/// STANDARD rule. Used instead of libical's builtin zones, whose TZIDs carry the
/// `/freeassociation.sourceforge.net/` prefix and whose Asia/Tokyo has historical rules
/// (+09:18:59, 1948–51 summer time) that some parsers reject.
public struct ICalZone: Hashable, Sendable {
    public let tzid: String
    public let offsetSeconds: Int
    public let abbreviation: String

    public init(tzid: String, offsetSeconds: Int, abbreviation: String) {
        self.tzid = tzid
        self.offsetSeconds = offsetSeconds
        self.abbreviation = abbreviation
    }

}
