import Foundation
import OutageCore
@testable import OutageNotifier
import Testing

/// Issue 24: the daemon sleeps until the next alert or refresh, with no periodic wake-up, and a
/// clock set or a suspend across a window's start neither misses nor doubles an alert. Driven
/// by ``TestWallClock``: nothing sleeps for real.
@Suite("Notifier sleeps")
struct SleepTests {
    /// The daemon on `clock`, from the West Japan fixture feed.
    static func start(_ clock: TestWallClock, record: RecordingSink, fetcher: ScriptedFetcher) -> Task<Void, Error> {
        let notifier = DaemonTests.notifier(store: StateStore(path: Fixture.scratch() + "/state.json", logger: Fixture.logger),
                                            record: record, fetcher: fetcher)
        let service = NotifierService(notifier: notifier, clock: clock, logger: Fixture.logger)
        return Task { try await service.run() }
    }

    static func feed() -> ScriptedFetcher {
        ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))])
    }

    /// Lets the daemon run until it is asleep again with `sleeps` sleeps begun.
    static func asleep(_ clock: TestWallClock, sleeps: Int) async {
        await DaemonTests.settle { clock.asleep == 1 && clock.sleeps >= sleeps }
        for _ in 0..<200 { await Task.yield() }
    }

    /// The start of the first window of the fixture.
    static let three = Fixture.jst("2024-12-31T03:00:00+09:00")

    /// How many alerts of `alerts` announce the 03:00 window's start.
    static func starts(_ alerts: [Alert]) -> Int {
        alerts.filter { $0.kind == .start && $0.window.start == three }.count
    }

    /// The keys of alerts raised more than once.

    static func doubled(_ alerts: [Alert]) -> [String] {
        Dictionary(grouping: alerts, by: \.key).filter { $0.value.count > 1 }.map(\.key)
    }

    @Test("idle, five days from the next window: one sleep until the refresh six hours on, no wake-up before it")
    func noPeriodicWakeUps() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-25T12:00:00+09:00"))
        let record = RecordingSink()
        let fetcher = Self.feed()
        let task = Self.start(clock, record: record, fetcher: fetcher)
        await Self.asleep(clock, sleeps: 1)
        // Time passes a minute at a time up to a second before the feed's refresh (PT6H).
        // A sleeper woken by an advance is gone at once; the daemon then sleeps again.
        for _ in 0..<359 {
            clock.advance(by: 60)
            await DaemonTests.settle { clock.asleep == 1 }
        }
        clock.advance(by: 59)
        await DaemonTests.settle { clock.asleep == 1 }
        #expect(clock.sleeps == 1, "woke \(clock.sleeps - 1) times with nothing due")
        #expect(await fetcher.requests.count == 1)
        // 18:00: the refresh, then one sleep again.
        clock.advance(by: 1)
        await Self.asleep(clock, sleeps: 2)
        #expect(await fetcher.requests.count == 2)
        #expect(clock.sleeps == 2)
        #expect(await record.alerts.isEmpty)
        task.cancel()
        _ = try? await task.value
    }

    @Test("the clock set forward across a window's start (02:10 to 03:10): the start is raised at once, exactly once")
    func setForward() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-31T02:10:00+09:00"))
        let record = RecordingSink()
        let task = Self.start(clock, record: record, fetcher: Self.feed())
        // The evening-before reminders, late; then asleep until 02:30.
        await DaemonTests.settle { await record.alerts.count >= 2 }
        await Self.asleep(clock, sleeps: 1)
        #expect(Self.starts(await record.alerts) == 0)
        clock.set(to: Fixture.jst("2024-12-31T03:10:00+09:00"))
        // No time passes on the clock: the set alone wakes the daemon.
        await DaemonTests.settle { Self.starts(await record.alerts) >= 1 }
        #expect(Self.starts(await record.alerts) == 1)
        // Set to the same time again, then an hour passes: nothing more of that start.
        await Self.asleep(clock, sleeps: 2)
        clock.set(to: Fixture.jst("2024-12-31T03:10:00+09:00"))
        await DaemonTests.pass(minutes: 60, on: clock)
        let alerts = await record.alerts
        #expect(Self.starts(alerts) == 1, "\(alerts.map { ($0.kind, $0.time) })")
        #expect(Self.doubled(alerts).isEmpty)
        task.cancel()
        _ = try? await task.value
    }

    @Test("the clock set back after a window's start (03:05 to 02:00): nothing is raised twice when 03:00 comes again")
    func setBack() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-31T02:50:00+09:00"))
        let record = RecordingSink()
        let task = Self.start(clock, record: record, fetcher: Self.feed())
        await DaemonTests.settle { await record.alerts.count >= 2 }
        await DaemonTests.pass(minutes: 15, on: clock)  // 03:05: the start was raised
        await DaemonTests.settle { Self.starts(await record.alerts) >= 1 }
        // The turn over and the daemon asleep again: the count is of whole batches.
        await DaemonTests.settle { clock.asleep == 1 }
        for _ in 0..<200 { await Task.yield() }
        let before = await record.alerts.count
        clock.set(to: Fixture.jst("2024-12-31T02:00:00+09:00"))
        for _ in 0..<500 { await Task.yield() }
        // Through 02:30 and 03:00 again, to 03:05.
        await DaemonTests.pass(minutes: 65, on: clock)
        let alerts = await record.alerts
        #expect(alerts.count == before, "raised again: \(alerts.dropFirst(before).map { ($0.kind, $0.time) })")
        #expect(Self.starts(alerts) == 1)
        #expect(Self.doubled(alerts).isEmpty)
        task.cancel()
        _ = try? await task.value
    }

    @Test("suspended from 02:10 to 03:20, across the start: on resume the start is raised once, late, and nothing twice")
    func suspendAcrossTheStart() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-31T02:10:00+09:00"))
        let record = RecordingSink()
        let task = Self.start(clock, record: record, fetcher: Self.feed())
        await DaemonTests.settle { await record.alerts.count >= 2 }
        await Self.asleep(clock, sleeps: 1)
        // 70 minutes pass in one step, as over a suspend (the timer's deadline passed meanwhile).
        clock.advance(by: 70 * 60)
        await DaemonTests.settle { Self.starts(await record.alerts) >= 1 }
        await DaemonTests.pass(minutes: 60, on: clock)
        let alerts = await record.alerts
        let start = alerts.filter { $0.kind == .start && $0.window.start == Self.three }
        #expect(start.count == 1)
        #expect(start.first?.late == true)
        #expect(Self.doubled(alerts).isEmpty)
        task.cancel()
        _ = try? await task.value
    }
}

/// The production clock's timerfd, for real, without setting the system's clock (that needs
/// CAP_SYS_TIME and would disturb the machine): ECANCELED on a clock set is what the kernel
/// does (timerfd_create(2)); the daemon's answer to it is tested above through ``TestWallClock``.
@Suite("Realtime timer")
struct RealtimeTimerTests {
    @Test("a deadline long past (the epoch itself, which all-zero would disarm) expires at once")
    func pastDeadline() throws {
        #expect(try Self.wait(until: Date(timeIntervalSince1970: 0)) == .expired)
        #expect(try Self.wait(until: Date(timeIntervalSinceNow: -3600)) == .expired)
    }

    /// A fresh timer's wait, on a thread of its own; nil when it has not returned within 5 s
    /// (a real wait only when it failed).
    static func wait(until deadline: Date) throws -> RealtimeTimer.Outcome? {
        let timer = try RealtimeTimer()
        let done = DispatchSemaphore(value: 0)
        let outcome = Done()
        Thread {
            outcome.set("\(timer.wait(until: deadline))")
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + 5) == .success else {
            timer.stop()
            return nil
        }
        return outcome.value == "expired" ? .expired : .failed(0)
    }

    @Test("a sleep an hour long ends at once when its task is cancelled (graceful shutdown)")
    func cancelled() async throws {
        let done = Done()
        let sleeper = Task {
            do {
                _ = try await SystemWallClock().sleep(until: Date(timeIntervalSinceNow: 3600))
                done.set("returned")
            } catch {
                done.set("\(type(of: error))")
            }
        }
        // Cancelled once its thread is blocked in read(2), not before it arms the timer.
        for _ in 0..<100_000 {
            if Self.timerThreadBlocked() { break }
            await Task.yield()
        }
        #expect(Self.timerThreadBlocked())
        sleeper.cancel()
        // Waits for real only if it failed to end (then at most 5 s).
        for _ in 0..<500 {
            if done.value != nil { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(done.value == "CancellationError")
    }

    @Test("with --now the clock is the system's shifted: its time, and a deadline passed on it returns at once")
    func shifted() async throws {
        let clock = SystemWallClock(offset: -365 * 86_400)
        #expect(abs(clock.now.timeIntervalSinceNow + 365 * 86_400) < 5)
        // A minute ago on the shifted clock: nothing to wait for.
        #expect(try await clock.sleep(until: clock.now.addingTimeInterval(-60)) == .reached)
    }

    /// Whether a thread of this process named "outagecal timer" is asleep (proc(5): state S).
    static func timerThreadBlocked() -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.contains { task in
            let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            let stat = (try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8)) ?? ""
            // The state follows the name in parentheses.
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return comm.hasPrefix("outagecal timer") && state == "S"
        }
    }

    final class Done: @unchecked Sendable {
        private let lock = NSLock()
        private var result: String?
        var value: String? { lock.withLock { result } }
        func set(_ text: String) { lock.withLock { result = text } }
    }
}
