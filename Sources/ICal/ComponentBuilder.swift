import CLibical
import Foundation
import Civil

/// Adds properties and children to a component while its owner builds it.
///
/// Non-copyable and handed out `inout`, so it cannot outlive the closure it was given to:
/// no borrowed libical pointer escapes.
public struct ComponentBuilder: ~Copyable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    private func add(_ property: OpaquePointer?) {
        guard let property else { return }
        icalcomponent_add_property(handle, property)
    }

    /// Adds a TEXT-valued property; libical escapes the value. Calls `icalproperty_new` and
    /// `icalvalue_new_text`.
    public func add(_ name: TextProperty, _ value: String) {
        guard let property = icalproperty_new(name.cKind) else { return }
        icalproperty_set_value(property, icalvalue_new_text(value))
        add(property)
    }

    /// Adds one CATEGORIES property listing `categories`, comma-separated. (Several CATEGORIES
    /// properties are valid too, but ics-py refuses them.) libical leaves CATEGORIES commas bare
    /// as list separators and has no way to escape one inside a category, so a comma inside a
    /// category becomes 、. Calls `icalproperty_new_categories`.
    public func addCategories(_ categories: [String]) {
        // A comma inside a category would split it in two. (Native search and split: Foundation's
        // contains and replacingOccurrences cost more than the rest of the event.)
        let list = categories.map {
            $0.utf8.contains(UInt8(ascii: ",")) ? $0.split(separator: ",", omittingEmptySubsequences: false).joined(separator: "、") : $0
        }
            .joined(separator: ",")
        guard !list.isEmpty else { return }
        add(icalproperty_new_categories(list))
    }

    /// Adds a URI-valued property such as URL. Calls `icalvalue_new_uri`.
    public func add(_ name: URIProperty, uri: String) {
        guard let property = icalproperty_new(name.cKind) else { return }
        icalproperty_set_value(property, icalvalue_new_uri(uri))
        add(property)
    }

    /// Adds ORGANIZER with a common name: `ORGANIZER;CN=name:mailto:…`. Calls
    /// `icalproperty_new_organizer` and `icalparameter_new_cn`.
    public func addOrganizer(_ address: String, commonName: String) {
        guard let property = icalproperty_new_organizer(address) else { return }
        icalproperty_add_parameter(property, icalparameter_new_cn(commonName))
        add(property)
    }

    /// Adds an X- property holding TEXT. libical 3.0.16 escapes only `\\` and line breaks in X-
    /// values; ``ContentLines/normalize(_:)`` escapes `,` and `;` when the component is
    /// serialized. Calls `icalproperty_new_x` and `icalproperty_set_x_name`.
    public func addX(_ name: String, _ value: String) {
        guard let property = icalproperty_new_x(value) else { return }
        icalproperty_set_x_name(property, name)
        add(property)
    }

    /// Adds a DATE-TIME at `zone`: `NAME;TZID=Asia/Tokyo:20241231T030000`, or with `Z` when
    /// `zone` is nil. Calls `icalproperty_new` with `icalvalue_new_datetime` and
    /// `icalparameter_new_tzid`.
    public func add(_ name: DateTimeProperty, _ instant: Date, zone: ICalZone?) {
        guard let property = icalproperty_new(name.cKind) else { return }
        var time = icaltimetype(floating: CivilTime(instant, offsetSeconds: zone?.offsetSeconds ?? 0))
        if let zone {
            icalproperty_set_value(property, icalvalue_new_datetime(time))
            icalproperty_add_parameter(property, icalparameter_new_tzid(zone.tzid))
        } else {
            time.zone = icaltimezone_get_utc_timezone()
            icalproperty_set_value(property, icalvalue_new_datetime(time))
        }
        add(property)
    }

    /// Adds a DATE, a whole day with no time or zone: `NAME;VALUE=DATE:20250505`, as all-day
    /// events are written. Calls `icalvalue_new_date`.
    public func add(_ name: DateTimeProperty, day: CivilTime) {
        guard let property = icalproperty_new(name.cKind) else { return }
        var time = icaltimetype(floating: CivilTime(year: day.year, month: day.month, day: day.day))
        time.is_date = 1
        icalproperty_set_value(property, icalvalue_new_date(time))
        add(property)
    }

    /// Adds a UTC DATE-TIME. DTSTAMP, LAST-MODIFIED and CREATED must be UTC (RFC 5545
    /// §3.8.7); libical does not insist, so this is the only way this layer writes them.
    public func addUTC(_ name: UTCProperty, _ instant: Date) {
        add(name.dateTimeProperty, instant, zone: nil)
    }

    /// Adds SEQUENCE. Calls `icalproperty_new_sequence`.
    public func addSequence(_ sequence: Int) {
        add(icalproperty_new_sequence(Int32(clamping: sequence)))
    }

    /// Adds STATUS. Calls `icalproperty_new_status`.
    public func addStatus(_ status: EventStatus) {
        add(icalproperty_new_status(status.cValue))
    }

    /// Adds TRANSP:TRANSPARENT: an outage window is not busy time for the person.
    /// Calls `icalproperty_new_transp`.
    public func addTransparent() {
        add(icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT))
    }

    /// Adds METHOD:PUBLISH, as for a published, subscribable calendar. Calls `icalproperty_new_method`.
    public func addMethodPublish() {
        add(icalproperty_new_method(ICAL_METHOD_PUBLISH))
    }

    /// Adds REFRESH-INTERVAL;VALUE=DURATION (RFC 7986 requires the VALUE parameter).
    /// Calls `icalproperty_new_refreshinterval`.
    public func addRefreshInterval(seconds: Int) {
        guard let property = icalproperty_new_refreshinterval(icaldurationtype_from_int(Int32(seconds)))
        else { return }
        icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_DURATION))
        add(property)
    }

    /// Adds a TZOFFSETFROM or TZOFFSETTO. Calls `icalproperty_new_tzoffsetfrom`/`…to`.
    public func addOffset(from: Int, to: Int) {
        add(icalproperty_new_tzoffsetfrom(Int32(from)))
        add(icalproperty_new_tzoffsetto(Int32(to)))
    }

    /// Adds a child component built by `body`; libical owns it through this component.
    /// Calls `icalcomponent_new` and `icalcomponent_add_component`.
    public func addChild(_ kind: ComponentKind, _ body: (inout ComponentBuilder) -> Void) {
        guard let child = icalcomponent_new(kind.cValue) else { return }
        var builder = ComponentBuilder(child)
        body(&builder)
        icalcomponent_add_component(handle, child)
    }

    /// Adds a VALARM with ACTION:DISPLAY, its TRIGGER and DESCRIPTION.
    /// Calls `icalproperty_new_action`, `icalproperty_new_trigger`, `icalparameter_new_related`.
    public func addDisplayAlarm(_ trigger: AlarmTrigger, description: String) {
        addChild(.alarm) { alarm in
            alarm.addAction()
            alarm.addTrigger(trigger)
            alarm.add(.description, description)
        }
    }

    private func addAction() {
        add(icalproperty_new_action(ICAL_ACTION_DISPLAY))
    }

    private func addTrigger(_ trigger: AlarmTrigger) {
        var value = icaltriggertype()
        value.time = icaltime_null_time()
        value.duration = icaldurationtype_null_duration()
        var related: icalparameter_related?
        switch trigger {
        case .beforeStart(let seconds):
            value.duration = icaldurationtype_from_int(Int32(-seconds))
        case .beforeEnd(let seconds):
            value.duration = icaldurationtype_from_int(Int32(-seconds))
            related = ICAL_RELATED_END
        case .at(let instant):
            var time = icaltime_from_timet_with_zone(
                time_t(instant.timeIntervalSince1970.rounded(.down)), 0, icaltimezone_get_utc_timezone())
            time.zone = icaltimezone_get_utc_timezone()
            value.time = time
        }
        guard let property = icalproperty_new_trigger(value) else { return }
        if let related { icalproperty_add_parameter(property, icalparameter_new_related(related)) }
        if case .at = trigger {
            icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_DATETIME))
        }
        add(property)
    }

    /// Adds a compact VTIMEZONE for a fixed-offset zone: one STANDARD rule from 1970.
    public func addTimeZone(_ zone: ICalZone) {
        addChild(.timeZone) { tz in
            tz.add(.tzid, zone.tzid)
            tz.addChild(.standard) { standard in
                standard.addFloating(.dtstart, CivilTime(year: 1970, month: 1, day: 1))
                standard.addOffset(from: zone.offsetSeconds, to: zone.offsetSeconds)
                standard.add(.tzname, zone.abbreviation)
            }
        }
    }

    /// Adds a floating DATE-TIME (no zone), as VTIMEZONE rules need.
    public func addFloating(_ name: DateTimeProperty, _ civil: CivilTime) {
        guard let property = icalproperty_new(name.cKind) else { return }
        icalproperty_set_value(property, icalvalue_new_datetime(icaltimetype(floating: civil)))
        add(property)
    }
}

extension icaltimetype {
    /// A DATE-TIME with these wall-clock fields and no zone; the caller sets one if it needs it.
    init(floating civil: CivilTime) {
        self = icaltime_null_time()
        year = Int32(civil.year)
        month = Int32(civil.month)
        day = Int32(civil.day)
        hour = Int32(civil.hour)
        minute = Int32(civil.minute)
        second = Int32(civil.second)
        is_date = 0
    }
}
