import Foundation
import Processes
import Testing

/// The one runner the sinks, import and diff start programs with.
@Suite("Starting programs")
struct ProcessRunnerTests {
    let runner = SystemProcessRunner()

    @Test("a megabyte in, the same megabyte out: input and output flow at once, nothing blocks on a full pipe")
    func roundTrip() async throws {
        let input = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let output = try await runner.run("cat", [], environment: [:], input: input, timeout: .seconds(30))
        #expect(output.status == 0)
        #expect(output.stdout == input)
    }

    @Test("a child that exits without reading its input is a normal run, not a crash")
    func unreadInput() async throws {
        let output = try await runner.run("/bin/sh", ["-c", "echo done; exit 3"], environment: ["X": "1"],
                                          input: Data(count: 4_000_000), timeout: .seconds(30))
        #expect(output.status == 3)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "done\n")
    }

    @Test("the environment given is added to the inherited one")
    func environment() async throws {
        let output = try await runner.run("/bin/sh", ["-c", "printf '%s %s' \"$OUTAGECAL_TEST\" \"${PATH:+path}\""],
                                          environment: ["OUTAGECAL_TEST": "値"], input: nil, timeout: .seconds(30))
        #expect(String(decoding: output.stdout, as: UTF8.self) == "値 path")
    }

    @Test("the timeout counts from the start, even while input is still being written; the child and what it started are stopped")
    func timeout() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-timeout-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        await #expect(throws: ProcessRunnerError.timedOut("/bin/sh")) {
            // Never reads its input, so the 8 MB can never be written in full; a runner whose
            // timeout began after the input was written would wait the whole 300 seconds.
            try await runner.run("/bin/sh", ["-c", "echo $$ > '\(folder)/shell'; sleep 300 & echo $! > '\(folder)/sleep'; wait"],
                                 environment: [:], input: Data(count: 8_000_000), timeout: .milliseconds(500))
        }
        // Far more than the timeout, far less than the sleep: not a measure of speed (a loaded
        // machine running every suite at once took 34 s), only of whether the run waited for
        // the sleep to end.
        #expect(ContinuousClock.now - started < .seconds(150))
        for name in ["shell", "sleep"] {
            let pid = try Self.pid(in: "\(folder)/\(name)")
            #expect(try await Self.gone(pid), "\(name) (\(pid)) still runs after the timeout")
        }
    }

    /// The pid a child wrote to `path`.
    static func pid(in path: String) throws -> Int32 {
        try #require(Int32(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Whether `pid` is gone (or a zombie) within ten seconds.
    static func gone(_ pid: Int32) async throws -> Bool {
        for _ in 0..<200 {
            if kill(pid, 0) != 0 || isZombie(pid) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    static func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }

    @Test("a program that is not installed says so")
    func missing() async throws {
        await #expect(throws: ProcessRunnerError.notFound("no-such-program-outagecal")) {
            try await runner.run("no-such-program-outagecal", [], environment: [:], input: nil, timeout: .seconds(5))
        }
    }

    @Test("a program that answers over time: each line as it comes, in order; the shell's own marks never reach the caller; its status and standard error at the end")
    func streamLines() async throws {
        let seen = Lines()
        let output = try await runner.stream("/bin/sh", ["-c", "echo 42; echo oops >&2; sleep 0.2; echo ok; exit 3"], timeout: .seconds(30)) { line in
            seen.append(line)
        }
        #expect(seen.all == ["42", "ok"])
        #expect(output.status == 3)
        #expect(String(decoding: output.stderr, as: UTF8.self) == "oops\n")
    }

    @Test("a program that answers over time runs apart from the runner, so that nothing polls while it waits: its parent is not this process")
    func streamDetached() async throws {
        let seen = Lines()
        _ = try await runner.stream("/bin/sh", ["-c", "echo $PPID"], timeout: .seconds(30)) { seen.append($0) }
        // Its parent is timeout(1), itself started by a shell that has already exited.
        let parent = try #require(Int32(seen.all.first ?? ""))
        #expect(parent != getpid())
        let name = (try? String(contentsOfFile: "/proc/\(parent)/comm", encoding: .utf8)) ?? "timeout\n"
        #expect(name == "timeout\n")
    }

    @Test("a program that answers over time and outlives its timeout is stopped and reported")
    func streamTimeout() async throws {
        await #expect(throws: ProcessRunnerError.timedOut("/bin/sh")) {
            try await runner.stream("/bin/sh", ["-c", "echo 1; exec sleep 300"], timeout: .seconds(1)) { _ in }
        }
    }

    @Test("cancelling the wait stops the program that answers over time")
    func streamCancelled() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-stream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let started = Lines()
        let task = Task {
            try await runner.stream("/bin/sh", ["-c", "echo $$ > '\(folder)/pid'; echo up; exec sleep 300"], timeout: .seconds(600)) { started.append($0) }
        }
        while started.all.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        _ = await task.result
        let pid = try Self.pid(in: "\(folder)/pid")
        #expect(try await Self.gone(pid), "the program (\(pid)) still runs after the wait was cancelled")
    }

    @Test("a program that is not installed says so, also when it would answer over time")
    func streamMissing() async throws {
        await #expect(throws: ProcessRunnerError.notFound("no-such-program-outagecal")) {
            try await runner.stream("no-such-program-outagecal", [], timeout: .seconds(5)) { _ in }
        }
    }
}
