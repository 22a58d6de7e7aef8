import Foundation
import Logging
import OutageCore

/// One turn of the notifier: refresh what is due, plan, raise what is due, remember it.
/// The daemon and `--once` both drive it; it has no clock of its own.
public actor Notifier {
    let follower: FeedFollower
    let sinks: SinkSet
    let store: StateStore
    let settings: AlertSettings
    let logger: Logger
    private var state: NotifierState?
    /// Whether the state file was written by this process yet.
    private var saved = false
    /// Why the state could not be kept on the last turn, if it could not: alerts are then
    /// remembered in this process only (each raised once while it runs) and would be raised
    /// again by the next process. `--once` exits non-zero on it.
    public private(set) var stateProblem: StateStore.SaveError?

    public init(follower: FeedFollower, sinks: SinkSet, store: StateStore, settings: AlertSettings, logger: Logger) {
        self.follower = follower
        self.sinks = sinks
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// Runs one turn at `now`. Returns when something next needs doing: an alert or a refresh.
    @discardableResult
    public func step(now: Date, reload: Bool = false) async -> Date? {
        // Feeds first: a slow server must not hold the lock.
        await follower.refresh(now: now, force: reload)
        let windows = await follower.windows
        // Load, raise and save under the lock, loading again each turn: another notifier may
        // have raised and recorded alerts since this one last looked.
        var problem: StateStore.SaveError?
        let lock: StateStore.Lock?
        do {
            lock = try await store.lock()
        } catch {
            lock = nil
            problem = error
        }
        defer { withExtendedLifetime(lock) {} }
        let previous = Self.merge(store.load(now: now), self.state)
        var state = previous
        let plan = AlertPlanner.plan(windows, now: now, state: state, settings: settings)
        log(plan.dropped, "not raised, its window is over")
        log(plan.superseded, "not raised, a later alert covers it")
        if let first = plan.heldBack.first {
            logger.warning("\(plan.heldBack.count) alerts not raised: more were due than \(settings.maxAlertsPerTurn) a turn or \(settings.maxAlertsPerFeedPerHour) an hour from one feed (first: \(first.title), from \(first.window.feed ?? "a feed")); check that feed")
        }
        // What will not be raised is recorded before anything is, in one write: after a crash
        // mid-batch, an alert that a later one covered must not come back as a late one of its own.
        let skipped = plan.dropped + plan.superseded + plan.heldBack
        if !skipped.isEmpty {
            for alert in skipped { state.sent[alert.key] = now }
            self.state = state
            problem = save(state) ?? problem
        }
        for alert in plan.due {
            await sinks.deliver(alert)
            // Noted as soon as it is raised, in the journal: a crash (kill -9, power) repeats at
            // most this one; the whole state is written once, below.
            state.sent[alert.key] = now
            self.state = state
            do {
                try store.note(alert.key, at: now)
            } catch {
                problem = error
            }
        }
        state = AlertPlanner.record(plan, windows: windows, now: now, in: state)
        self.state = state
        // Written only when something was raised or a window changed: an idle wake costs no disk.
        if state.sent != previous.sent || state.windows != previous.windows || self.saved == false {
            problem = save(state) ?? problem
        }
        if let problem, problem != stateProblem {
            // Once per problem, not per alert or per turn: the daemon goes on from memory.
            logger.error("\(problem)")
        }
        stateProblem = problem
        return await next(plan)
    }

    /// Logs each of `alerts` with `why`; past ``loggedEach`` of them, the rest in one line: a
    /// feed gone wrong can give thousands.
    private func log(_ alerts: [Alert], _ why: String) {
        for alert in alerts.prefix(Self.loggedEach) { logger.info("\(why): \(alert.title) (due \(JST.iso(alert.time)))") }
        if alerts.count > Self.loggedEach { logger.info("\(why): \(alerts.count - Self.loggedEach) more alerts") }
    }

    /// How many alerts not raised are logged one by one in a turn.
    static let loggedEach = 10

    /// Saves the state; gives why it could not.
    private func save(_ state: NotifierState) -> StateStore.SaveError? {
        do {
            try store.save(state)
            saved = true
            return nil
        } catch {
            return error
        }
    }

    /// What is on disk, with what this process raised and has not managed to save added.
    static func merge(_ disk: NotifierState, _ memory: NotifierState?) -> NotifierState {
        guard let memory else { return disk }
        var merged = disk
        merged.sent.merge(memory.sent) { old, _ in old }
        merged.windows.merge(memory.windows) { _, mine in mine }
        merged.lastRun = [disk.lastRun, memory.lastRun].compactMap { $0 }.max()
        merged.raisedLastHour = (disk.raisedLastHour ?? [:]).merging(memory.raisedLastHour ?? [:]) { $0.count >= $1.count ? $0 : $1 }
        return merged
    }

    private func next(_ plan: AlertPlanner.Plan) async -> Date? {
        let refresh = await follower.nextRefresh
        return [plan.nextAlert, refresh].compactMap { $0 }.min()
    }
}
