import Foundation
import Logging
import OutageCore
import ServiceLifecycle
import Processes

/// The production wiring of the notifier: the real fetcher, cache, process runner, sinks,
/// clock and signals. Tests build a ``Notifier`` from fakes instead.
public struct NotifierSetup: Sendable {
    public enum Sink: String, Sendable, CaseIterable {
        case desktop, terminal
    }

    public var sources: [FeedSource]
    public var settings: AlertSettings
    public var sinks: [Sink]
    /// `--exec`: a command run for each alert.
    public var command: String?
    public var statePath: String
    public var limits: FeedFollower.Limits
    public var now: @Sendable () -> Date

    public init(
        sources: [FeedSource], settings: AlertSettings, sinks: [Sink], command: String?, statePath: String,
        limits: FeedFollower.Limits, now: @escaping @Sendable () -> Date
    ) {
        self.sources = sources
        self.settings = settings
        self.sinks = sinks
        self.command = command
        self.statePath = statePath
        self.limits = limits
        self.now = now
    }

    public func follower(logger: Logger) -> FeedFollower {
        Self.follower(sources, limits: limits, logger: logger)
    }

    /// Follows `sources` over HTTP, with the last good copies in the XDG cache.
    public static func follower(_ sources: [FeedSource], limits: FeedFollower.Limits = .init(), logger: Logger) -> FeedFollower {
        FeedFollower(sources: sources, fetcher: HTTPFeedFetcher(), cache: FeedCache(directory: XDG.cacheDirectory + "/feeds"),
                     limits: limits, logger: logger)
    }

    /// `actions`: desktop notifications carry 詳細を見る and 了解 (for the daemon, which stays to
    /// act on the answer).
    public func notifier(logger: Logger, actions: Bool = false) -> Notifier {
        let runner = SystemProcessRunner(sleep: DaemonExecutor.sleep(for:))
        let terminal = TerminalSink.standardOutput(now: now)
        var chosen: [AlertSink] = []
        if sinks.contains(.desktop) {
            if SystemProcessRunner.locate("notify-send") == nil {
                logger.warning("notify-send is not installed (Debian: apt install libnotify-bin); alerts go to the terminal")
            }
            chosen.append(DesktopSink(runner: runner, actions: actions, shownPath: statePath + ".notifications",
                                      executor: DaemonExecutor.taskExecutor))
        }
        if sinks.contains(.terminal) { chosen.append(terminal) }
        if let command { chosen.append(ExecSink(command: command, runner: runner)) }
        return Notifier(follower: follower(logger: logger), sinks: SinkSet(chosen, fallback: terminal, logger: logger),
                        store: StateStore(path: statePath, logger: logger), settings: settings, logger: logger)
    }

    /// Runs the daemon until SIGTERM or SIGINT; SIGHUP reloads the feeds.
    public func runDaemon(_ notifier: Notifier, logger: Logger) async throws {
        // `now` is the system's time, or `--now`'s moment and the time since: the wall clock is
        // shifted by the difference (the system's own reads within a millisecond of it).
        let offset = now().timeIntervalSinceNow
        let clock = SystemWallClock(offset: abs(offset) < 1 ? 0 : offset)
        let service = NotifierService(notifier: notifier, clock: clock, logger: logger,
                                      startMessage: "following \(sources.map(\.description).joined(separator: ", ")); stop with Ctrl-C or SIGTERM, reload with SIGHUP",
                                      hangups: await NotifierService<SystemWallClock>.systemHangups())
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // On an event loop, timers included, so that it sleeps when idle (see DaemonExecutor).
        try await DaemonExecutor.run { try await group.run() }
    }
}
