/// What can go wrong at the libical boundary, in words a user can act on.
public enum ICalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libical's parser (`icalparser_parse`) gave nothing back: the text is not an iCalendar object.
    case notICalendar(detail: String)
    /// The text parsed, but libical found errors in it (X-LIC-ERROR properties).
    case malformed([String])
    /// A value could not be given to libical (for example a time it cannot represent).
    case invalidValue(String)
    /// A file could not be opened or read; `reason` is the system's (strerror).
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notICalendar(let detail):
            "not an iCalendar file (\(detail)); expected text starting with BEGIN:VCALENDAR"
        case .malformed(let problems):
            "the iCalendar text has errors: " + problems.joined(separator: "; ")
        case .invalidValue(let detail):
            "invalid iCalendar value: \(detail)"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        }
    }
}
