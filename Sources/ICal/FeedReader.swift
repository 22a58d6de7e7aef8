import CLibical
import Foundation
import Civil

/// What a calendar says about itself.
public struct ICalCalendarInfo: Hashable, Sendable {
    /// NAME or X-WR-CALNAME.
    public var name: String?
    /// X-WR-TIMEZONE: the zone floating times are read in.
    public var timeZoneID: String?
    /// REFRESH-INTERVAL or X-PUBLISHED-TTL, in seconds.
    public var refreshInterval: Int?
}

/// One occurrence of a VEVENT: a single event, or one instance of a recurring one, with
/// everything resolved to instants.
public struct ICalOccurrence: Hashable, Sendable {
    public var uid: String
    /// For an instance of a recurring event: its original start (RECURRENCE-ID). nil otherwise.
    public var recurrenceID: Date?
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    public var summary: String
    public var description: String
    public var url: String?
    public var categories: [String]
    public var status: EventStatus?
    public var sequence: Int
    public var alarms: [ICalAlarm]
    /// X- properties, by upper-case name (X-OUTAGECAL-KIND …).
    public var extensions: [String: String]
}

/// Reads any RFC 5545 feed, not only OutageCal's: TZID, UTC and floating times, DTEND or
/// DURATION, RRULE/RDATE/EXDATE and RECURRENCE-ID overrides, VALARMs, STATUS, SEQUENCE.
public enum ICalFeedReader {
    /// What was read, and what was not (an event without DTSTART …), in words.
    public struct Result: Sendable {
        public var info: ICalCalendarInfo
        public var occurrences: [ICalOccurrence]
        public var problems: [String]
    }

    /// Reads the occurrences that overlap `from…to`. At most `limit` occurrences are expanded per
    /// recurring event, and at most `feedLimit` repeats (`feedLimit` × 10 steps of libical's
    /// iterator) in the whole feed, so that many rules such as FREQ=SECONDLY cannot exhaust time
    /// or memory together; what was cut is said in `problems`.
    /// Floating times (no zone, no X-WR-TIMEZONE this layer knows) are read at `floatingOffset`
    /// seconds east of UTC: the caller knows where its feeds come from.
    /// `texts: false` leaves out what an event says to people (summary, description, URL,
    /// categories, alarms), for a caller that compares times and states only.
    public static func read(
        _ text: String, from: Date, to: Date, floatingOffset: Int, limit: Int = 5000, feedLimit: Int = 20_000, texts: Bool = true
    ) throws(ICalError) -> Result {
        try read(text, from: from, to: to, floatingOffset: floatingOffset, limit: limit, feedLimit: feedLimit, texts: texts, eventByEvent: true)
    }

    /// ``read(_:from:to:floatingOffset:limit:feedLimit:)``; `eventByEvent: false` parses the text
    /// whole even where it could be cut into events (the tests compare the two).
    static func read(
        _ text: String, from: Date, to: Date, floatingOffset: Int, limit: Int = 5000, feedLimit: Int = 20_000, texts: Bool = true,
        eventByEvent: Bool
    ) throws(ICalError) -> Result {
        // Event by event where the text allows it (CalendarSplit), else the whole text at once.
        let split = eventByEvent ? CalendarSplit(text) : nil
        return try read(split: split, whole: { () throws(ICalError) -> String in text }, from: from, to: to, floatingOffset: floatingOffset, limit: limit, feedLimit: feedLimit, texts: texts)
    }

    /// ``read(_:from:to:floatingOffset:limit:feedLimit:texts:)`` for the calendar in the file at
    /// `path`. A calendar of the plain shape (one VCALENDAR with its VEVENTs directly inside) is
    /// read a piece at a time and then event by event, so that a large feed never stands in
    /// memory whole, as text or as a tree; any other shape is read whole.
    public static func read(
        contentsOf path: String, from: Date, to: Date, floatingOffset: Int, limit: Int = 5000, feedLimit: Int = 20_000, texts: Bool = true
    ) throws(ICalError) -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let split = CalendarSplit(file: descriptor, path: path)
        return try read(split: split, whole: { () throws(ICalError) -> String in
            var bytes: [UInt8] = []
            var piece = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                guard let count = piece.withUnsafeMutableBytes({ FileBytes.read(descriptor, into: $0, at: bytes.count) }) else {
                    throw ICalError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if count == 0 { break }
                bytes += piece[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }, from: from, to: to, floatingOffset: floatingOffset, limit: limit, feedLimit: feedLimit, texts: texts)
    }

    /// Reads `split`'s events one by one inside its skeleton, or, without a split, the text
    /// `whole` gives, parsed at once.
    private static func read(
        split: CalendarSplit?, whole: () throws(ICalError) -> String, from: Date, to: Date, floatingOffset: Int, limit: Int, feedLimit: Int,
        texts: Bool
    ) throws(ICalError) -> Result {
        let text: String
        if let split { text = split.skeleton } else { text = try whole() }
        let root = try ICalComponent.parseCalendar(text)
        // Before any time is read in them: libical expands a zone's rules without limit.
        let zoneProblems = ZoneRules.bound(root.handle)
        var failure: ICalError?
        let result = root.read { calendar in
            var info = ICalCalendarInfo()
            info.name = calendar.text(.name) ?? calendar.x("X-WR-CALNAME")
            info.timeZoneID = calendar.x("X-WR-TIMEZONE")
            info.refreshInterval = calendar.refreshInterval
            let floating = FloatingZone(id: info.timeZoneID, fallbackOffset: floatingOffset)
            var problems = zoneProblems
            var masters: [(EventFields, [ICalDateTime])] = []
            var overrides: [String: [Date: EventFields]] = [:]
            var budget = RecurrenceBudget(occurrences: feedLimit, steps: feedLimit * 10)
            func visit(_ event: borrowing ComponentReader) {
                guard var fields = EventFields(event, floating: floating, problems: &problems) else { return }
                // An event that neither repeats nor replaces a repeat, and lies outside the
                // period, is done with before its texts are read.
                if fields.recurrenceID == nil && !event.repeats && !fields.overlaps(from, to) { return }
                fields.readState(event)
                if texts { fields.readTexts(event) }
                if let recurrenceID = fields.recurrenceID {
                    overrides[fields.uid, default: [:]][recurrenceID] = fields
                } else {
                    masters.append((fields, event.recurrences(of: fields, floating: floating, from: from, to: to, limit: limit, budget: &budget, problems: &problems)))
                }
            }
            if let split {
                do throws(ICalError) { try split.forEachEvent(in: root.handle, visit) } catch { failure = error }
            } else {
                calendar.forEachChild(.event, visit)
            }
            var occurrences: [ICalOccurrence] = []
            for (fields, starts) in masters {
                let replaced = overrides[fields.uid] ?? [:]
                if starts.isEmpty {
                    if fields.overlaps(from, to) { occurrences.append(fields.occurrence(start: fields.start, recurrenceID: nil)) }
                    continue
                }
                for start in starts where replaced[start.instant] == nil {
                    let occurrence = fields.occurrence(start: start.instant, recurrenceID: start.instant)
                    if occurrence.end > from && occurrence.start < to { occurrences.append(occurrence) }
                }
            }
            for (_, instances) in overrides {
                for (recurrenceID, fields) in instances where fields.overlaps(from, to) {
                    occurrences.append(fields.occurrence(start: fields.start, recurrenceID: recurrenceID))
                }
            }
            occurrences.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
            if let first = budget.firstCut {
                problems.append("the feed's recurring events repeat more than \(feedLimit) times in all (or take too long to expand); from event \(first) on, only first occurrences are used: ask the feed's publisher for shorter rules")
            }
            return Result(info: info, occurrences: occurrences, problems: problems)
        }
        if let failure { throw failure }
        return result
    }
}

/// What one feed may spend on expanding its recurring events, all events together.
struct RecurrenceBudget {
    var occurrences: Int
    var steps: Int
    /// The first event whose repeats were cut for want of budget.
    var firstCut: String?

    var isSpent: Bool { occurrences <= 0 || steps <= 0 }

    /// One more call of libical's iterator; false when none is left.
    mutating func step() -> Bool {
        steps -= 1
        return steps >= 0
    }

    /// One more occurrence kept; false when none is left.
    mutating func take() -> Bool {
        occurrences -= 1
        return occurrences >= 0
    }
}

/// Floating times are read in the feed's X-WR-TIMEZONE, else at the offset the caller gives.
struct FloatingZone {
    let zone: OpaquePointer?
    let fallbackOffset: Int

    init(id: String?, fallbackOffset: Int) {
        zone = id.flatMap { icaltimezone_get_builtin_timezone($0) }
        self.fallbackOffset = fallbackOffset
    }

    /// `instant` as a local time in the zone of `reference` (or floating, like it).
    func time(_ instant: Date, like reference: icaltimetype) -> icaltimetype {
        let seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        if let zone = reference.zone ?? self.zone {
            var time = icaltime_from_timet_with_zone(seconds, 0, zone)
            time.zone = reference.zone
            return time
        }
        return icaltimetype(floating: CivilTime(instant, offsetSeconds: fallbackOffset))
    }

    func instant(_ time: icaltimetype) -> Date {
        if let zone { return ZoneTime.instant(time, in: zone) }
        let civil = CivilTime(year: Int(time.year), month: Int(time.month), day: Int(time.day),
                              hour: time.is_date != 0 ? 0 : Int(time.hour), minute: time.is_date != 0 ? 0 : Int(time.minute),
                              second: time.is_date != 0 ? 0 : Int(time.second))
        return civil.instant(offsetSeconds: fallbackOffset)
    }
}

/// The fields of one VEVENT, read once.
struct EventFields {
    var uid: String
    var start: Date
    var startTime: icaltimetype
    var duration: TimeInterval
    var isAllDay: Bool
    var recurrenceID: Date?
    var summary = ""
    var description = ""
    var url: String?
    var categories: [String] = []
    var status: EventStatus?
    var sequence = 0
    var alarms: [ICalAlarm] = []
    var extensions: [String: String] = [:]

    init?(_ event: borrowing ComponentReader, floating: FloatingZone, problems: inout [String]) {
        let uid = event.text(.uid) ?? ""
        let label = uid.isEmpty ? "an event without UID" : "event \(uid)"
        guard let startProperty = event.properties(ICAL_DTSTART_PROPERTY).first else {
            problems.append("\(label) has no DTSTART; it was left out")
            return nil
        }
        let startTime = icalproperty_get_datetime_with_component(startProperty, event.handle)
        guard icaltime_is_null_time(startTime) == 0, icaltime_is_valid_time(startTime) != 0, startTime.isSane else {
            problems.append("\(label) has an unreadable DTSTART; it was left out")
            return nil
        }
        self.uid = uid.isEmpty ? "no-uid-\(startTime.year)\(startTime.month)\(startTime.day)\(startTime.hour)\(startTime.minute)" : uid
        self.startTime = startTime
        start = event.instant(startTime, floating: floating)
        isAllDay = startTime.is_date != 0
        if let endProperty = event.properties(ICAL_DTEND_PROPERTY).first {
            let endTime = icalproperty_get_datetime_with_component(endProperty, event.handle)
            let end = icaltime_is_null_time(endTime) == 0 && endTime.isSane ? event.instant(endTime, floating: floating) : start
            duration = max(0, end.timeIntervalSince(start))
        } else if let durationProperty = event.properties(ICAL_DURATION_PROPERTY).first {
            duration = max(0, TimeInterval(icaldurationtype_as_int(icalproperty_get_duration(durationProperty))))
        } else {
            duration = isAllDay ? 86_400 : 0
        }
        if let recurrenceProperty = event.properties(ICAL_RECURRENCEID_PROPERTY).first {
            let time = icalproperty_get_datetime_with_component(recurrenceProperty, event.handle)
            recurrenceID = icaltime_is_null_time(time) == 0 && time.isSane ? event.instant(time, floating: floating) : nil
        }
    }

    /// Reads the event's status, sequence and X- properties (``init(_:floating:problems:)``
    /// reads only its times).
    mutating func readState(_ event: borrowing ComponentReader) {
        status = event.status
        sequence = event.sequence
        extensions = event.extensions
    }

    /// Reads what the event says to people: its texts and alarms.
    mutating func readTexts(_ event: borrowing ComponentReader) {
        summary = event.text(.summary) ?? ""
        description = event.text(.description) ?? ""
        url = event.uri(.url)
        categories = event.texts(.categories).flatMap { $0.split(separator: ",").map { String($0) } }
        alarms = event.alarms
    }

    func overlaps(_ from: Date, _ to: Date) -> Bool {
        start.addingTimeInterval(duration) > from && start < to || (duration == 0 && start >= from && start < to)
    }

    func occurrence(start: Date, recurrenceID: Date?) -> ICalOccurrence {
        ICalOccurrence(
            uid: uid, recurrenceID: recurrenceID, start: start, end: start.addingTimeInterval(duration), isAllDay: isAllDay,
            summary: summary, description: description, url: url, categories: categories, status: status,
            sequence: sequence, alarms: alarms, extensions: extensions)
    }
}

extension ComponentReader {
    func instant(_ time: icaltimetype, floating: FloatingZone) -> Date {
        if let zone = time.zone { return ZoneTime.instant(time, in: zone) }
        return floating.instant(time)
    }

    /// REFRESH-INTERVAL, else X-PUBLISHED-TTL, in seconds. Calls `icalproperty_get_refreshinterval`
    /// and `icaldurationtype_from_string`.
    var refreshInterval: Int? {
        if let property = properties(ICAL_REFRESHINTERVAL_PROPERTY).first {
            let seconds = Int(icaldurationtype_as_int(icalproperty_get_refreshinterval(property)))
            if seconds > 0 { return seconds }
        }
        guard let ttl = x("X-PUBLISHED-TTL") else { return nil }
        let seconds = Int(icaldurationtype_as_int(icaldurationtype_from_string(ttl)))
        return seconds > 0 ? seconds : nil
    }

    /// X- properties by upper-case name; the first of each name wins.
    var extensions: [String: String] {
        var result: [String: String] = [:]
        for property in properties(ICAL_X_PROPERTY) {
            guard let name = icalproperty_get_x_name(property).map({ String(cString: $0).uppercased() }),
                result[name] == nil, let value = icalproperty_get_value(property)
            else { continue }
            result[name] = (icalvalue_isa(value) == ICAL_TEXT_VALUE ? icalvalue_get_text(value) : icalvalue_get_x(value))
                .map { String(cString: $0) } ?? ""
        }
        return result
    }

    /// Start times of every instance from RRULE and RDATE, less EXDATE, up to `to`; empty when the
    /// event does not recur. Calls `icalrecur_iterator_new`, `icalrecur_iterator_next`,
    /// `icalproperty_get_rdate` and `icalproperty_get_exdate`.
    func recurrences(
        of fields: EventFields, floating: FloatingZone, from: Date, to: Date, limit: Int, budget: inout RecurrenceBudget,
        problems: inout [String]
    ) -> [ICalDateTime] {
        let rules = properties(ICAL_RRULE_PROPERTY)
        let rdates = properties(ICAL_RDATE_PROPERTY)
        guard !rules.isEmpty || !rdates.isEmpty else { return [] }
        guard !budget.isSpent else {
            if budget.firstCut == nil { budget.firstCut = fields.uid }
            return []
        }
        var starts: [Date] = [fields.start]
        var truncated = false
        // Repeats are found in wall-clock time, without the zone, and each is then read in the
        // zone (ZoneTime): given a zone, libical 3.0.16's iterator moves a repeat that falls in a
        // spring-forward gap by an hour and keeps it moved the next day (02:30 daily gave 03:30
        // on the day after the change, an hour late).
        let startZone = fields.startTime.zone
        var wallStart = fields.startTime
        wallStart.zone = nil
        for rule in rules {
            var recurrence = icalproperty_get_rrule(rule)
            if startZone != nil, icaltime_is_null_time(recurrence.until) == 0, recurrence.until.is_date == 0, icaltime_is_utc(recurrence.until) != 0 {
                // A UTC UNTIL is compared with wall-clock repeats: as the zone's wall clock.
                let until = Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet(recurrence.until)))
                recurrence.until = floating.time(until, like: fields.startTime)
                recurrence.until.zone = nil
            }
            if let reason = Self.unsafeRule(recurrence, allDay: fields.isAllDay) {
                problems.append("event \(fields.uid): \(reason); only its first occurrence is used")
                continue
            }
            guard recurrence.freq != ICAL_NO_RECURRENCE, let iterator = icalrecur_iterator_new(recurrence, wallStart) else {
                problems.append("event \(fields.uid) has an RRULE libical cannot expand; only its first occurrence is used")
                continue
            }
            defer { icalrecur_iterator_free(iterator) }
            // Skip ahead to the period (not possible with COUNT, which counts from DTSTART).
            let skipTo = from.addingTimeInterval(-fields.duration - 86_400)
            if recurrence.count == 0, skipTo > fields.start {
                var skipStart = floating.time(skipTo, like: fields.startTime)
                skipStart.zone = nil
                _ = icalrecur_iterator_set_start(iterator, skipStart)
            }
            var produced = 0
            while true {
                guard budget.step() else {
                    if budget.firstCut == nil { budget.firstCut = fields.uid }
                    break
                }
                let next = icalrecur_iterator_next(iterator)
                if icaltime_is_null_time(next) != 0 || !next.isSane { break }
                var time = next
                time.zone = startZone
                let instant = instant(time, floating: floating)
                if instant > to { break }
                produced += 1
                if produced > limit {
                    truncated = true
                    break
                }
                guard budget.take() else {
                    if budget.firstCut == nil { budget.firstCut = fields.uid }
                    break
                }
                starts.append(instant)
            }
        }
        for property in rdates {
            let value = icalproperty_get_rdate(property)
            var time = icaltime_is_null_time(value.time) == 0 ? value.time : value.period.start
            guard icaltime_is_null_time(time) == 0, time.isSane else { continue }
            if time.zone == nil, let zone = zone(of: property) { time.zone = zone }
            starts.append(instant(time, floating: floating))
        }
        var excluded = Set<Date>()
        for property in properties(ICAL_EXDATE_PROPERTY) {
            let time = icalproperty_get_datetime_with_component(property, handle)
            if icaltime_is_null_time(time) == 0 && time.isSane { excluded.insert(instant(time, floating: floating)) }
        }
        if truncated {
            problems.append("event \(fields.uid) recurs more than \(limit) times in the period; only the first \(limit) are used")
        }
        var seen = Set<Date>()
        return starts.filter { !excluded.contains($0) && seen.insert($0).inserted }.sorted()
            .map { ICalDateTime(instant: $0, isDate: fields.isAllDay, isFloating: fields.startTime.zone == nil) }
    }

    /// Why libical 3.0.16 must not expand `rule`, or nil. Sub-daily rules (SECONDLY, MINUTELY,
    /// HOURLY) that also constrain the date, or that start on a DATE, can make
    /// icalrecur_iterator_next step minute by minute for centuries (found by fuzzing:
    /// Fuzz/crashes/libical-rrule-hang-*.ics); no outage feed needs them.
    static func unsafeRule(_ rule: icalrecurrencetype, allDay: Bool) -> String? {
        if neverOccurs(rule) { return "its RRULE names days that do not exist (such as 30 February), so it never repeats" }
        let subDaily = rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE || rule.freq == ICAL_HOURLY_RECURRENCE
        guard subDaily else { return nil }
        if allDay { return "an RRULE repeating within a day on an all-day event is not expanded" }
        let unset = Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)
        let constrained = rule.by_day.0 != unset || rule.by_month_day.0 != unset || rule.by_year_day.0 != unset
            || rule.by_week_no.0 != unset || rule.by_month.0 != unset || rule.by_set_pos.0 != unset
        return constrained ? "an RRULE repeating within a day that also picks days or months is not expanded" : nil
    }

    /// BYMONTHDAY and BYMONTH that cannot meet (BYMONTH=2;BYMONTHDAY=30): libical 3.0.16 then
    /// searches until the year 2582 for each such rule, which takes long (found by fuzzing).
    static func neverOccurs(_ rule: icalrecurrencetype) -> Bool {
        let unset = Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)
        func values<T>(_ tuple: T) -> [Int] {
            Mirror(reflecting: tuple).children.compactMap { $0.value as? Int16 }.prefix { $0 != unset }.map(Int.init)
        }
        let days = values(rule.by_month_day)
        guard !days.isEmpty, !days.contains(where: { $0 < 0 }) else { return false }
        let months = values(rule.by_month).filter { (1...12).contains($0) }
        let candidates = months.isEmpty ? Array(1...12) : months
        // A leap year, so that 29 February counts as possible.
        return !candidates.contains { month in days.contains { $0 >= 1 && $0 <= CivilTime.daysIn(month: month, year: 2024) } }
    }

    /// Whether the event repeats: it has an RRULE or an RDATE.
    var repeats: Bool {
        icalcomponent_get_first_property(handle, ICAL_RRULE_PROPERTY) != nil
            || icalcomponent_get_first_property(handle, ICAL_RDATE_PROPERTY) != nil
    }

    /// The zone a TZID parameter names: a VTIMEZONE of the calendar, else libical's builtin one.
    private func zone(of property: OpaquePointer) -> OpaquePointer? {
        guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
            let tzid = icalparameter_get_tzid(parameter)
        else { return nil }
        var root: OpaquePointer? = handle
        while let parent = icalcomponent_get_parent(root) { root = parent }
        if let zone = icalcomponent_get_timezone(root, tzid) { return zone }
        return icaltimezone_get_builtin_timezone(tzid)
    }
}

extension icaltimetype {
    /// Fields libical can convert: a month of 1–12, a day that month has, a time of day. libical
    /// 3.0.16 reads out of bounds for a month of 0 (DTSTART:20250001T000000Z, found by fuzzing).
    var isSane: Bool {
        guard (1...12).contains(month), CivilTime.supportedYears.contains(Int(year)), day >= 1,
            Int(day) <= CivilTime.daysIn(month: Int(month), year: Int(year))
        else { return false }
        return is_date != 0 || ((0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second))
    }
}
