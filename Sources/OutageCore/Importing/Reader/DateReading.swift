/// What one date or range of a notice was read as, and the words that decided it: the report's
/// and the review page's account of every date in the letter.
public struct DateReading: Hashable, Sendable {
    /// What a date or range means. Only ``stop`` and ``backup`` are drafted.
    public enum Meaning: String, Hashable, Sendable, CaseIterable {
        case stop = "stop window"
        case backup = "backup day"
        case cancelled
        case replaced = "replaced by a change"
        case negated = "not a stop (negated)"
        case past = "already past"
        case otherPeriod = "another kind of period"
        case letterDate = "the letter's date"
        case restatement = "the same window again"
        case reference = "reference, not this notice's plan"
        case notAStop = "not a stop"

        /// Whether a window is drafted from it.
        public var isDrafted: Bool { self == .stop || self == .backup }
    }

    /// Scalar offsets into the text as the reader normalised it (``ImportReport/text``).
    public var range: Range<Int>
    /// The words of the date or range as written.
    public var words: String
    public var meaning: Meaning
    /// The words in the letter that decided the meaning (変更前, 停止しません, 説明会 …), or
    /// why nothing did.
    public var reason: String
    /// The drafted window (index into the notice's windows) for a stop or backup day.
    public var window: Int?

    public init(range: Range<Int>, words: String, meaning: Meaning, reason: String, window: Int? = nil) {
        self.range = range
        self.words = words
        self.meaning = meaning
        self.reason = reason
        self.window = window
    }
}
