import Foundation
import OutageCore

/// Which notice a newly read letter changes, and the notice as that letter leaves it.
enum Revisions {
    enum Target {
        case accepted(Notice)
        case pending(Inbox.Entry, Notice)
    }

    /// A draft waiting in the inbox, with the notice it drafts.
    typealias Waiting = (entry: Inbox.Entry, notice: Notice)

    /// The drafts waiting in the inbox with their notices, read once for a letter: every
    /// question below is asked of them.
    static func waiting(_ pending: [Inbox.Entry], catalog: Catalog) -> [Waiting] {
        pending.compactMap { entry in
            guard let text = try? String(contentsOfFile: entry.noticePath, encoding: .utf8) else { return nil }
            let (loaded, _) = CatalogLoader.notice(path: entry.noticePath, text: text, regions: catalog.regions, systems: catalog.systems)
            return loaded.map { (entry, $0) }
        }
    }

    /// The notice `notice` revises: the one drafted from the same article before (`noticeID`),
    /// else one with a stop of the same system starting the same day (a correction or a
    /// cancellation sent as a letter of its own): a published one, or a draft waiting in the
    /// inbox from the same source. Another source's draft about that day is not revised (two
    /// sources that disagree are both shown): ``sameDay(as:waiting:)`` names it.
    static func target(for notice: Notice, noticeID: String?, source: String, accepted: [Notice], waiting: [Waiting]) -> Target? {
        if let noticeID {
            if let old = accepted.first(where: { $0.id == noticeID }) { return .accepted(old) }
            if let (entry, old) = waiting.first(where: { $0.notice.id == noticeID }) { return .pending(entry, old) }
        }
        if let old = accepted.first(where: { sharesAStop($0, notice) }) { return .accepted(old) }
        if let (entry, old) = waiting.first(where: { $0.entry.record.source == source && sharesAStop($0.notice, notice) }) { return .pending(entry, old) }
        return nil
    }

    /// The notice whose stops a letter that only cancels calls off: drafted from the same
    /// article before, else a published one, else a draft from the same source, with a stop of
    /// one of `systems` (those the letter names, else the source's) starting when a stop the
    /// letter cancels starts (the same day, for whole days).
    static func target(cancelling timings: [WindowTiming], systems: Set<String>, noticeID: String?, source: String, accepted: [Notice], waiting: [Waiting]) -> Target? {
        func cancels(_ notice: Notice) -> Bool {
            notice.windows.contains { window in
                !window.cancelled && !systems.isDisjoint(with: notice.systemIDs(of: window)) && timings.contains { starts(window, like: $0) }
            }
        }
        if let noticeID, let old = accepted.first(where: { $0.id == noticeID }), cancels(old) { return .accepted(old) }
        if let old = accepted.first(where: cancels) { return .accepted(old) }
        if let (entry, old) = waiting.first(where: { $0.entry.record.source == source && cancels($0.notice) }) { return .pending(entry, old) }
        return nil
    }

    /// Whether `window` starts when `timing` does: the same instant, or the same day when
    /// either is whole days.
    static func starts(_ window: Window, like timing: WindowTiming) -> Bool {
        switch (window.timing, timing) {
        case (.timed(let start, _), .timed(let other, _)): start == other
        default: JST.day(window.start) == day(timing)
        }
    }

    /// The systems of systems.yaml a letter names (by name or short name), else `fallback`.
    static func named(in text: String, catalog: Catalog, fallback: [String]) -> Set<String> {
        let named = catalog.systems.systems.filter { text.contains($0.name) || text.contains($0.shortName) }.map(\.id)
        return Set(named.isEmpty ? fallback : named)
    }

    static func day(_ timing: WindowTiming) -> CivilDate? {
        switch timing {
        case .timed(let start, _): JST.day(start)
        case .days(let days): days.first
        }
    }

    /// Marks cancelled the windows of `notice` of one of `systems` that start when the letter
    /// calls off a stop, except those the letter drafts as going ahead (`keeping`).
    static func cancel(_ timings: [WindowTiming], systems: Set<String>, in notice: inout Notice, keeping: [Window]) {
        for index in notice.windows.indices {
            let window = notice.windows[index]
            guard !systems.isDisjoint(with: notice.systemIDs(of: window)), timings.contains(where: { starts(window, like: $0) }),
                !keeping.contains(where: { JST.day($0.start) == JST.day(window.start) })
            else { continue }
            notice.windows[index].cancelled = true
        }
    }

    /// Drafts waiting in the inbox that speak of a stop of the same system on the same day.
    static func sameDay(as notice: Notice, waiting: [Waiting]) -> [Inbox.Entry] {
        waiting.filter { sharesAStop($0.notice, notice) }.map(\.entry)
    }

    static func sharesAStop(_ old: Notice, _ new: Notice) -> Bool {
        new.windows.contains { window in old.windows.contains { same($0, in: old, window, in: new) } }
    }

    /// The same stop: a system in common, and the first day the same.
    static func same(_ a: Window, in first: Notice, _ b: Window, in second: Notice) -> Bool {
        JST.day(a.start) == JST.day(b.start) && !Set(first.systemIDs(of: a)).isDisjoint(with: second.systemIDs(of: b))
    }

    /// `old` as the letter `new` leaves it: each of its stops replaced by the letter's reading
    /// of it (keeping its id, so that calendars update the event), the letter's other stops
    /// added, and the stops it does not mention kept (a letter cancelling one date of three).
    static func merge(_ old: Notice, with new: Notice) -> Notice {
        var merged = old
        for window in new.windows {
            var updated = window
            let systems = new.systemIDs(of: window)
            updated.systems = systems == old.systems ? nil : systems
            if let index = merged.windows.firstIndex(where: { same($0, in: old, window, in: new) }) {
                let before = merged.windows[index]
                updated.id = before.id
                // A letter that restates a hedged window's times without a hedge (①は予定どおり
                // 実施) does not make them sure: only a change of time, or a hedge, is taken.
                if before.tentative, before.timing == updated.timing { updated.tentative = true }
                // A letter that names no area (a change of time for 西日本センター's window,
                // 対象：福井県以西) does not widen the window's to all of Japan.
                if updated.scope == [.nationwide], before.scope != [.nationwide] { updated.scope = before.scope }
                merged.windows[index] = updated
            } else {
                var id = window.id
                var number = 2
                while merged.windows.contains(where: { $0.id == id }) {
                    id = "\(window.id)-\(number)"
                    number += 1
                }
                updated.id = id
                merged.windows.append(updated)
            }
        }
        merged.notes += new.notes.filter { !old.notes.contains($0) }
        for (kind, guidance) in new.guidance where merged.guidance[kind] == nil { merged.guidance[kind] = guidance }
        return merged
    }
}
