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
        let previous = self.state ?? store.load(now: now)
        var state = previous
        await follower.refresh(now: now, force: reload)
        let windows = await follower.windows
        let plan = AlertPlanner.plan(windows, now: now, state: state, settings: settings)
        for alert in plan.dropped {
            logger.info("not raised, its window is over: \(alert.title) (due \(JST.iso(alert.time)))")
        }
        for alert in plan.superseded {
            logger.info("not raised, a later alert covers it: \(alert.title) (due \(JST.iso(alert.time)))")
        }
        for alert in plan.due {
            await sinks.deliver(alert)
        }
        state = AlertPlanner.record(plan, windows: windows, now: now, in: state)
        self.state = state
        // Written only when something was raised or a window changed: an idle wake costs no disk.
        guard state.sent != previous.sent || state.windows != previous.windows || self.saved == false else {
            return await next(plan)
        }
        do {
            try store.save(state)
            saved = true
        } catch {
            logger.error("cannot save the state file \(store.path): \(error); alerts may be repeated after a restart")
        }
        return await next(plan)
    }

    private func next(_ plan: AlertPlanner.Plan) async -> Date? {
        let refresh = await follower.nextRefresh
        return [plan.nextAlert, refresh].compactMap { $0 }.min()
    }
}
