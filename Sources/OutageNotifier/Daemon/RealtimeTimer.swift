import CTimerfd
import Foundation
import Synchronization

/// One timerfd on CLOCK_REALTIME, the wall clock, armed for an absolute deadline and cancelled
/// when the clock is set. Owns its descriptor, closed in `deinit`. One per sleep.
///
/// Why this timer sees every jump of the wall clock (timerfd_create(2)):
/// - TFD_TIMER_ABSTIME on CLOCK_REALTIME: the deadline is a wall time, so a clock set forward
///   past it makes the timer expire at once, and one set back delays it with the clock.
/// - TFD_TIMER_CANCEL_ON_SET: "if the real-time clock undergoes a discontinuous change
///   (settimeofday(2), clock_settime(2), or similar) … a current or future read(2) from the
///   file descriptor will fail with the error ECANCELED": the caller plans again.
/// - Resume from suspend: the kernel treats it as a clock set (kernel/time/timekeeping.c,
///   timekeeping_resume: "Notify timerfd as resume is equivalent to clock_was_set()",
///   timerfd_resume()), so the read fails with ECANCELED on resume; and a CLOCK_REALTIME
///   timer whose time passed during the suspend expires on resume in any case.
/// So there is no need for a periodic look at the clock, nor for logind's PrepareForSleep.
final class RealtimeTimer: Sendable {
    enum Outcome: Sendable, Equatable {
        /// The deadline came.
        case expired
        /// The wall clock was set, or the PC resumed (ECANCELED).
        case clockSet
        /// ``stop()`` was called.
        case stopped
        /// The system refused (errno).
        case failed(Int32)
    }

    struct CreateError: Error {
        let code: Int32
    }

    private let descriptor: Int32
    private let stopped = Mutex(false)

    /// timerfd_create(2) on CLOCK_REALTIME (`outagecal_realtime_timer`).
    init() throws(CreateError) {
        let descriptor = outagecal_realtime_timer()
        guard descriptor >= 0 else { throw CreateError(code: errno) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Arms the timer for `deadline` (timerfd_settime(2), `outagecal_arm_realtime_timer`) and
    /// blocks the calling thread in read(2) until it expires, the clock is set, or ``stop()``.
    func wait(until deadline: Date) -> Outcome {
        let since = deadline.timeIntervalSince1970
        let seconds = since.rounded(.down)
        let nanoseconds = min(999_999_999, max(0, Int((since - seconds) * 1e9)))
        // Beyond what time_t holds (distantFuture is within it): the latest it does.
        let whole = seconds < 1e15 ? Int64(seconds) : Int64(1e15)
        guard outagecal_arm_realtime_timer(descriptor, whole, nanoseconds) == 0 else { return .failed(errno) }
        // Checked after arming: a stop() from now on expires the armed timer; one before it is seen here.
        if stopped.withLock({ $0 }) { return .stopped }
        var expirations: UInt64 = 0
        while true {
            let count = read(descriptor, &expirations, MemoryLayout<UInt64>.size)
            if count == MemoryLayout<UInt64>.size { return stopped.withLock { $0 } ? .stopped : .expired }
            let code = errno
            if count < 0 && code == EINTR { continue }
            if count < 0 && code == ECANCELED { return .clockSet }
            return .failed(count < 0 ? code : EIO)
        }
    }

    /// Ends a ``wait(until:)`` in progress or about to start, from another thread: the timer
    /// is made to expire at once (timerfd_settime(2), `outagecal_expire_timer_now`).
    func stop() {
        stopped.withLock { $0 = true }
        _ = outagecal_expire_timer_now(descriptor)
    }
}
