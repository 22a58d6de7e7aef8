import Foundation
import OutageCore
import OutageNotifier
import Testing

/// The daemon loop on a test wall clock: it sleeps until the next alert and never for real.
@Suite("Notifier daemon")
struct DaemonTests {
    static func notifier(store: StateStore, record: RecordingSink, fetcher: ScriptedFetcher) -> Notifier {
        let follower = FeedFollower(sources: [.url(Fixture.url)], fetcher: fetcher, cache: nil, logger: Fixture.logger)
        let terminal = TerminalSink(write: { _ in }, isTerminal: false, now: { Date() })
        return Notifier(follower: follower, sinks: SinkSet([RecordingAlertSink(name: "recording", record: record)], fallback: terminal, logger: Fixture.logger),
                        store: store, settings: AlertSettings(), logger: Fixture.logger)
    }

    /// Lets the service's tasks run until `condition` holds (no real time passes).
    static func settle(_ condition: () async -> Bool) async {
        for _ in 0..<200_000 {
            if await condition() { return }
            await Task.yield()
        }
    }

    @Test("sleeps until each alert and raises it on time; a restart repeats nothing")
    func runsOnTestClock() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-31T02:00:00+09:00"))
        let store = StateStore(path: Fixture.scratch() + "/state.json", logger: Fixture.logger)
        let record = RecordingSink()
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))])
        let service = NotifierService(notifier: Self.notifier(store: store, record: record, fetcher: fetcher), clock: clock,
                                      logger: Fixture.logger)
        let task = Task { try await service.run() }
        // 02:00: the evening-before reminders are late; one per window is raised at once.
        await Self.settle { await record.alerts.count >= 2 }
        let first = await record.alerts
        #expect(first.map(\.late) == [true, true], "\(first.map { ($0.title, $0.time, $0.key) })")
        // 02:30: thirty minutes before the outage.
        clock.advance(by: 30 * 60)
        await Self.settle { await record.alerts.count >= 3 }
        let sofar = await record.alerts
        let third = sofar.last
        #expect(third?.kind == .beforeStart)
        #expect(third?.late == false, "\(sofar.map { ($0.key, $0.late) })")
        #expect(third?.time == Fixture.jst("2024-12-31T02:30:00+09:00"))
        // 03:00: the start, and nothing in between.
        clock.advance(by: 29 * 60)
        for _ in 0..<200 { await Task.yield() }
        #expect(await record.alerts.count == 3)
        clock.advance(by: 60)
        await Self.settle { await record.alerts.count >= 4 }
        #expect(await record.alerts.last?.kind == .start)
        task.cancel()
        _ = try? await task.value

        // A new process with the same state file, at 03:00:30: nothing is raised again.
        let again = RecordingSink()
        let restarted = Self.notifier(store: store, record: again, fetcher: fetcher)
        await restarted.step(now: Fixture.jst("2024-12-31T03:00:30+09:00"))
        #expect(await again.alerts.isEmpty)
    }

    @Test("SIGHUP reloads the feeds at once: a cancellation reaches staff without waiting for the refresh")
    func hangupReloads() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-30T18:00:00+09:00"))
        let record = RecordingSink()
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))])
        let (hangups, hangup) = AsyncStream<Void>.makeStream()
        let service = NotifierService(notifier: Self.notifier(store: StateStore(path: Fixture.scratch() + "/s.json", logger: Fixture.logger),
                                                              record: record, fetcher: fetcher),
                                      clock: clock, logger: Fixture.logger, hangups: hangups)
        let task = Task { try await service.run() }
        await Self.settle { await fetcher.requests.count >= 1 }
        let cancelledFeed = Fixture.westFeed.replacingOccurrences(of: "STATUS:TENTATIVE", with: "STATUS:CANCELLED")
        await fetcher.script([.respond(.body(cancelledFeed, etag: nil, lastModified: nil))])
        hangup.yield()
        // One per window, raised one after the other: wait for both, then make sure of no third.
        await Self.settle { await record.alerts.filter { $0.kind == .cancelled }.count >= 2 }
        for _ in 0..<200 { await Task.yield() }
        #expect(await record.alerts.filter { $0.kind == .cancelled }.count == 2)
        #expect(await fetcher.requests.count == 2)
        task.cancel()
        _ = try? await task.value
    }

    /// Moves the test clock `minutes` minutes, five at a time, letting the service run between.
    static func pass(minutes: Int, on clock: TestWallClock) async {
        for _ in 0..<(minutes / 5) {
            clock.advance(by: 300)
            for _ in 0..<300 { await Task.yield() }
        }
    }

    @Test("a window moved 20 minutes before its start is announced as 時刻変更 within 5 minutes")
    func movedOnTheDay() async throws {
        let clock = TestWallClock(Fixture.jst("2024-12-31T02:00:00+09:00"))
        let record = RecordingSink()
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))])
        let service = NotifierService(notifier: Self.notifier(store: StateStore(path: Fixture.scratch() + "/s.json", logger: Fixture.logger),
                                                              record: record, fetcher: fetcher),
                                      clock: clock, logger: Fixture.logger)
        let task = Task { try await service.run() }
        await Self.settle { await record.alerts.count >= 2 }
        await Self.pass(minutes: 40, on: clock)  // 02:40, twenty minutes before the 03:00 start
        #expect(!(await record.alerts.contains { $0.kind == .changed }))
        let moved = Fixture.westFeed.replacingOccurrences(of: "DTSTART;TZID=Asia/Tokyo:20241231T030000", with: "DTSTART;TZID=Asia/Tokyo:20241231T040000")
        #expect(moved != Fixture.westFeed)
        await fetcher.script([.respond(.body(moved, etag: nil, lastModified: nil))])
        await Self.pass(minutes: 5, on: clock)  // 02:45
        await Self.settle { await record.alerts.contains { $0.kind == .changed } }
        let change = try #require(await record.alerts.first { $0.kind == .changed })
        #expect(change.title.contains("時刻変更"), "\(change.title)")
        #expect(change.body.contains("4:00"), "\(change.body)")
        #expect(change.time <= Fixture.jst("2024-12-31T02:45:00+09:00"), "announced at \(change.time)")
        // Not at 03:00 as first published: nothing announces a start that was moved away.
        await Self.pass(minutes: 20, on: clock)  // 03:05
        #expect(!(await record.alerts.contains { $0.kind == .start && $0.time == Fixture.jst("2024-12-31T03:00:00+09:00") }))
        task.cancel()
        _ = try? await task.value
    }

    @Test("far from any window a feed is fetched at its own interval (PT6H); from a day before, every 5 minutes")
    func refreshAdapts() async throws {
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: "\"v1\"", lastModified: nil)), .respond(.notModified)])
        let follower = FeedFollower(sources: [.url(Fixture.url)], fetcher: fetcher, cache: nil, logger: Fixture.logger)
        // The daemon's loop, without its clock: each turn at the time the follower asks for.
        var now = Fixture.jst("2024-12-27T03:00:00+09:00")  // four days before the 12-31 03:00 window
        func fetches(until end: Date) async -> Int {
            let before = await fetcher.requests.count
            while now < end {
                await follower.refresh(now: now)
                now = await follower.nextRefresh ?? end
            }
            return await fetcher.requests.count - before
        }
        // The first fetch and one every six hours: the idle cost is what it was.
        #expect(await fetches(until: Fixture.jst("2024-12-28T03:00:00+09:00")) == 4)
        #expect(await fetches(until: Fixture.jst("2024-12-30T03:00:00+09:00")) == 8)
        // A day before the window, and while it is on (until 05:20): a conditional GET every 5 minutes.
        #expect(await fetches(until: Fixture.jst("2024-12-30T04:00:00+09:00")) == 12)
        #expect(await fetcher.requests.last?.etag == "\"v1\"")
        // Once the windows are over (the last ends 01-01 03:00), back to every six hours.
        now = Fixture.jst("2025-01-01T04:00:00+09:00")
        #expect(await fetches(until: Fixture.jst("2025-01-02T04:00:00+09:00")) == 4)
    }
}

/// The state is written once per batch (issue 26, item 10: a flood rewrote and fsynced it after
/// each of 15,088 alerts); each alert is noted in a journal line as it is raised.
@Suite("State written once per batch")
struct StateBatchTests {
    /// Records, at each alert, which file stands at the state's path (its inode; 0 for none).
    actor Inodes {
        private(set) var seen: [UInt64] = []
        func add(_ inode: UInt64) { seen.append(inode) }
    }

    struct InodeSink: AlertSink {
        let name = "inodes"
        let path: String
        let inodes: Inodes

        func deliver(_ alert: Alert) async throws {
            var status = stat()
            await inodes.add(stat(path, &status) == 0 ? UInt64(status.st_ino) : 0)
        }
    }

    @Test("a batch of alerts: the state file is not rewritten between them, the journal notes each, and one write at the end takes it in")
    func oneWrite() async throws {
        let path = Fixture.scratch() + "/state.json"
        let store = StateStore(path: path, logger: Fixture.logger)
        let inodes = Inodes()
        let follower = FeedFollower(sources: [.url(Fixture.url)], fetcher: ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))]),
                                    cache: nil, logger: Fixture.logger)
        let terminal = TerminalSink(write: { _ in }, isTerminal: false, now: { Date() })
        let notifier = Notifier(follower: follower, sinks: SinkSet([InodeSink(path: path, inodes: inodes)], fallback: terminal, logger: Fixture.logger),
                                store: store, settings: AlertSettings(), logger: Fixture.logger)
        // 02:00: the evening-before reminders of both windows are late, and raised together.
        await notifier.step(now: Fixture.jst("2024-12-31T02:00:00+09:00"))
        let seen = await inodes.seen
        #expect(seen.count >= 2, "a batch of several alerts: \(seen)")
        #expect(Set(seen).count == 1, "the state file was rewritten between alerts of one batch: \(seen)")
        var status = stat()
        #expect(stat(path, &status) == 0 && UInt64(status.st_ino) != seen[0], "written once at the end")
        #expect(!FileManager.default.fileExists(atPath: path + ".journal"), "taken into the state")
        // A crash after an alert was noted: the next load knows it was raised.
        try store.note("noted-before-a-crash", at: Fixture.jst("2024-12-31T08:01:00+09:00"))
        #expect(store.load(now: Date()).sent["noted-before-a-crash"] == Fixture.jst("2024-12-31T08:01:00+09:00"))
    }
}
