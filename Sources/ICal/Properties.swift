import CLibical

/// TEXT-valued properties this layer writes and reads.
public enum TextProperty: Sendable, CaseIterable {
    case summary, description, location, comment, categories, uid, productID, version, calendarScale
    case name, tzid, tzname, action

    var cKind: icalproperty_kind {
        switch self {
        case .summary: ICAL_SUMMARY_PROPERTY
        case .description: ICAL_DESCRIPTION_PROPERTY
        case .location: ICAL_LOCATION_PROPERTY
        case .comment: ICAL_COMMENT_PROPERTY
        case .categories: ICAL_CATEGORIES_PROPERTY
        case .uid: ICAL_UID_PROPERTY
        case .productID: ICAL_PRODID_PROPERTY
        case .version: ICAL_VERSION_PROPERTY
        case .calendarScale: ICAL_CALSCALE_PROPERTY
        case .name: ICAL_NAME_PROPERTY
        case .tzid: ICAL_TZID_PROPERTY
        case .tzname: ICAL_TZNAME_PROPERTY
        case .action: ICAL_ACTION_PROPERTY
        }
    }

    /// The property's name, as a content line starts with it.
    var name: String { Self.names[self]! }

    private static let names = Dictionary(uniqueKeysWithValues: allCases.map { ($0, String(cString: icalproperty_kind_to_string($0.cKind))) })
}

/// URI-valued properties.
public enum URIProperty: Sendable {
    case url

    var cKind: icalproperty_kind { ICAL_URL_PROPERTY }
}

/// DATE-TIME properties.
public enum DateTimeProperty: Sendable {
    case dtstart, dtend, dtstamp, lastModified, created, recurrenceID

    var cKind: icalproperty_kind {
        switch self {
        case .dtstart: ICAL_DTSTART_PROPERTY
        case .dtend: ICAL_DTEND_PROPERTY
        case .dtstamp: ICAL_DTSTAMP_PROPERTY
        case .lastModified: ICAL_LASTMODIFIED_PROPERTY
        case .created: ICAL_CREATED_PROPERTY
        case .recurrenceID: ICAL_RECURRENCEID_PROPERTY
        }
    }
}

/// DATE-TIME properties that RFC 5545 requires in UTC.
public enum UTCProperty: Sendable {
    case dtstamp, lastModified, created

    var dateTimeProperty: DateTimeProperty {
        switch self {
        case .dtstamp: .dtstamp
        case .lastModified: .lastModified
        case .created: .created
        }
    }
}

/// STATUS of a VEVENT.
public enum EventStatus: String, Sendable, Hashable {
    case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED"

    var cValue: icalproperty_status {
        switch self {
        case .tentative: ICAL_STATUS_TENTATIVE
        case .confirmed: ICAL_STATUS_CONFIRMED
        case .cancelled: ICAL_STATUS_CANCELLED
        }
    }
}

/// When a VALARM fires.
public enum AlarmTrigger: Hashable, Sendable {
    /// `TRIGGER:-PT…`, seconds before the event starts.
    case beforeStart(seconds: Int)
    /// `TRIGGER;RELATED=END:-PT…`, seconds before the event ends.
    case beforeEnd(seconds: Int)
    /// `TRIGGER;VALUE=DATE-TIME:…Z`, an absolute instant.
    case at(Date)
}

import Foundation
