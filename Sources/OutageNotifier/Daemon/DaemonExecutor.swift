@_spi(ExperimentalScheduling) @_spi(ExperimentalCustomExecutors) import _Concurrency
import NIOCore
import NIOPosix
import Synchronization

/// Where the notifier's tasks run and its timers wait, so that an idle notifier makes no
/// system call.
///
/// On Linux, Swift concurrency's default executor is libdispatch's worker pool, and the first
/// worker it starts also starts the pool's monitor, a timer that wakes the process every second
/// for as long as it lives (`_dispatch_workq_init_once`). A `Task.sleep` starts such a worker
/// too — the notifier's own timeouts, and swift-subprocess's, which waits for cancellation in
/// one-second sleeps while a child runs. So the daemon runs on SwiftNIO's event-loop threads
/// (the ones its HTTP client uses), which sleep in `epoll_wait` until there is work:
/// ``install()`` makes them Swift's global executor, and ``run(_:)`` gives the daemon's tasks an
/// executor on which `Task.sleep` is a timer of the event loop.
public enum DaemonExecutor {
    private static let installed = Mutex(false)

    /// Makes SwiftNIO's event loops the global executor. Call it once, on the main actor,
    /// before the first task leaves it: a worker started before it would start the monitor
    /// anyway. Returns false when it could not (a runtime without the hook); the daemon then
    /// runs as before, waking once a second.
    @discardableResult
    public static func install() -> Bool {
        installed.withLock { done in
            if !done { done = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() }
            return done
        }
    }

    /// The daemon's executor: one event loop of SwiftNIO's shared group, on which a
    /// `Task.sleep` is a timer of the loop. A task the daemon starts outside ``run(_:)``'s
    /// children (`Task(executorPreference:)`) names it to sleep the same way.
    public static let taskExecutor: any TaskExecutor = EventLoopTaskExecutor(NIOSingletons.posixEventLoopGroup.next())

    /// Runs `operation` and every child task it starts on ``taskExecutor``, their `Task.sleep`
    /// included.
    public static func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(taskExecutor) {
            try await operation()
        }
    }

    /// `Task.sleep(for:)` on an event loop, wherever the task runs: returns after `duration`,
    /// throws `CancellationError` when the task is cancelled.
    @Sendable
    public static func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let scheduled = NIOSingletons.posixEventLoopGroup.any().scheduleTask(in: TimeAmount(clamping: duration)) {}
        try await withTaskCancellationHandler {
            do {
                try await scheduled.futureResult.get()
            } catch EventLoopError.cancelled {
                throw CancellationError()
            }
        } onCancel: {
            scheduled.cancel()
        }
    }
}

/// A task executor on one SwiftNIO event loop that also schedules: a `Task.sleep` on it is a
/// timer of the loop (`scheduleTask`), not a libdispatch timer.
final class EventLoopTaskExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        guard let delay = delay as? Duration else {
            // A clock whose durations are not Swift's (none in OutageCal): as Swift would.
            (Task.defaultExecutor as? any SchedulingExecutor)?.enqueue(job, after: delay, tolerance: tolerance, clock: clock)
            return
        }
        let job = UnownedJob(job)
        loop.scheduleTask(in: TimeAmount(clamping: delay)) { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        enqueue(job, after: clock.now.duration(to: instant), tolerance: tolerance, clock: clock)
    }
}

extension TimeAmount {
    /// `duration` in nanoseconds; past a century, a century (NIO counts in an Int64), before
    /// zero, zero.
    init(clamping duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let century: Int64 = 3_155_760_000
        self = .nanoseconds(seconds >= century ? century * 1_000_000_000 : max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
