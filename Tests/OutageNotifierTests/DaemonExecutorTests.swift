import NIOCore
import NIOEmbedded
@testable import OutageNotifier
import Testing

/// Issue 24: the daemon's tasks wait on SwiftNIO's event loops, not on libdispatch, whose
/// worker pool, once started, wakes the process every second. Driven by NIO's testing loop,
/// whose time moves only when the test moves it: a sleep that went to libdispatch instead
/// would wait its hour for real, and the time limit would fail the test.
@Suite("The daemon's executor", .timeLimit(.minutes(1)))
struct DaemonExecutorTests {
    @Test("a Task.sleep in a task on the daemon's executor is a timer of its event loop: an hour passes when the loop's clock moves an hour")
    func sleepIsALoopTimer() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let executor = EventLoopTaskExecutor(loop)
        let awake = Lines()
        let woke = Task(executorPreference: executor) {
            try await Task.sleep(for: .seconds(3600))
            awake.append("awake")
            return loop.inEventLoop
        }
        // Not before its time…
        await loop.advanceTime(by: .seconds(3599))
        try await Task.sleep(for: .milliseconds(50))
        #expect(awake.all.isEmpty)
        // …and at its time, on the loop.
        await loop.advanceTime(by: .seconds(1))
        #expect(try await Self.value(of: woke))
        try await loop.shutdownGracefully()
    }

    @Test("child tasks of a task on the daemon's executor sleep on it too (swift-subprocess waits on its children in such sleeps)")
    func childTasksInherit() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let executor = EventLoopTaskExecutor(loop)
        let woke = Task(executorPreference: executor) {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for seconds in [600, 1200] {
                    group.addTask {
                        try await Task.sleep(for: .seconds(seconds))
                        return seconds
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        await loop.advanceTime(by: .seconds(1200))
        #expect(try await Self.value(of: woke) == 1800)
        try await loop.shutdownGracefully()
    }

    @Test("a cancelled sleep on the daemon's executor ends at once with CancellationError, with its hour still to run")
    func cancelledSleep() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let executor = EventLoopTaskExecutor(loop)
        let sleeper = Task(executorPreference: executor) {
            try await Task.sleep(for: .seconds(3600))
        }
        try await Task.sleep(for: .milliseconds(50))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        try await loop.shutdownGracefully()
    }

    @Test("the notifier's own timeouts (DaemonExecutor.sleep) end after their time and throw CancellationError when cancelled")
    func eventLoopSleep() async throws {
        try await DaemonExecutor.sleep(for: .milliseconds(10))
        let sleeper = Task { try await DaemonExecutor.sleep(for: .seconds(3600)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("durations NIO cannot count are clamped: none below zero, none past a century")
    func clamping() {
        #expect(TimeAmount(clamping: .seconds(-5)) == .zero)
        #expect(TimeAmount(clamping: .milliseconds(1500)) == .milliseconds(1500))
        #expect(TimeAmount(clamping: .seconds(Int64.max)) == .seconds(3_155_760_000))
    }

    /// The task's value; when the time limit cancels the test, the task is cancelled too, so
    /// that a sleep that did not go to the loop fails the test instead of hanging the run.
    static func value<T: Sendable>(of task: Task<T, any Error>) async throws -> T {
        try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }
}
