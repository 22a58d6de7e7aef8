import Foundation
import Logging
import OutageCore
import ServiceLifecycle
import UnixSignals

/// The daemon: sleeps until the next alert or refresh and not a moment before (no polling: idle,
/// it makes no system call), wakes early on SIGHUP to reload every feed, plans again when the
/// wall clock is set or the PC resumes from suspend (the ``WallClock`` says so), and stops on
/// graceful shutdown (SIGTERM, SIGINT through ServiceGroup).
public struct NotifierService<C: WallClock>: Service {
    let notifier: Notifier
    let clock: C
    let logger: Logger
    let hangups: (any AsyncSequence<Void, Never> & Sendable)?
    /// Logged once the first turn is done (and signal handling is in place).
    let startMessage: String?

    public init(
        notifier: Notifier, clock: C, logger: Logger, startMessage: String? = nil,
        hangups: (any AsyncSequence<Void, Never> & Sendable)? = nil
    ) {
        self.startMessage = startMessage
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
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
            let next = await notifier.step(now: clock.now, reload: reload)
            if first, let startMessage {
                logger.info("\(startMessage); next: \(next.map(JST.iso) ?? "nothing planned")")
                first = false
            }
            // One sleep to the next thing due, on the wall clock: a deadline already passed (a
            // slow turn) returns at once; with nothing planned, only a SIGHUP, a clock set or
            // shutdown wakes it.
            let woke = try await wake.sleep(on: clock, until: next ?? .distantFuture)
            reload = woke == .reload
            if woke == .clockSet {
                logger.notice("the clock was set or the PC resumed from suspend (now \(JST.iso(clock.now))); planning again")
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

    enum Woke: Equatable { case due, clockSet, reload }

    /// Sleeps until `deadline` on `clock`; says whether the deadline came, the clock was set,
    /// or a reload cut it short.
    func sleep<C: WallClock>(on clock: C, until deadline: Date) async throws -> Woke {
        if pending {
            pending = false
            return .reload
        }
        let woke = await withTaskGroup(of: Woke.self) { group in
            group.addTask {
                do { return try await clock.sleep(until: deadline) == .clockSet ? .clockSet : .due } catch { return .due }
            }
            group.addTask { await self.waitForReload(); return .reload }
            let first = await group.next() ?? .due
            group.cancelAll()
            self.cancelWait()
            return first
        }
        try Task.checkCancellation()
        if woke == .reload { pending = false }
        return woke
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
