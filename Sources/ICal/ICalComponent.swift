import CLibical
import Foundation

/// An iCalendar component that owns its libical tree (`icalcomponent *`) and frees it in
/// `deinit`. Children are built inside their parent with ``build(_:)`` or
/// ``ComponentBuilder/addChild(_:_:)``; libical then owns them through the parent, so only
/// the root is ever freed.
///
/// Not `Sendable`: a libical tree never crosses tasks. Build, serialize, let go.
public final class ICalComponent {
    let handle: OpaquePointer

    /// A new, empty component. Calls `icalcomponent_new`.
    public init(_ kind: ComponentKind) {
        Libical.setUp()
        handle = icalcomponent_new(kind.cValue)
    }

    /// Takes ownership of a root returned by libical.
    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        icalcomponent_free(handle)
    }

    /// Adds properties and children to this component. The builder is valid only inside `body`.
    public func build(_ body: (inout ComponentBuilder) throws -> Void) rethrows {
        var builder = ComponentBuilder(handle)
        try body(&builder)
    }

    /// The component as RFC 5545 text: CRLF line ends, folded at 75 octets.
    ///
    /// Calls `icalcomponent_as_ical_string_r`, then unfolds and refolds its output with
    /// ``ContentLines``, since libical 3.0.16 can emit CR CR LF and blank continuation lines.
    public func serialized() -> ICalText {
        ICalText(unchecked: Libical.ownedString(icalcomponent_as_ical_string_r(handle)) { bytes in
            ContentLines.normalize(bytes)
        })
    }

    /// The component as text, split before its END line, where pre-serialized children go:
    /// how one event, built and serialized once, goes into many calendars.
    public func serializedAroundEnd() -> (head: [UInt8], end: [UInt8]) {
        let own = Array(serialized().text.utf8)
        let marker = Array("END:".utf8)
        var index = own.count - marker.count
        while index >= 0 && !own[index...].starts(with: marker) { index -= 1 }
        guard index >= 0 else { return (own, []) }
        return (Array(own[..<index]), Array(own[index...]))
    }

    /// Parses iCalendar text. Calls `icalparser_parse` through ``LineSource`` (what
    /// `icalparser_parse_string` does, in linear time); a nil result is an error even when
    /// libical's errno says nothing went wrong.
    public static func parse(_ text: String) throws(ICalError) -> ICalComponent {
        Libical.setUp()
        icalerror_clear_errno()
        var text = text
        guard let root = text.withUTF8({ LineSource.parse($0) }) else {
            let errno = icalerrno_return().pointee
            let detail = errno == ICAL_NO_ERROR ? "nothing could be parsed" : Libical.errorText(errno)
            throw .notICalendar(detail: detail)
        }
        return ICalComponent(owning: root)
    }

    /// Parses a whole calendar: like ``parse(_:)``, but anything other than a VCALENDAR at the
    /// root (a lone VEVENT, several objects run together) is an error too.
    public static func parseCalendar(_ text: String) throws(ICalError) -> ICalComponent {
        let root = try parse(text)
        guard root.kind == .calendar else {
            throw .notICalendar(detail: "the text holds no VCALENDAR at its top")
        }
        return root
    }

    /// The kind of this component. Calls `icalcomponent_isa`.
    public var kind: ComponentKind {
        ComponentKind(icalcomponent_isa(handle))
    }
}

/// Folded iCalendar text produced by this layer: every line CRLF-terminated, at most 75 octets.
public struct ICalText: Hashable, Sendable {
    public let text: String
    init(unchecked text: String) { self.text = text }
}

/// The component kinds OutageCal builds or reads.
public enum ComponentKind: Hashable, Sendable {
    case calendar, event, alarm, timeZone, standard, daylight, other

    var cValue: icalcomponent_kind {
        switch self {
        case .calendar: ICAL_VCALENDAR_COMPONENT
        case .event: ICAL_VEVENT_COMPONENT
        case .alarm: ICAL_VALARM_COMPONENT
        case .timeZone: ICAL_VTIMEZONE_COMPONENT
        case .standard: ICAL_XSTANDARD_COMPONENT
        case .daylight: ICAL_XDAYLIGHT_COMPONENT
        case .other: ICAL_X_COMPONENT
        }
    }

    init(_ kind: icalcomponent_kind) {
        switch kind {
        case ICAL_VCALENDAR_COMPONENT: self = .calendar
        case ICAL_VEVENT_COMPONENT: self = .event
        case ICAL_VALARM_COMPONENT: self = .alarm
        case ICAL_VTIMEZONE_COMPONENT: self = .timeZone
        case ICAL_XSTANDARD_COMPONENT: self = .standard
        case ICAL_XDAYLIGHT_COMPONENT: self = .daylight
        default: self = .other
        }
    }
}

/// Process-wide libical set-up and helpers for its memory conventions.
enum Libical {
    private static let configured: Bool = {
        // Errors must come back as values, never abort the process.
        icalerror_set_errors_are_fatal(0)
        // libical makes its UTC zone on first use, unguarded: made here, once, before any
        // caller builds components on several threads.
        _ = icaltimezone_get_utc_timezone()
        return true
    }()

    static func setUp() { _ = configured }

    /// Hands the bytes of a string that libical allocated (`*_r` functions) to `body`, then frees
    /// it with `icalmemory_free_buffer`.
    static func ownedString<T>(
        _ pointer: UnsafeMutablePointer<CChar>?, _ body: (UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        guard let pointer else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        defer { icalmemory_free_buffer(pointer) }
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// A libical-allocated string copied into Swift and freed.
    static func ownedString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { icalmemory_free_buffer(pointer) }
        return String(cString: pointer)
    }

    /// Calls `icalerror_strerror`; its result is a static string.
    static func errorText(_ errno: icalerrorenum) -> String {
        guard let text = icalerror_strerror(errno) else { return "unknown libical error" }
        return String(cString: text)
    }
}
