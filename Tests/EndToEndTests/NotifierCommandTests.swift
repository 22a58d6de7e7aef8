import Foundation
import Testing

/// `outagecal notify` and `plan` run the way the person setting up a reception PC runs them.
@Suite("outagecal notify and plan")
struct NotifierCommandTests {
    typealias CLI = CommandLineTests

    static func environment() -> [String: String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-xdg-\(UUID().uuidString)").path
        return ["XDG_STATE_HOME": scratch + "/state", "XDG_CACHE_HOME": scratch + "/cache"]
    }

    static var west: String { CLI.repository.appendingPathComponent("Feeds/west-japan.ics").path }

    @Test("notify --once raises what is due, and nothing again on the next run")
    func onceTwice() throws {
        let env = Self.environment()
        let first = try CLI.run(["notify", "--sink", "terminal", "--once", "--feed", Self.west, "--now", "2024-12-31T03:00:30+09:00"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("[2024-12-31 03:00 JST] 開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）"))
        #expect(first.stdout.contains("対応：資格確認は代替手順で。10割負担にしない。"))
        let second = try CLI.run(["notify", "--sink", "terminal", "--once", "--feed", Self.west, "--now", "2024-12-31T03:01:30+09:00"], environment: env)
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty, "repeated: \(second.stdout)")
        let end = try CLI.run(["notify", "--sink", "terminal", "--once", "--feed", Self.west, "--now", "2024-12-31T05:10:05+09:00"], environment: env)
        #expect(end.stdout.contains("10分後に終了予定"))
    }

    @Test("plan --json lists each alert with time, kind, uid, window and lateness")
    func planJSON() throws {
        let result = try CLI.run(["plan", "--json", "--prefecture", "福岡", "--base", CLI.repository.appendingPathComponent("Feeds").path,
                                  "--now", "2024-12-30T12:00:00+09:00"], environment: Self.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.count == 10)
        let start = try #require(objects.first { ($0["kind"] as? String) == "start" })
        #expect(start["time"] as? String == "2024-12-31T03:00:00+09:00")
        #expect(start["uid"] as? String == "2024-12-network-renewal.west-outage@outagecal")
        #expect(start["window_end"] as? String == "2024-12-31T05:20:00+09:00")
        #expect(start["late"] as? Bool == false)
        #expect(Set(objects.compactMap { $0["kind"] as? String }) == ["before-start", "start", "before-end", "end"])
    }

    @Test("the upcoming alias shows a table in Japanese")
    func upcomingTable() throws {
        let result = try CLI.run(["upcoming", "--feed", Self.west, "--now", "2024-12-30T12:00:00+09:00"], environment: Self.environment())
        #expect(result.status == 0)
        #expect(result.stdout.contains("2024年12月31日(火) 3:00〜5:20"))
        // Each window once, with its own alerts under it, even where two windows overlap.
        let blocks = result.stdout.components(separatedBy: "\n\n")
        let outage = try #require(blocks.first { $0.hasPrefix("【西日本】オンライン資格確認等システム 長時間の通信断（予定）") })
        #expect(outage.contains("12/31 3:00  開始　  開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）"))
        #expect(outage.contains("12/31 5:20  終了　  終了予定時刻：【西日本】オンライン資格確認等システム 長時間の通信断（予定）"))
        #expect(!outage.contains("数分間"))
        #expect(blocks.filter { $0.hasPrefix("【西日本】オンライン資格確認等システム 長時間の通信断") }.count == 1)
        #expect(!result.stdout.contains("before-start"))
    }

    @Test("bad options get a clear message and exit 64", arguments: [
        (["notify", "--once"], "Name a feed"),
        (["notify", "--prefecture", "福岡市", "--base", "/tmp"], "is not a prefecture"),
        (["notify", "--feed", "x.ics", "--before", "soon"], "is not a list of times"),
        (["notify", "--feed", "x.ics", "--sink", "email"], "is not known"),
        (["plan", "--feed", "x.ics", "--now", "2024-12-31 03:00"], "is not a moment with an offset"),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments, environment: Self.environment())
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a feed that is not there: a warning, and plan says there is nothing to show")
    func missingFeed() throws {
        let result = try CLI.run(["plan", "--feed", "/nonexistent/west.ics", "--now", "2024-12-30T12:00:00+09:00"], environment: Self.environment())
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read feed /nonexistent/west.ics"))
        #expect(result.stderr.contains("No windows"))
    }

    @Test("the daemon stops cleanly on SIGTERM and on SIGINT, exit 0", arguments: [SIGTERM, SIGINT])
    func stopsOnSignal(signal: Int32) throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["notify", "--sink", "terminal", "--feed", Self.west, "--now", "2024-12-30T12:00:00+09:00"]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment()) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until it says it is running, reading what it logs.
        var log = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !String(decoding: log, as: UTF8.self).contains("following") {
            log += errors.fileHandleForReading.availableData
        }
        #expect(String(decoding: log, as: UTF8.self).contains("following"))
        kill(process.processIdentifier, signal)
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        if process.isRunning { process.terminate(); kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test("--print-unit writes a systemd user unit that starts this same command")
    func unit() throws {
        let result = try CLI.run(["notify", "--feed", Self.west, "--sink", "desktop", "--print-unit", "systemd"], environment: Self.environment())
        #expect(result.status == 0)
        #expect(result.stdout.contains("[Service]"))
        #expect(result.stdout.contains("ExecStart=/"))
        #expect(result.stdout.contains("notify --feed \(Self.west) --sink desktop\n"))
        let autostart = try CLI.run(["notify", "--feed", Self.west, "--print-unit=autostart"], environment: Self.environment())
        #expect(autostart.stdout.contains("[Desktop Entry]"))
    }
}
