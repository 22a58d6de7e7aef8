import Foundation
import Logging
import OutageCore
import ServiceLifecycle
import UnixSignals

/// The daemon: sleeps until the next alert or refresh (no polling), wakes early on SIGHUP to
/// reload every feed, re-plans after the wall clock jumps (suspend, NTP), and stops on graceful
/// shutdown (SIGTERM, SIGINT through ServiceGroup).
public struct NotifierService<C: Clock>: Service where C.Duration == Duration {
    let notifier: Notifier
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    /// The longest single sleep. Sleeping on a monotonic clock cannot see the wall clock jump,
    /// so the daemon looks again at least this often.
    let longestSleep: Duration
    let hangups: (any AsyncSequence<Void, Never> & Sendable)?
    /// Logged once the first turn is done (and signal handling is in place).
    let startMessage: String?

    public init(
        notifier: Notifier, clock: C, now: @escaping @Sendable () -> Date, logger: Logger, startMessage: String? = nil,
        longestSleep: Duration = .seconds(300), hangups: (any AsyncSequence<Void, Never> & Sendable)? = nil
    ) {
        self.startMessage = startMessage
        self.notifier = notifier
        self.clock = clock
        self.now = now
        self.logger = logger
        self.longestSleep = longestSleep
        self.hangups = hangups
    }

    /// SIGHUP as a sequence, for production.
    public static func systemHangups() async -> any AsyncSequence<Void, Never> & Sendable {
        await UnixSignalsSequence(trapping: .sighup).map { _ in () }
    }

    public func run() async throws {
        let wake = Wakeup()
        // Graceful shutdown (SIGTERM, SIGINT) cancels the loop and the SIGHUP listener; the
        // service then returns normally, so the process exits 0.
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let hangups {
                    group.addTask {
                        for await _ in hangups {
                            logger.info("SIGHUP: reloading every feed")
                            await wake.reload()
                        }
                    }
                }
                group.addTask {
                    do {
                        try await loop(wake)
                    } catch {
                        // Cancelled: shutting down.
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        logger.info("stopped")
    }

    private func loop(_ wake: Wakeup) async throws {
        var reload = false
        var first = true
        while !Task.isCancelled {
            let started = now()
            let next = await notifier.step(now: started, reload: reload)
            if first, let startMessage {
                logger.info("\(startMessage); next: \(next.map(JST.iso) ?? "nothing planned")")
                first = false
            }
            // Read both clocks together: the deadline is absolute, so time that passes before the
            // sleep begins is not slept again.
            let before = clock.now
            let after = now()
            var wait = longestSleep
            if let next {
                let seconds = max(0, next.timeIntervalSince(after))
                wait = min(wait, .milliseconds(Int64((seconds * 1000).rounded(.up))))
            }
            // Something already due (a slow turn, or a clock that moved on): no sleep at all.
            reload = wait > .zero ? try await wake.sleep(on: clock, until: before.advanced(by: wait)) : false
            let slept = before.duration(to: clock.now)
            let wallSlept = now().timeIntervalSince(after)
            let sleptSeconds = Double(slept.components.seconds) + Double(slept.components.attoseconds) / 1e18
            if abs(wallSlept - sleptSeconds) > 60 {
                logger.notice("the clock moved by \(Int(wallSlept - sleptSeconds)) s while waiting (suspend or time change); planning again")
            }
        }
    }
}

/// Lets a SIGHUP cut a sleep short.
actor Wakeup {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    func reload() {
        pending = true
        waiter?.resume()
        waiter = nil
    }

    /// Sleeps until `deadline`; returns true when cut short by a reload.
    func sleep<C: Clock>(on clock: C, until deadline: C.Instant) async throws -> Bool {
        if pending {
            pending = false
            return true
        }
        let interrupted = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do { try await clock.sleep(until: deadline, tolerance: nil) } catch { return false }
                return false
            }
            group.addTask { await self.waitForReload(); return true }
            let first = await group.next() ?? false
            group.cancelAll()
            self.cancelWait()
            return first
        }
        try Task.checkCancellation()
        if interrupted { pending = false }
        return interrupted
    }

    private func waitForReload() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if pending || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWait() }
        }
    }

    private func cancelWait() {
        waiter?.resume()
        waiter = nil
    }
}
