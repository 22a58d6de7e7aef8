import CLibical
import Civil

/// Bounds what a feed's VTIMEZONEs make libical expand, before any time is read in them.
///
/// libical 3.0.16 turns each STANDARD and DAYLIGHT rule of a zone into a list of changes of
/// offset, from the rule's DTSTART to five years past the latest year asked for (at most 2582),
/// with no limit of its own: `RRULE:FREQ=SECONDLY` from 2024 (a 350-byte feed) never finished
/// and grew by 5 MB a second; `FREQ=HOURLY` from 1601 took 13 s and 353 MB. So, before libical
/// sees a zone: a rule that does not repeat yearly (the only kind a zone needs) is taken out,
/// and a yearly rule is cut to at most ``perRule`` changes, and the feed's rules to
/// ``perFeed`` changes in all. What was cut is said in the problems.
enum ZoneRules {
    /// Changes one rule may give: every year from 1601 (where Outlook starts its zones) to
    /// 2582 (where libical stops) is 982.
    static let perRule = 1_000
    /// Changes the rules of all of a feed's zones may give together.
    static let perFeed = 100_000
    /// The last year libical 3.0.16 expands a zone to (ICALTIMEZONE_MAX_YEAR).
    private static let lastYear: Int32 = 2582

    /// Bounds the rules of every VTIMEZONE in `root`'s tree; returns what was cut, in words.
    /// Calls `icalproperty_get_rrule`, `icalproperty_set_rrule`, `icalcomponent_remove_property`
    /// and libical's recurrence iterator.
    static func bound(_ root: OpaquePointer, perRule: Int = perRule, perFeed: Int = perFeed) -> [String] {
        var problems: [String] = []
        var left = perFeed
        var cut: [String] = []  // zones whose rules were cut for the feed's limit
        for zone in components(of: ICAL_VTIMEZONE_COMPONENT, in: root) {
            let tzid = icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY).flatMap { icalproperty_get_tzid($0) }
                .map { String(cString: $0) } ?? "without TZID"
            for observance in ComponentReader(zone).children() {
                let kind = icalcomponent_isa(observance)
                guard kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT else { continue }
                let name = kind == ICAL_XSTANDARD_COMPONENT ? "STANDARD" : "DAYLIGHT"
                let label = "time zone \(tzid): its \(name) rule"
                for property in ComponentReader(observance).properties(ICAL_RRULE_PROPERTY) {
                    var rule = icalproperty_get_rrule(property)
                    let dtstart = icalcomponent_get_first_property(observance, ICAL_DTSTART_PROPERTY).map { icalproperty_get_dtstart($0) }
                    var refusal: String?
                    if rule.freq != ICAL_YEARLY_RECURRENCE {
                        let frequency = icalrecur_freq_to_string(rule.freq).map { String(cString: $0) } ?? "in no known way"
                        refusal = "\(label) repeats \(frequency), but a zone's rules repeat yearly"
                    } else if ComponentReader.neverOccurs(rule) {
                        refusal = "\(label) names days that do not exist (such as 30 February)"
                    } else if let dtstart, icaltime_is_null_time(dtstart) == 0, !isReal(dtstart) {
                        refusal = "\(label) starts on a date that does not exist"
                    } else if left <= 0 {
                        // Counted once for the whole feed, below.
                        if cut.last != tzid { cut.append(tzid) }
                        remove(property, from: observance)
                        continue
                    }
                    if let refusal {
                        problems.append("\(refusal); the rule is ignored, so times in this zone may be off by an hour or more: ask the feed's publisher to correct the zone")
                        remove(property, from: observance)
                        continue
                    }
                    // libical ignores an observance without DTSTART: nothing to count.
                    guard let dtstart, icaltime_is_null_time(dtstart) == 0 else { continue }
                    let allowed = min(perRule, left)
                    let (count, lastYear) = changes(of: rule, from: dtstart, atMost: allowed + 1)
                    if count > allowed {
                        // libical counts from DTSTART too: COUNT keeps exactly the changes seen.
                        rule.count = Int32(allowed)
                        rule.until = icaltime_null_time()
                        icalproperty_set_rrule(property, rule)
                        if allowed == perRule {
                            problems.append("\(label) changes the offset more than \(perRule) times; only the first \(perRule), up to \(lastYear), are used, so later times in this zone may be off: ask the feed's publisher to correct the zone")
                        } else if cut.last != tzid {
                            cut.append(tzid)
                        }
                        left -= allowed
                    } else {
                        left -= count
                    }
                }
            }
        }
        if let first = cut.first {
            let zones = cut.count == 1 ? "time zone \(first)" : "\(cut.count) time zones (\(first) and others)"
            problems.append("the feed's time zones change their offset more than \(perFeed) times in all; the repeating rules of \(zones) are cut or ignored, so times in them may be off: ask the feed's publisher to correct its zones")
        }
        return problems
    }

    /// How many changes `rule` from `start` gives up to libical's last year, counting no further
    /// than `limit`; and the year of the last one counted.
    private static func changes(of rule: icalrecurrencetype, from start: icaltimetype, atMost limit: Int) -> (Int, Int) {
        var rule = rule
        // A UTC UNTIL is compared with local times, as libical's own expansion does after
        // moving it by TZOFFSETFROM: within a day either way, which changes no count of note.
        rule.until.zone = nil
        var start = start
        start.zone = nil
        guard let iterator = icalrecur_iterator_new(rule, start) else { return (0, Int(start.year)) }
        defer { icalrecur_iterator_free(iterator) }
        var count = 0
        var year = Int(start.year)
        while count < limit {
            let next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 || next.year > lastYear { break }
            count += 1
            year = Int(next.year)
        }
        return (count, year)
    }

    /// A date that exists and a time of day, in any year libical expands (zones written by
    /// Outlook start in 1601, before the years ``icaltimetype/isSane`` allows for events).
    private static func isReal(_ time: icaltimetype) -> Bool {
        guard (1...lastYear).contains(time.year), (1...12).contains(time.month), time.day >= 1,
            Int(time.day) <= CivilTime.daysIn(month: Int(time.month), year: Int(time.year))
        else { return false }
        return (0...23).contains(time.hour) && (0...59).contains(time.minute) && (0...60).contains(time.second)
    }

    private static func remove(_ property: OpaquePointer, from component: OpaquePointer) {
        icalcomponent_remove_property(component, property)
        icalproperty_free(property)
    }

    /// Every component of `kind` in the tree under `root`, `root` included.
    private static func components(of kind: icalcomponent_kind, in root: OpaquePointer) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var pending = [root]
        while let component = pending.popLast() {
            if icalcomponent_isa(component) == kind {
                found.append(component)
            } else {
                // Reversed onto the stack, so that zones are met in libical's order (it keeps a
                // calendar's VTIMEZONEs last first), the order its own walks take.
                pending += ComponentReader(component).children().reversed()
            }
        }
        return found
    }
}
