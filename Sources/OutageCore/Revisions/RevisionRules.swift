import Foundation

/// The one set of rules for revising published windows, over two versions of them (what was
/// published, or an older notice file, and what the notices say now):
/// - a window that changed needs a higher revision, so that calendars replace their copy;
/// - a revision never goes down;
/// - a published window, or date of one, is cancelled, never removed: calendars keep an
///   event that disappears from a feed, so only 【中止】 reaches the desk.
///
/// `validate` and `generate` report the findings as errors against the published all.ics;
/// `diff` says them in its own words.
public enum RevisionRules {
    /// What changed about a window's date without a new revision.
    public enum Change: Hashable, Sendable {
        case moved(from: WindowVersion, to: WindowVersion)
        case cancelled
        case uncancelled
        /// Its kind, systems, area or backup status (the names of the facts that changed).
        case facts([String])
    }

    public enum Finding: Hashable, Sendable {
        /// A notice with published windows is gone.
        case noticeRemoved(noticeID: String)
        /// A published window is no longer in its notice.
        case windowRemoved(noticeID: String, windowID: String)
        /// A window has fewer dates than were published.
        case datesRemoved(noticeID: String, windowID: String, published: Int, now: Int)
        case revisionDown(noticeID: String, published: Int, now: Int)
        case unrevised(noticeID: String, windowID: String, revision: Int, Change)

        public var noticeID: String {
            switch self {
            case .noticeRemoved(let id), .windowRemoved(let id, _), .datesRemoved(let id, _, _, _),
                 .revisionDown(let id, _, _), .unrevised(let id, _, _, _):
                id
            }
        }
    }

    /// Every finding for the move from `old` to `new`, in the order of `old`; one per notice
    /// for a removed notice or a lowered revision, one per window otherwise.
    public static func findings(from old: [WindowVersion], to new: [WindowVersion]) -> [Finding] {
        struct Key: Hashable { let notice: String, window: String, occurrence: Int }
        let current = Dictionary(new.map { (Key(notice: $0.noticeID, window: $0.windowID, occurrence: $0.occurrence), $0) },
                                 uniquingKeysWith: { first, _ in first })
        let notices = Dictionary(grouping: new, by: \.noticeID)
        var dates: [String: Int] = [:]
        for version in new { dates["\(version.noticeID)/\(version.windowID)", default: 0] += 1 }
        var findings: [Finding] = []
        var reported = Set<String>()
        func once(_ key: String, _ finding: Finding) {
            if reported.insert(key).inserted { findings.append(finding) }
        }
        for was in old {
            let windowKey = "\(was.noticeID)/\(was.windowID)"
            guard let notice = notices[was.noticeID], let revision = notice.first?.revision else {
                once(was.noticeID, .noticeRemoved(noticeID: was.noticeID))
                continue
            }
            if revision < was.revision {
                once(was.noticeID, .revisionDown(noticeID: was.noticeID, published: was.revision, now: revision))
                continue
            }
            guard let count = dates[windowKey] else {
                once(windowKey, .windowRemoved(noticeID: was.noticeID, windowID: was.windowID))
                continue
            }
            guard let now = current[Key(notice: was.noticeID, window: was.windowID, occurrence: was.occurrence)] else {
                once(windowKey, .datesRemoved(noticeID: was.noticeID, windowID: was.windowID, published: was.occurrence + 1, now: count))
                continue
            }
            guard now.revision == was.revision, let change = change(from: was, to: now) else { continue }
            once(windowKey, .unrevised(noticeID: was.noticeID, windowID: was.windowID, revision: now.revision, change))
        }
        return findings
    }

    /// What a calendar would have to take from `new`; nil when it holds the same event.
    static func change(from old: WindowVersion, to new: WindowVersion) -> Change? {
        if old.cancelled != new.cancelled { return new.cancelled ? .cancelled : .uncancelled }
        if old.start != new.start || old.end != new.end || old.isAllDay != new.isAllDay { return .moved(from: old, to: new) }
        let facts = Set(old.facts.keys).union(new.facts.keys).filter { old.facts[$0] != new.facts[$0] }
        return facts.isEmpty ? nil : .facts(facts.sorted())
    }

    /// The findings against a published feed at `feedPath`, as errors at the notice or window
    /// that must change, with how to fix each.
    public static func diagnostics(_ findings: [Finding], sources: [String: SourceLocation], feedPath: String) -> Diagnostics {
        var diagnostics = Diagnostics()
        for finding in findings {
            let noticeAt = sources[finding.noticeID] ?? SourceLocation(file: feedPath, line: 0, column: 0)
            func at(_ window: String) -> SourceLocation { sources["\(finding.noticeID)/\(window)"] ?? noticeAt }
            func error(_ location: SourceLocation, _ message: String, hint: String) {
                diagnostics.append(Diagnostic(.error, file: location.file, line: location.line, column: location.column, message, hint: hint))
            }
            switch finding {
            case .noticeRemoved(let notice):
                error(noticeAt, "notice '\(notice)' is published but its file is gone",
                      hint: "restore Feeds/notices/\(notice).yaml and set cancelled: true on its windows, so that calendars strike them out")
            case .windowRemoved(_, let window):
                error(noticeAt, "window '\(window)' was published and is no longer in the notice",
                      hint: "keep it and add `cancelled: true` (and raise revision), so that calendars show it as 中止")
            case .datesRemoved(_, let window, let published, let now):
                error(at(window), "window '\(window)' had \(published) or more dates published and now has \(now)",
                      hint: "keep the published dates (calendars would keep a removed one); to call the window off, set cancelled: true")
            case .revisionDown(_, let published, let now):
                error(noticeAt, "revision went down: \(now), but \(published) is published",
                      hint: "revisions only go up; set revision: \(published + 1)")
            case .unrevised(_, let window, let revision, let change):
                error(at(window), "window '\(window)' \(describe(change)), but the revision is still \(revision)",
                      hint: "set revision: \(revision + 1) and updated to now, so that calendars take the change")
            }
        }
        return diagnostics
    }

    static func describe(_ change: Change) -> String {
        switch change {
        case .moved(let from, let to): "moved from \(from.when) to \(to.when)"
        case .cancelled: "was cancelled"
        case .uncancelled: "was un-cancelled"
        case .facts(let names): "changed its \(names.map(FeedContract.factName).joined(separator: ", "))"
        }
    }
}
