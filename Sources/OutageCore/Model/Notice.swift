import Foundation
import Civil

/// One official notice of planned outages, as an administrator writes it in Feeds/notices.
public struct Notice: Hashable, Sendable {
    public var id: String
    public var title: String
    /// The systems it stops, by id in Feeds/systems.yaml: `onshi`, `eprescription` …
    public var systems: [String]
    /// Who wrote the original letter.
    public var issuer: String
    /// The notice's own date; nil when the published text gives none.
    public var issued: CivilDate?
    /// The forwarding chain, original first.
    public var references: [Reference]
    /// The portal article with the details.
    public var url: String?
    /// Goes up whenever a window changes; becomes the events' SEQUENCE.
    public var revision: Int
    /// When this revision was made; becomes DTSTAMP and LAST-MODIFIED.
    public var updated: Date
    /// What stops working, in one or two sentences.
    public var impact: String?
    /// Anything else staff should know (マイナポータル still works …).
    public var notes: [String]
    public var windows: [Window]
    /// What staff must do, per kind of window, for every system of this notice; overrides the
    /// systems registry. Usually empty: the registry says it for each system.
    public var guidance: [WindowKind: Guidance]
    public var alarms: AlarmPolicy

    public init(
        id: String, title: String, systems: [String], issuer: String, issued: CivilDate?,
        references: [Reference] = [], url: String? = nil, revision: Int, updated: Date,
        impact: String? = nil, notes: [String] = [], windows: [Window],
        guidance: [WindowKind: Guidance] = [:], alarms: AlarmPolicy = .standard
    ) {
        self.id = id
        self.title = title
        self.systems = systems
        self.issuer = issuer
        self.issued = issued
        self.references = references
        self.url = url
        self.revision = revision
        self.updated = updated
        self.impact = impact
        self.notes = notes
        self.windows = windows
        self.guidance = guidance
        self.alarms = alarms
    }
}

extension Notice {
    /// The systems a window stops: its own narrowing, else the notice's.
    public func systemIDs(of window: Window) -> [String] { window.systems ?? systems }
}

/// One letter in a notice's forwarding chain.
public struct Reference: Hashable, Sendable {
    public var issuer: String
    /// 日薬業発第362号, 事務連絡 …
    public var number: String?
    public var date: CivilDate?
    /// To whom it was addressed.
    public var to: String?

    public init(issuer: String, number: String? = nil, date: CivilDate? = nil, to: String? = nil) {
        self.issuer = issuer
        self.number = number
        self.date = date
        self.to = to
    }
}

/// What staff must do during a window of one kind.
public struct Guidance: Hashable, Sendable {
    /// One line for alerts: 資格確認は代替手順で。10割負担にしない。
    public var short: String
    /// The full instruction in Japanese.
    public var japanese: String
    public var english: String?
    /// The last day the rule this text rests on is in force (systems.yaml `until:`), when the
    /// rule has an end: after it, `validate` says the text must be rewritten. Notices have none.
    public var until: CivilDate?

    public init(short: String, japanese: String, english: String? = nil, until: CivilDate? = nil) {
        self.short = short
        self.japanese = japanese
        self.english = english
        self.until = until
    }
}

/// A calendar date without time or zone (a letter's date).
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 2024年12月24日
    public var japanese: String { "\(year)年\(month)月\(day)日" }

    /// 2024-12-24
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    public func days(to later: CivilDate) -> Int {
        // JST keeps no daylight saving, so midnights are exactly 86,400 s apart.
        Int((JST.midnight(later).timeIntervalSince(JST.midnight(self)) / 86_400).rounded())
    }

    /// The day after, across months and years.
    public var next: CivilDate {
        if day < CivilTime.daysIn(month: month, year: year) { return CivilDate(year: year, month: month, day: day + 1) }
        return month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
