import Foundation
import OutageCore
import OutageNotifier
import Testing

/// What goes wrong on a reception PC, and that the notifier goes on alerting through it.
@Suite("Notifier faults")
struct FaultTests {
    static let before = Fixture.jst("2024-12-30T12:00:00+09:00")

    static func follower(_ fetcher: ScriptedFetcher, cache: FeedCache? = nil, maxBytes: Int = 10_000_000) -> FeedFollower {
        var limits = FeedFollower.Limits()
        limits.maxBytes = maxBytes
        return FeedFollower(sources: [.url(Fixture.url)], fetcher: fetcher, cache: cache, limits: limits, logger: Fixture.logger)
    }

    @Test("server down, garbage, a 50 MB feed: the last good copy stays in use",
          arguments: ["down", "garbage", "huge", "error status"])
    func keepsLastGood(fault: String) async {
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: "\"v1\"", lastModified: nil))])
        let follower = Self.follower(fetcher)
        await follower.refresh(now: Self.before)
        #expect(await follower.windows.count == 2)
        switch fault {
        case "down": await fetcher.script([.fail(FetchError.unreachable("connection refused"))])
        case "garbage": await fetcher.script([.respond(.body("<html>502 Bad Gateway</html>", etag: nil, lastModified: nil))])
        case "huge": await fetcher.script([.respond(.body(String(repeating: "X", count: 50_000_000), etag: nil, lastModified: nil))])
        default: await fetcher.script([.fail(FetchError.status(500))])
        }
        await follower.refresh(now: Self.before.addingTimeInterval(7 * 3600), force: true)
        #expect(await follower.windows.count == 2)
        // Tried again soon, not after the full interval.
        let next = await follower.nextRefresh
        #expect(next == Self.before.addingTimeInterval(7 * 3600 + 300))
    }

    @Test("conditional GET: the validators go back to the server, and 304 keeps the copy")
    func conditionalGet() async {
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: "\"v1\"", lastModified: "Thu, 26 Dec 2024 00:00:00 GMT")), .respond(.notModified)])
        let follower = Self.follower(fetcher)
        await follower.refresh(now: Self.before)
        await follower.refresh(now: Self.before.addingTimeInterval(6 * 3600 + 1))
        let requests = await fetcher.requests
        #expect(requests.count == 2)
        #expect(requests[1].etag == "\"v1\"")
        #expect(requests[1].lastModified == "Thu, 26 Dec 2024 00:00:00 GMT")
        #expect(await follower.windows.count == 2)
        // Less than a day before the 03:00 window: every 5 minutes (RefreshPolicy), not the
        // feed's PT6H.
        #expect(await follower.nextRefresh == Self.before.addingTimeInterval(6 * 3600 + 1 + 300))
    }

    @Test("after a restart with the server down, alerts come from the copy on disk")
    func cacheAcrossRestart() async {
        let cache = FeedCache(directory: Fixture.scratch())
        let first = Self.follower(ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: "\"v1\"", lastModified: nil))]), cache: cache)
        await first.refresh(now: Self.before)
        let restarted = Self.follower(ScriptedFetcher([.fail(FetchError.unreachable("down"))]), cache: cache)
        await restarted.refresh(now: Self.before.addingTimeInterval(60))
        #expect(await restarted.windows.count == 2)
    }

    @Test("notify-send failing or missing: the alert goes to the terminal, with a warning")
    func desktopFallback() async throws {
        let runner = FakeRunner()
        await runner.configure(status: 1)
        let lines = Lines()
        let terminal = TerminalSink(write: lines.append, isTerminal: false, now: { Self.before })
        let sinks = SinkSet([DesktopSink(runner: runner)], fallback: terminal, logger: Fixture.logger)
        let alert = try #require(Self.sampleAlert())
        await sinks.deliver(alert)
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains(alert.title) == true)
        await runner.configure(missing: true)
        await sinks.deliver(alert)
        #expect(lines.all.count == 2)
    }

    @Test("a damaged state file is set aside and the notifier goes on")
    func corruptState() throws {
        let directory = Fixture.scratch()
        let path = directory + "/state.json"
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path))
        let store = StateStore(path: path, logger: Fixture.logger)
        let state = store.load(now: Self.before)
        #expect(state == NotifierState())
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.contains { $0.hasPrefix("state.json.corrupt-") })
        try store.save(state)
        #expect(store.load(now: Self.before) == state)
    }

    static func sampleAlert() -> Alert? {
        let window = FeedWindow(key: "k", uid: "u", start: before.addingTimeInterval(3600), end: before.addingTimeInterval(7200),
                                summary: "【西日本】オンライン資格確認等システム 長時間の通信断（予定）", action: "資格確認は代替手順で。",
                                kind: .outage, tentative: true, cancelled: false, sequence: 1)
        return AlertPlanner.plan([window], now: window.start, state: NotifierState(), settings: AlertSettings()).due.first
    }
}

@Suite("Odd feeds")
struct OddFeedTests {
    @Test("two events with one UID and no RECURRENCE-ID are two windows, and nothing looks moved")
    func duplicateUID() async {
        let feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            + "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20250301T010000Z\r\nDTEND:20250301T020000Z\r\nSUMMARY:停止\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20250302T010000Z\r\nDTEND:20250302T020000Z\r\nSUMMARY:停止\r\nEND:VEVENT\r\n"
            + "END:VCALENDAR\r\n"
        let follower = FeedFollower(sources: [.url(Fixture.url)], fetcher: ScriptedFetcher([.respond(.body(feed, etag: nil, lastModified: nil))]),
                                    cache: nil, logger: Fixture.logger)
        let now = Fixture.jst("2025-02-28T00:00:00+09:00")
        await follower.refresh(now: now)
        let windows = await follower.windows
        #expect(Set(windows.map(\.key)).count == 2)
        let first = AlertPlanner.record(AlertPlanner.plan(windows, now: now, state: NotifierState(), settings: AlertSettings()),
                                        windows: windows, now: now, in: NotifierState())
        let again = AlertPlanner.plan(windows, now: now.addingTimeInterval(60), state: first, settings: AlertSettings())
        #expect(!again.due.contains { $0.kind == .changed })
    }
}

@Suite("A state file that cannot be written")
struct UnwritableStateTests {
    @Test("the daemon raises each alert once from its own memory, and says once what is wrong")
    func daemonRemembers() async throws {
        let folder = Fixture.scratch() + "/state.json"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = StateStore(path: folder, logger: Fixture.logger)
        let record = RecordingSink()
        let fetcher = ScriptedFetcher([.respond(.body(Fixture.westFeed, etag: nil, lastModified: nil))])
        let notifier = DaemonTests.notifier(store: store, record: record, fetcher: fetcher)
        await notifier.step(now: Fixture.jst("2024-12-31T03:00:30+09:00"))
        let first = await record.alerts
        #expect(!first.isEmpty)
        await notifier.step(now: Fixture.jst("2024-12-31T03:01:30+09:00"))
        let after = await record.alerts
        #expect(after.count == first.count, "raised again: \(after.dropFirst(first.count).map(\.title))")
        let problem = try #require(await notifier.stateProblem)
        #expect(problem.path == folder)
        #expect(problem.description.contains("Is a directory"))
    }

    @Test("the state is written whole or not at all, beside nothing left over")
    func atomic() throws {
        let directory = Fixture.scratch()
        let store = StateStore(path: directory + "/state.json", logger: Fixture.logger)
        var state = NotifierState()
        state.sent["a"] = Fixture.jst("2024-12-31T03:00:30+09:00")
        try store.save(state)
        #expect(store.load(now: Date()) == state)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])
    }
}

/// Links planted beside the notifier's files, and who may read them (issue 26, items 2 and 3).
@Suite("Hostile state folder")
struct HostileStateFolderTests {
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("a link planted under the state's temporary name is not written through; the state is this user's only")
    func plantedTemporary() throws {
        let directory = Fixture.scratch() + "/outagecal"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let victim = Fixture.scratch() + "/victim.txt"
        try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/state.json.tmp-\(getpid())", withDestinationPath: victim)
        let store = StateStore(path: directory + "/state.json", logger: Fixture.logger)
        var state = NotifierState()
        state.sent["a"] = Fixture.jst("2024-12-31T03:00:30+09:00")
        try store.save(state)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(store.load(now: Date()) == state)
        #expect(try Self.mode(directory + "/state.json") == 0o600)
        #expect(try Self.mode(directory) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])
    }

    @Test("a state put by hand in a shared folder (sticky, like /tmp) or a folder of the user's keeps that folder's mode; the file is this user's only")
    func sharedFolder() throws {
        for (name, mode) in [("shared", 0o1777), ("notes", 0o755)] {
            let directory = Fixture.scratch() + "/" + name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, mode_t(mode))
            let store = StateStore(path: directory + "/state.json", logger: Fixture.logger)
            var state = NotifierState()
            state.sent["a"] = Fixture.jst("2024-12-31T03:00:30+09:00")
            try store.save(state)
            #expect(try Self.mode(directory) == mode, "\(name)")
            #expect(try Self.mode(directory + "/state.json") == 0o600, "\(name)")
        }
    }

    @Test("a dangling link planted as the lock file: refused, and its target is not created")
    func plantedLock() async throws {
        let directory = Fixture.scratch()
        let target = Fixture.scratch() + "/created-by-the-notifier"
        try FileManager.default.createSymbolicLink(atPath: directory + "/state.json.lock", withDestinationPath: target)
        let store = StateStore(path: directory + "/state.json", logger: Fixture.logger)
        await #expect(throws: StateStore.SaveError.self) { _ = try await store.lock() }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("the cache of a feed keeps no credentials, and only this user may read it")
    func cache() throws {
        let directory = Fixture.scratch() + "/feeds"
        let cache = FeedCache(directory: directory)
        let url = URL(string: "https://user:s3cr3t@example.org/feeds/all.ics?token=s3cr3t2")!
        try cache.save(url, text: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", entry: .init(url: url.absoluteString, fetchedAt: Date(timeIntervalSince1970: 0)))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.count == 2)
        for name in names {
            #expect(try Self.mode(directory + "/" + name) == 0o600, "\(name)")
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(!text.contains("s3cr3t"), "\(name): \(text)")
        }
        #expect(try Self.mode(directory) == 0o700)
        #expect(cache.load(url)?.text == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    }
}
