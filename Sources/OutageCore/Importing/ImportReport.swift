/// What the importer understood and what it did not, for the administrator to review.
public struct ImportReport: Hashable, Sendable {
    /// Facts taken from the text: "window west-japan-outage: 西日本エリア 令和6年12月31日(火)3:00~5:20(予定)".
    public var understood: [String] = []
    /// Dates and times in the text that are not in a window, with why: the letter's date, a
    /// reference, a deadline.
    public var notUsed: [String] = []
    /// Things to check by hand: a weekday that does not match its date, an area list that
    /// differs from regions.yaml, a window read as running past midnight.
    public var warnings: [String] = []
    /// Every date and range of the letter, what it was read as and why (in text order).
    public var readings: [DateReading] = []
    /// The letter as the reader normalised it, lines ending in "\n": ``DateReading/range`` counts
    /// its Unicode scalars.
    public var text: String = ""
    /// For each drafted window (by index), what was inferred rather than read: the draft marks
    /// it `# CHECK:`.
    public var windowChecks: [[String]] = []
    /// The stops the letter calls off (``NoticeImporter/cancellations(in:)``), read with the rest.
    public var cancellations: [WindowTiming] = []

    public init() {}
}

/// Why a text could not be imported at all.
public enum ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case binary
    case noText
    case noDates
    /// No window; what the dates in the text were read as instead.
    case noWindows(notUsed: [String])
    case impossibleDate(String)

    public var description: String {
        switch self {
        case .empty: "the file is empty"
        case .binary: "the file is not text (binary data); give a .txt or a .pdf"
        case .noText: "the PDF has no text layer (a scanned image?); run OCR on it or type the notice in a .txt file"
        case .noDates: "the text has no dates, so it cannot describe an outage window; check that this is the right file"
        case .noWindows: "no stop found: no date with a time range (12月31日 3:00～5:20), no date with 終日, no range of dates and no start with 再開未定; if the notice does announce a stop, write it by hand (see Feeds/notices/)"
        case .impossibleDate(let text): "'\(text)' is not a real date; check the notice"
        }
    }
}
