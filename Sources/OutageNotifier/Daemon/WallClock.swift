import CTimerfd
import Foundation

/// The clock the daemon reads and sleeps on: the wall clock, because alerts are due at wall
/// times. Production passes ``SystemWallClock``; tests pass a clock they move by hand.
public protocol WallClock: Sendable {
    /// The time now.
    var now: Date { get }

    /// Sleeps until `deadline` on this clock, or less: it returns ``WallClockWake/clockSet``
    /// as soon as the clock is set (a time change, an NTP step, a resume from suspend), so
    /// that the caller plans again from the new time. Returns at once when `deadline` has
    /// passed. Throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Date) async throws -> WallClockWake
}

/// Why a ``WallClock`` sleep ended.
public enum WallClockWake: Sendable, Equatable {
    /// The deadline came.
    case reached
    /// The clock was set (or the PC resumed) before it came: the deadline may now be far or past.
    case clockSet
}

/// The system's wall clock. It sleeps on one timerfd on CLOCK_REALTIME, armed for the absolute
/// deadline with TFD_TIMER_CANCEL_ON_SET (``RealtimeTimer``): nothing wakes the process before
/// the deadline unless the clock is set or the PC resumes, so an idle notifier makes no system
/// call at all.
public struct SystemWallClock: WallClock {
    /// Added to the system's time: zero, but for `--now`, which runs the notifier as if at
    /// another time.
    public let offset: TimeInterval

    public init(offset: TimeInterval = 0) {
        self.offset = offset
    }

    public var now: Date { Date().addingTimeInterval(offset) }

    public func sleep(until deadline: Date) async throws -> WallClockWake {
        try Task.checkCancellation()
        let target = deadline.addingTimeInterval(-offset)
        guard target > Date() else { return .reached }
        let timer: RealtimeTimer
        do {
            timer = try RealtimeTimer()
        } catch {
            // No timer to be had (out of descriptors): look again within a minute rather than
            // miss the deadline or a clock change.
            try await DaemonExecutor.sleep(for: .seconds(min(60, max(0.001, target.timeIntervalSinceNow))))
            return target > Date() ? .clockSet : .reached
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<RealtimeTimer.Outcome, Never>) in
                // A thread of its own blocks in read(2): the cooperative pool's few threads stay free.
                Thread {
                    // Named, so that a look at the process (top -H, /proc) tells what it waits for.
                    outagecal_name_timer_thread()
                    continuation.resume(returning: timer.wait(until: target))
                }.start()
            }
        } onCancel: {
            timer.stop()
        }
        try Task.checkCancellation()
        switch outcome {
        case .expired, .stopped: return .reached
        case .clockSet: return .clockSet
        case .failed:
            // Should not happen (EINVAL, EBADF): a short pause, then the caller plans again.
            try await DaemonExecutor.sleep(for: .seconds(1))
            return .clockSet
        }
    }
}
