import Foundation

/// Decides which alerts are due, which wait, and which are too old to raise: a pure function of
/// the windows, the moment and what was already sent. No clock, no I/O.
public enum AlertPlanner {
    public struct Plan: Hashable, Sendable {
        /// To raise now, in time order.
        public var due: [Alert] = []
        /// Still to come, in time order.
        public var upcoming: [Alert] = []
        /// Past, never raised, and no longer useful (their window is over); logged, then recorded.
        public var dropped: [Alert] = []
        /// Late alerts that a later late alert of the same window makes redundant; recorded.
        public var superseded: [Alert] = []
        /// Due, but beyond what one feed may raise in an hour or one turn may raise at all
        /// (``AlertSettings/maxAlertsPerFeedPerHour``); recorded, not raised. A ``AlertKind/heldBack``
        /// alert among ``due`` says how many, once an hour.
        public var heldBack: [Alert] = []
        /// Left out by the desk's hours (``AlertSettings/hours``): they would fall while the desk
        /// is closed and the window is over by the time it opens. Shown by `plan`; never raised
        /// or recorded.
        public var silenced: [Alert] = []

        /// When the planner next has something to raise.
        public var nextAlert: Date? { upcoming.first?.time }
    }

    public static func plan(_ windows: [FeedWindow], now: Date, state: NotifierState, settings: AlertSettings) -> Plan {
        var plan = Plan()
        // Alerts of each feed raised (or held back) within the last hour.
        let recent = (state.raisedLastHour ?? [:]).mapValues { times in times.filter { now.timeIntervalSince($0) < 3_600 }.count }
        for window in windows.sorted(by: { ($0.start, $0.key) < ($1.start, $1.key) }) {
            let previous = state.windows[window.key]
            if window.cancelled {
                // Only a window staff may have heard of gets a word that it is off.
                guard let previous, !previous.cancelled, window.isOn(after: now) else { continue }
                let alert = make(.cancelled, window, lead: 0, time: now, now: now, changed: false, settings: settings)
                if state.sent[alert.key] == nil { plan.due.append(alert) }
                continue
            }
            let moved = previous.map { AlertPlanner.moved(from: $0, to: window) } ?? false
            let changed = moved || previous?.changed == true
            var pending: [Alert] = []
            if moved && window.isOn(after: now) {
                pending.append(make(.changed, window, lead: 0, time: now, now: now, changed: true, settings: settings))
            }
            let placement = slots(window, settings)
            for slot in placement.placed { pending.append(make(slot, window, now: now, changed: changed, settings: settings)) }
            plan.silenced += placement.silenced.map { make($0, window, now: now, changed: changed, settings: settings) }
            var onTime: [Alert] = []
            var late: [Alert] = []
            for alert in pending where state.sent[alert.key] == nil {
                if alert.time > now {
                    plan.upcoming.append(alert)
                } else if window.isOn(after: now) || (alert.kind == .end && !alert.late) {
                    if alert.late { late.append(alert) } else { onTime.append(alert) }
                } else {
                    plan.dropped.append(alert)
                }
            }
            // After a sleep, only the latest missed alert of a window is worth raising, and none
            // when an alert on time (or a change notice) says it all.
            let raised = onTime.isEmpty ? late.max { $0.time < $1.time }.map { [$0] } ?? [] : onTime
            plan.due += raised
            plan.superseded += late.filter { alert in !raised.contains { $0.key == alert.key } }
        }
        plan.due.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        plan.upcoming.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        holdBackFloods(&plan, recent: recent, now: now, state: state, settings: settings)
        return plan
    }

    /// Keeps the due alerts within each feed's hourly share and the turn's share, taken from
    /// the feeds in turn (the earliest of each first), so that a feed gone wrong cannot crowd out
    /// the others; the rest are held back, and one alert (once an hour) says how many.
    static func holdBackFloods(_ plan: inout Plan, recent: [String: Int], now: Date, state: NotifierState, settings: AlertSettings) {
        var queues: [String: ArraySlice<Alert>] = [:]
        var feeds: [String] = []
        for alert in plan.due {
            let feed = alert.window.feed ?? ""
            if queues[feed] == nil { feeds.append(feed) }
            queues[feed, default: []].append(alert)
        }
        var raised = recent
        var kept: [Alert] = []
        var progress = true
        while progress && kept.count < settings.maxAlertsPerTurn {
            progress = false
            for feed in feeds where kept.count < settings.maxAlertsPerTurn && raised[feed, default: 0] < settings.maxAlertsPerFeedPerHour {
                guard let alert = queues[feed]?.popFirst() else { continue }
                kept.append(alert)
                raised[feed, default: 0] += 1
                progress = true
            }
        }
        let keptKeys = Set(kept.map(\.key))
        plan.heldBack = plan.due.filter { !keptKeys.contains($0.key) }
        kept.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        plan.due = kept
        guard let first = plan.heldBack.first else { return }
        let hour = Int(now.timeIntervalSince1970) / 3_600
        let key = "\(first.window.feed ?? "")|held-back|\(hour)"
        guard state.sent[key] == nil else { return }
        // A window of its own, so that it replaces no window's notification on the desktop.
        var window = first.window
        window.key = key
        let text = AlertText(kind: .heldBack, window: window, lead: plan.heldBack.count, time: now, late: false, changed: false, now: now)
        plan.due.append(Alert(key: key, time: now, kind: .heldBack, window: window, lead: plan.heldBack.count, late: false,
                              changed: false, title: text.title, body: text.body, urgency: .normal))
    }

    /// The state after `plan` was carried out at `now`: its alerts recorded, every window's
    /// current version remembered.
    public static func record(_ plan: Plan, windows: [FeedWindow], now: Date, in state: NotifierState) -> NotifierState {
        var state = state
        for alert in plan.due + plan.dropped + plan.superseded + plan.heldBack { state.sent[alert.key] = now }
        var raised = state.raisedLastHour ?? [:]
        for alert in plan.due + plan.heldBack { raised[alert.window.feed ?? "", default: []].append(now) }
        raised = raised.mapValues { $0.filter { now.timeIntervalSince($0) < 3_600 } }.filter { !$0.value.isEmpty }
        state.raisedLastHour = raised.isEmpty ? nil : raised
        for window in windows {
            let previous = state.windows[window.key]
            let changed = previous.map { $0.changed || moved(from: $0, to: window) } ?? false
            state.windows[window.key] = .init(
                sequence: window.sequence, start: window.start, end: window.end, cancelled: window.cancelled, changed: changed)
        }
        state.lastRun = now
        state.prune(now: now)
        return state
    }

    static func moved(from record: NotifierState.WindowRecord, to window: FeedWindow) -> Bool {
        !record.cancelled && !window.cancelled
            && (record.sequence != window.sequence || record.start != window.start || record.end != window.end)
    }

    /// Every alert time of a window: leads before the start, the start, leads before the end,
    /// the end. Leads that fall outside their half of the window are left out. An end that is
    /// not known, or that belongs to a backup day that may not happen, is never announced.
    static func schedule(_ window: FeedWindow, _ settings: AlertSettings) -> [(AlertKind, Int, Date)] {
        let hasOwn = !window.alarmsBeforeStart.isEmpty || !window.alarmsBeforeEnd.isEmpty
        let beforeStart = settings.beforeStart ?? (hasOwn ? window.alarmsBeforeStart : settings.defaultBeforeStart)
        let beforeEnd = settings.beforeEnd ?? (hasOwn ? window.alarmsBeforeEnd : settings.defaultBeforeEnd)
        var times: [(AlertKind, Int, Date)] = []
        for lead in Set(beforeStart).sorted(by: >) where lead > 0 {
            times.append((.beforeStart, lead, window.start.addingTimeInterval(-Double(lead))))
        }
        times.append((.start, 0, window.start))
        guard let end = window.end, !window.backup else { return times }
        for lead in Set(beforeEnd).sorted(by: >) where lead > 0 {
            let time = end.addingTimeInterval(-Double(lead))
            if time > window.start { times.append((.beforeEnd, lead, time)) }
        }
        if end > window.start { times.append((.end, 0, end)) }
        return times
    }

    static func make(
        _ kind: AlertKind, _ window: FeedWindow, lead: Int, time: Date, now: Date, changed: Bool, settings: AlertSettings
    ) -> Alert {
        make(Slot(kind, lead, time), window, now: now, changed: changed, settings: settings)
    }

    /// The alert of `slot`. Its key is that of the alert it stands for, wherever the desk's
    /// hours put it: raised once, whatever the hours were when it was planned.
    static func make(_ slot: Slot, _ window: FeedWindow, now: Date, changed: Bool, settings: AlertSettings) -> Alert {
        let version = "\(window.sequence)/\(Int(window.start.timeIntervalSince1970))/\(window.end.map { String(Int($0.timeIntervalSince1970)) } ?? "open")"
        let late = now.timeIntervalSince(slot.time) > Double(settings.grace)
        let key = "\(window.key)|\(slot.identity.kind.rawValue)|\(slot.identity.lead)|\(version)"
        let text = AlertText(kind: slot.kind, window: window, lead: slot.lead, time: slot.time, late: late, changed: changed, now: now,
                             moved: slot.move != nil)
        return Alert(key: key, time: slot.time, kind: slot.kind, window: window, lead: slot.lead, late: late, changed: changed,
                     title: text.title, body: text.body, urgency: text.urgency, move: slot.move)
    }
}

extension FeedWindow {
    /// How long after its start a window whose end is not known still counts as on, for
    /// raising a missed alert late.
    static let openEndReach: TimeInterval = 86_400

    /// Not over yet at `now`: its end is later, or, not being known, the start was within a day.
    func isOn(after now: Date) -> Bool { (end ?? start.addingTimeInterval(Self.openEndReach)) > now }
}
