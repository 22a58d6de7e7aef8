import CLibical
import Foundation
import Civil

/// Reads a component of a parsed tree. Handed out by ``ICalComponent/read(_:)`` and
/// ``forEachChild(_:_:)`` for the length of a closure only; values leave as Swift values.
public struct ComponentReader: ~Copyable {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    /// The kind of this component. Calls `icalcomponent_isa`.
    public var kind: ComponentKind { ComponentKind(icalcomponent_isa(handle)) }

    /// Visits each direct child of `kind`. Calls `icalcomponent_get_first_component` and
    /// `icalcomponent_get_next_component`.
    public func forEachChild(_ kind: ComponentKind, _ body: (borrowing ComponentReader) throws -> Void) rethrows {
        for current in children(kind.cValue) { try body(ComponentReader(current)) }
    }

    /// The direct children of `kind`, collected before use: libical keeps one iterator per
    /// component, which a nested walk would reset. Calls `icalcomponent_get_first_component`
    /// and `icalcomponent_get_next_component`.
    func children(_ kind: icalcomponent_kind = ICAL_ANY_COMPONENT) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var child = icalcomponent_get_first_component(handle, kind)
        while let current = child {
            found.append(current)
            child = icalcomponent_get_next_component(handle, kind)
        }
        return found
    }

    func properties(_ kind: icalproperty_kind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var property = icalcomponent_get_first_property(handle, kind)
        while let current = property {
            found.append(current)
            property = icalcomponent_get_next_property(handle, kind)
        }
        return found
    }

    /// The first value of a TEXT property, unescaped. Calls `icalvalue_get_text`.
    public func text(_ name: TextProperty) -> String? {
        texts(name).first
    }

    /// Every value of a TEXT property, in order (CATEGORIES may appear many times).
    public func texts(_ name: TextProperty) -> [String] {
        properties(name.cKind).compactMap { property in
            guard let value = icalproperty_get_value(property) else { return nil }
            if name == .action || icalvalue_isa(value) != ICAL_TEXT_VALUE {
                return Libical.ownedString(icalvalue_as_ical_string_r(value))
            }
            return icalvalue_get_text(value).map { String(cString: $0) }
        }
    }

    /// The first value of a URI property. Calls `icalvalue_as_ical_string_r`.
    public func uri(_ name: URIProperty) -> String? {
        guard let property = properties(name.cKind).first, let value = icalproperty_get_value(property)
        else { return nil }
        return Libical.ownedString(icalvalue_as_ical_string_r(value))
    }

    /// The first X- property called `name`, as TEXT. libical's parser has already unescaped it.
    /// Calls `icalproperty_get_x_name` and `icalvalue_get_x`.
    public func x(_ name: String) -> String? {
        for property in properties(ICAL_X_PROPERTY) {
            guard let xName = icalproperty_get_x_name(property),
                String(cString: xName).caseInsensitiveCompare(name) == .orderedSame
            else { continue }
            guard let value = icalproperty_get_value(property) else { return "" }
            if icalvalue_isa(value) == ICAL_TEXT_VALUE {
                return icalvalue_get_text(value).map { String(cString: $0) } ?? ""
            }
            return icalvalue_get_x(value).map { String(cString: $0) } ?? ""
        }
        return nil
    }

    /// SEQUENCE, 0 when absent. Calls `icalcomponent_get_sequence`.
    public var sequence: Int {
        max(0, Int(icalcomponent_get_sequence(handle)))
    }

    /// STATUS, nil when absent or not one of the three an event may have.
    /// Calls `icalcomponent_get_status`.
    public var status: EventStatus? {
        switch icalcomponent_get_status(handle) {
        case ICAL_STATUS_TENTATIVE: .tentative
        case ICAL_STATUS_CONFIRMED: .confirmed
        case ICAL_STATUS_CANCELLED: .cancelled
        default: nil
        }
    }

    /// A DATE-TIME or DATE property as an instant. TZIDs resolve against the VTIMEZONEs of
    /// `root`, then libical's builtin zones; floating times and dates are read at
    /// `floatingOffset` seconds east of UTC; times a change of offset skips or repeats are read
    /// as RFC 5545 says (``ZoneTime``). Calls `icalproperty_get_datetime_with_component`.
    public func dateTime(_ name: DateTimeProperty, floatingOffset: Int) -> ICalDateTime? {
        guard let property = properties(name.cKind).first else { return nil }
        let time = icalproperty_get_datetime_with_component(property, handle)
        return ICalDateTime(time, floatingOffset: floatingOffset)
    }

    /// The VALARMs of this component, in order.
    public var alarms: [ICalAlarm] {
        var alarms: [ICalAlarm] = []
        forEachChild(.alarm) { alarm in
            if let parsed = alarm.alarm { alarms.append(parsed) }
        }
        return alarms
    }

    private var alarm: ICalAlarm? {
        guard let property = properties(ICAL_TRIGGER_PROPERTY).first else { return nil }
        let trigger = icalproperty_get_trigger(property)
        let description = text(.description) ?? ""
        let action = text(.action) ?? ""
        if icaltime_is_null_time(trigger.time) == 0 {
            guard let instant = ICalDateTime(trigger.time, floatingOffset: 0)?.instant else { return nil }
            return ICalAlarm(trigger: .at(instant), action: action, description: description)
        }
        let seconds = -Int(icaldurationtype_as_int(trigger.duration))
        let related = icalproperty_get_first_parameter(property, ICAL_RELATED_PARAMETER)
        let relatedToEnd = related.map { icalparameter_get_related($0) == ICAL_RELATED_END } ?? false
        return ICalAlarm(
            trigger: relatedToEnd ? .beforeEnd(seconds: seconds) : .beforeStart(seconds: seconds),
            action: action, description: description)
    }

    /// Problems libical noted while parsing (X-LIC-ERROR properties), in this component and
    /// below. Calls `icalcomponent_get_first_property` with `ICAL_XLICERROR_PROPERTY`.
    public var parseErrors: [String] {
        var errors = properties(ICAL_XLICERROR_PROPERTY).compactMap { property -> String? in
            guard let value = icalproperty_get_value(property) else { return nil }
            return icalvalue_get_text(value).map { String(cString: $0) }
        }
        for current in children() { errors += ComponentReader(current).parseErrors }
        return errors
    }
}

extension ICalComponent {
    /// Reads this component. The reader is valid only inside `body`.
    public func read<T>(_ body: (borrowing ComponentReader) throws -> T) rethrows -> T {
        try body(ComponentReader(handle))
    }
}

/// A DATE-TIME or DATE read from a feed, resolved to an instant.
public struct ICalDateTime: Hashable, Sendable {
    public let instant: Date
    /// A DATE value (all-day), not a DATE-TIME.
    public let isDate: Bool
    /// Neither UTC nor with a TZID: read at the floating offset.
    public let isFloating: Bool

    init(instant: Date, isDate: Bool, isFloating: Bool) {
        self.instant = instant
        self.isDate = isDate
        self.isFloating = isFloating
    }

    init?(_ time: icaltimetype, floatingOffset: Int) {
        guard icaltime_is_null_time(time) == 0, icaltime_is_valid_time(time) != 0, time.isSane else { return nil }
        isDate = time.is_date != 0
        if let zone = time.zone {
            isFloating = false
            instant = ZoneTime.instant(time, in: zone)
        } else {
            isFloating = true
            let civil = CivilTime(
                year: Int(time.year), month: Int(time.month), day: Int(time.day),
                hour: isDate ? 0 : Int(time.hour), minute: isDate ? 0 : Int(time.minute),
                second: isDate ? 0 : Int(time.second))
            instant = civil.instant(offsetSeconds: floatingOffset)
        }
    }
}

/// A VALARM as read from a feed.
public struct ICalAlarm: Hashable, Sendable {
    public let trigger: AlarmTrigger
    public let action: String
    public let description: String
}
