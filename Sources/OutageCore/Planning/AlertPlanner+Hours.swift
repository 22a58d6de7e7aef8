import Foundation

/// The desk's opening hours applied to a window's alerts (notify.yaml `hours:`). Where each
/// alert goes depends on the window and the hours only, never on the moment of planning: an
/// alert lands at the same time on every run, keeps the key of the alert it stands for, and is
/// raised once.
///
/// - A reminder before the start, or the start itself, that falls while the desk is closed goes
///   to the last open minute before it (前日17:59), as a reminder of when the window starts.
/// - When the desk opens while a window is on — it began while the desk was closed, a night or a
///   day off has passed, or a reminder of its end fell while closed — 現在も停止中 is raised at the
///   opening.
/// - A reminder of the end, or the end, that falls while the desk is closed, in a window that is
///   over before the desk opens, is left out: nobody is there, and there is nothing to do.
/// - Alerts of one window that land on the same minute are raised as one: 現在も停止中, else the
///   one nearest the window.
///
/// An alert that lands before the notifier learned of its window (a notice published in the
/// evening for the night) is raised at once, marked late, as any missed alert is: between
/// learning of it and the window there was no open minute to put it in.
extension AlertPlanner {
    /// One alert's place: what it is raised as, when, and which alert it stands for.
    struct Slot: Hashable {
        /// The alert whose key it carries.
        struct Identity: Hashable {
            var kind: AlertKind
            var lead: Int
        }

        var kind: AlertKind
        var lead: Int
        var time: Date
        var identity: Identity
        var move: AlertMove?

        init(_ kind: AlertKind, _ lead: Int, _ time: Date) {
            self.kind = kind
            self.lead = lead
            self.time = time
            identity = Identity(kind: kind, lead: lead)
        }

        /// The time of the alert it stands for (the latest of several).
        var originalTime: Date { move?.from.map(\.time).max() ?? time }
    }

    /// How many openings of one window may get 現在も停止中: a month of days.
    static let maxStillOn = 31

    /// A window's alerts where the desk's hours put them, and those they leave out.
    static func slots(_ window: FeedWindow, _ settings: AlertSettings) -> (placed: [Slot], silenced: [Slot]) {
        let schedule = schedule(window, settings).map { Slot($0.0, $0.1, $0.2) }
        guard let hours = settings.hours else { return (schedule, []) }
        return place(schedule, window, hours)
    }

    static func place(_ schedule: [Slot], _ window: FeedWindow, _ hours: OpeningHours) -> (placed: [Slot], silenced: [Slot]) {
        var placed: [Slot] = []
        var silenced: [Slot] = []
        var stillOn: [Date: AlertMove] = [:]
        // A window with no known end is on for a day, and at least until the desk first opens
        // after its start: the desk is told of it once.
        let over = window.end ?? max(window.start.addingTimeInterval(FeedWindow.openEndReach),
                                     hours.nextOpening(after: window.start)?.addingTimeInterval(1) ?? window.start)
        func isOn(_ instant: Date) -> Bool { window.start < instant && instant < over }
        func why(_ instant: Date) -> String { hours.closure(on: JST.day(instant)) ?? "診療時間外" }
        for slot in schedule {
            guard !hours.isOpen(slot.time) else {
                placed.append(slot)
                continue
            }
            let origin = AlertMove.Origin(kind: slot.kind, time: slot.time)
            switch slot.kind {
            case .beforeStart, .start:
                if slot.kind == .start, let opening = hours.nextOpening(after: slot.time), isOn(opening) {
                    stillOn[opening] = AlertMove(from: [], reason: "\(why(slot.time))に始まり、開院時も続くため")
                }
                guard let minute = hours.lastOpenMinute(before: slot.time) else {
                    placed.append(slot)
                    continue
                }
                var moved = slot
                moved.kind = .beforeStart
                moved.lead = Int(window.start.timeIntervalSince(minute))
                moved.time = minute
                moved.move = AlertMove(from: [origin], reason: "\(why(slot.time))のため\(day(of: minute, from: slot.time))\(JST.time(minute))に")
                placed.append(moved)
            case .beforeEnd, .end:
                if let opening = hours.nextOpening(after: slot.time), isOn(opening) {
                    stillOn[opening, default: AlertMove(from: [], reason: "開院時も続くため")].from.append(origin)
                } else {
                    var quiet = slot
                    quiet.move = AlertMove(from: [origin], reason: "\(why(slot.time))のうちに終わるため")
                    silenced.append(quiet)
                }
            default:
                placed.append(slot)
            }
        }
        // A new day at the desk (after a night or a day off) while the window is on.
        var opening = hours.nextOpening(after: window.start, before: over)
        var count = 0
        while let current = opening, isOn(current), count < maxStillOn {
            if stillOn[current] == nil, let closing = hours.lastClosing(atOrBefore: current.addingTimeInterval(-1)),
               closing > window.start, JST.day(closing) != JST.day(current) {
                stillOn[current] = AlertMove(from: [], reason: "開院時も続くため")
            }
            opening = hours.nextOpening(after: current, before: over)
            count += 1
        }
        for (opening, move) in stillOn {
            var slot = Slot(.stillOn, 0, opening)
            slot.identity = Slot.Identity(kind: .stillOn, lead: Int(opening.timeIntervalSince1970))
            slot.move = move
            placed.append(slot)
        }
        return (merged(placed), silenced.sorted { $0.time < $1.time })
    }

    /// One alert a minute: of a window's alerts that land together, 現在も停止中, else the one
    /// nearest the window, standing for the others.
    static func merged(_ slots: [Slot]) -> [Slot] {
        var result: [Slot] = []
        for group in Dictionary(grouping: slots, by: \.time).values {
            guard group.count > 1 else {
                result += group
                continue
            }
            var kept = group.max { a, b in
                (a.kind == .stillOn ? 1 : 0, a.originalTime) < (b.kind == .stillOn ? 1 : 0, b.originalTime)
            }!
            let origins = group.flatMap { $0.move?.from ?? [AlertMove.Origin(kind: $0.kind, time: $0.time)] }
            let reason = kept.move?.reason ?? group.compactMap(\.move?.reason).first ?? ""
            kept.move = AlertMove(from: Array(Set(origins)).sorted { ($0.time, $0.kind.rawValue) < ($1.time, $1.kind.rawValue) }, reason: reason)
            result.append(kept)
        }
        return result.sorted { ($0.time, $0.identity.kind.rawValue) < ($1.time, $1.identity.kind.rawValue) }
    }

    /// 当日, 前日, or 12月28日(土): the day of `instant` as seen from `original`.
    static func day(of instant: Date, from original: Date) -> String {
        let day = JST.day(instant), originalDay = JST.day(original)
        if day == originalDay { return "当日" }
        if day.adding(days: 1) == originalDay { return "前日" }
        let full = JST.date(instant)
        return String(full[full.index(after: full.firstIndex(of: "年")!)...]) + " "
    }
}
