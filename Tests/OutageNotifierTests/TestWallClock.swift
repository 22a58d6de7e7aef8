import Foundation
import OutageNotifier

/// A wall clock that moves only when the test says (swift-clocks' TestClock, for wall time):
/// ``advance(by:)`` lets time pass, as while the daemon sleeps or the PC is suspended, and wakes
/// the sleepers whose deadline came; ``set(to:)`` sets the clock, forward or back, and wakes
/// every sleeper with ``WallClockWake/clockSet``, as a timerfd with TFD_TIMER_CANCEL_ON_SET does.
final class TestWallClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<WallClockWake?, Never>
    }

    private let lock = NSLock()
    private var time: Date
    private var sleepers: [UInt64: Sleeper] = [:]
    private var counter: UInt64 = 0
    private var started = 0

    init(_ start: Date) {
        time = start
    }

    var now: Date { lock.withLock { time } }

    /// How many sleeps have begun (a deadline already past is no sleep).
    var sleeps: Int { lock.withLock { started } }

    /// How many are asleep now.
    var asleep: Int { lock.withLock { sleepers.count } }

    func sleep(until deadline: Date) async throws -> WallClockWake {
        try Task.checkCancellation()
        let id: UInt64? = lock.withLock {
            guard deadline > time else { return nil }
            counter += 1
            started += 1
            return counter
        }
        guard let id else { return .reached }
        let woke = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = lock.withLock {
                    if Task.isCancelled { return true }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume(returning: nil) }
            }
        } onCancel: {
            lock.withLock { sleepers.removeValue(forKey: id) }?.continuation.resume(returning: nil)
        }
        guard let woke else { throw CancellationError() }
        return woke
    }

    /// Time passes: sleepers whose deadline came wake, in order.
    func advance(by seconds: TimeInterval) {
        let due: [Sleeper] = lock.withLock {
            time = time.addingTimeInterval(seconds)
            let due = sleepers.filter { $0.value.deadline <= time }
            for key in due.keys { sleepers.removeValue(forKey: key) }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume(returning: .reached) }
    }

    /// The clock is set to `date`: every sleeper wakes and is told so.
    func set(to date: Date) {
        let all: [Sleeper] = lock.withLock {
            time = date
            defer { sleepers.removeAll() }
            return Array(sleepers.values)
        }
        for sleeper in all { sleeper.continuation.resume(returning: .clockSet) }
    }
}
