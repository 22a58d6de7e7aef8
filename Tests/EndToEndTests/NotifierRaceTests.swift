import Foundation
import Testing

/// `outagecal notify --once` as cron runs it: two at once, killed halfway, with a state file that
/// cannot be written. What staff would notice is an alert raised twice, or one never raised.
@Suite("notify --once: races, crashes, an unwritable state")
struct NotifierRaceTests {
    typealias CLI = CommandLineTests

    /// A feed of `count` windows that all start at 2025-03-01 10:00 JST: at `now` each has one
    /// alert due (its start) and nothing else.
    static func feed(windows count: Int, in directory: String) throws -> String {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        for index in 0..<count {
            text += "BEGIN:VEVENT\r\nUID:w\(index)@test\r\nDTSTAMP:20250201T000000Z\r\nDTSTART:20250301T010000Z\r\n"
                + "DTEND:20250301T050000Z\r\nSUMMARY:停止 \(index)\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        let path = directory + "/feed.ics"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let now = "2025-03-01T10:00:30+09:00"

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-race-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `notify --once` with an --exec hook that appends the alert's UID to `log` (and then
    /// waits `pause` seconds, so that a batch takes a while).
    static func notify(feed: String, state: String, log: String, pause: Double = 0) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = [
            "notify", "--once", "--sink", "terminal", "--feed", feed, "--state", state, "--now", now,
            "--exec", "printf '%s\\n' \"$OUTAGECAL_UID\" >> '\(log)'" + (pause > 0 ? "; sleep \(pause)" : ""),
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(NotifierCommandTests.environment()) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func raised(_ log: String) -> [String: Int] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").reduce(into: [:]) { $0[String($1), default: 0] += 1 }
    }

    @Test("two notify --once started together raise each alert once, in every one of 8 rounds")
    func twoAtOnce() throws {
        for round in 0..<8 {
            let directory = try Self.scratch()
            let feed = try Self.feed(windows: 6, in: directory)
            let log = directory + "/raised.log"
            let state = directory + "/state/state.json"
            let first = try Self.notify(feed: feed, state: state, log: log, pause: 0.02)
            let second = try Self.notify(feed: feed, state: state, log: log, pause: 0.02)
            first.waitUntilExit()
            second.waitUntilExit()
            #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
            let counts = Self.raised(log)
            #expect(counts.count == 6, "round \(round): \(counts)")
            #expect(counts.values.allSatisfy { $0 == 1 }, "round \(round): raised twice: \(counts.filter { $0.value > 1 })")
        }
    }
}

extension NotifierRaceTests {
    @Test("killed with -9 in the middle of a batch, the next run repeats at most one alert and misses none", arguments: [2, 5, 9])
    func killedMidBatch(after raisedBeforeKill: Int) throws {
        let directory = try Self.scratch()
        let feed = try Self.feed(windows: 12, in: directory)
        let log = directory + "/raised.log"
        let state = directory + "/state/state.json"
        let first = try Self.notify(feed: feed, state: state, log: log, pause: 0.1)
        let deadline = Date().addingTimeInterval(20)
        while Self.raised(log).count < raisedBeforeKill && first.isRunning && Date() < deadline { usleep(5_000) }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal, "it finished before it could be killed: the test proves nothing")
        usleep(150_000)  // the hook killed with it may still be writing its line
        let second = try Self.notify(feed: feed, state: state, log: log)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let counts = Self.raised(log)
        #expect(counts.count == 12, "missed: \(12 - counts.count)")
        #expect(counts.values.filter { $0 > 1 }.count <= 1, "repeated after the crash: \(counts.filter { $0.value > 1 })")
        #expect(counts.values.allSatisfy { $0 <= 2 })
    }
}

extension NotifierRaceTests {
    @Test("a state file that cannot be written: the alert is raised, and --once says which file, why and what to do, and exits 1")
    func unwritableState() throws {
        let directory = try Self.scratch()
        let feed = try Self.feed(windows: 1, in: directory)
        let state = directory + "/state.json"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)  // a folder in its place
        let result = try CLI.run(["notify", "--once", "--sink", "terminal", "--feed", feed, "--state", state, "--now", Self.now],
                                 environment: NotifierCommandTests.environment())
        #expect(result.status == 1)
        #expect(result.stdout.contains("停止 0"), "the alert is raised all the same")
        #expect(result.stderr.contains("cannot save what was raised to \(state): Is a directory"), "\(result.stderr)")
        #expect(result.stderr.contains("will be raised again on the next run"))
        #expect(result.stderr.contains("remove or rename it, or name another file with --state FILE"))
    }
}
