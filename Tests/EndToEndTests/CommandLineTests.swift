import Foundation
import Testing

/// Runs the built `outagecal` the way an administrator does.
@Suite("outagecal on the command line")
struct CommandLineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("outagecal")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repository.appendingPathComponent(".build/debug/outagecal")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Run {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A copy of the repository's Feeds/ to change freely.
    static func feedsCopy() throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: repository.appendingPathComponent("Feeds"), to: target)
        return target.path
    }

    @Test("the committed feeds match the bundled notice")
    func committedFeedsAreCurrent() throws {
        let result = try Self.run(["generate", "--check", "--feeds", Self.repository.appendingPathComponent("Feeds").path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("editing a notice makes --check fail naming the stale feeds, until generate runs")
    func checkThenGenerate() throws {
        let feeds = try Self.feedsCopy()
        let path = feeds + "/notices/2024-12-network-renewal.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "end: 2024-12-31T13:30:00+09:00", with: "end: 2024-12-31T14:00:00+09:00")
            .replacingOccurrences(of: "revision: 1", with: "revision: 2")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let stale = try Self.run(["generate", "--check", "--feeds", feeds])
        #expect(stale.status != 0)
        #expect(stale.stderr.contains("east-japan.ics"))
        #expect(stale.stderr.contains("prefectures/13-tokyo.ics"))
        let generate = try Self.run(["generate", "--feeds", feeds])
        #expect(generate.status == 0)
        #expect(generate.stdout.contains("12:00〜14:00"))
        #expect(try Self.run(["generate", "--check", "--feeds", feeds]).status == 0)
    }

    @Test("a published window that moved needs a higher revision; one removed must be cancelled instead")
    func revisions() throws {
        let feeds = try Self.feedsCopy()
        let path = feeds + "/notices/2024-12-network-renewal.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "end: 2024-12-31T13:30:00+09:00", with: "end: 2024-12-31T14:00:00+09:00")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let moved = try Self.run(["validate", "--feeds", feeds])
        #expect(moved.status == 1)
        #expect(moved.stderr.contains("2024-12-network-renewal.yaml:40:9: error: window 'east-intermittent' moved from 2024年12月31日(火) 12:00〜13:30 to 2024年12月31日(火) 12:00〜14:00, but the revision is still 1"))
        #expect(moved.stderr.contains("set revision: 2"))
        let start = text.range(of: "  - id: east-intermittent")!.lowerBound
        let end = text.range(of: "guidance:")!.lowerBound
        var removed = text
        removed.removeSubrange(start..<end)
        try removed.write(toFile: path, atomically: true, encoding: .utf8)
        let gone = try Self.run(["generate", "--feeds", feeds])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("window 'east-intermittent' was published and is no longer in the notice"))
        #expect(gone.stderr.contains("cancelled: true"))
    }

    @Test("a published all.ics that cannot be read is said, with the system's reason, and the check is not silently skipped")
    func unreadablePublished() throws {
        let feeds = try Self.feedsCopy()
        try FileManager.default.removeItem(atPath: feeds + "/all.ics")
        try FileManager.default.createDirectory(atPath: feeds + "/all.ics", withIntermediateDirectories: false)
        let result = try Self.run(["validate", "--feeds", feeds])
        #expect(result.status == 0)
        #expect(result.stderr.contains("all.ics: warning: cannot read the published feed (Is a directory); revisions not checked"))
        #expect(result.stderr.contains("check that this file can be read"))
    }

    @Test("validate on a copy whose guidance was checked long ago, or rests on a rule that ended: warnings at file:line:column, exit 0")
    func staleGuidance() throws {
        let feeds = try Self.feedsCopy()
        let path = feeds + "/systems.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let checked = try #require(text.range(of: "    checked: 2026-12-07\n"))
        let short = "        short: 資格確認は代替手順で。10割負担にしない。\n"
        var edited = text
        edited.replaceSubrange(checked, with: "    checked: 2026-05-01\n")
        edited = edited.replacingOccurrences(of: short, with: short + "        until: 2026-03-31\n")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        func line(of needle: String) -> Int {
            edited[..<edited.range(of: needle)!.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
        }
        let stale = try Self.run(["validate", "--feeds", feeds, "--now", "2026-12-07"])
        #expect(stale.status == 0, "\(stale.stderr)")
        #expect(stale.stderr.contains("""
            systems.yaml:\(line(of: "checked: 2026-05-01")):14: warning: the guidance for オンライン資格確認等システム (onshi) was last checked on 2026-05-01, 220 days before 2026-12-07 (more than 180)
                hint: re-read the sources named in its # source: comments, rewrite any text that is no longer true, then set checked: to the day you read them
            """), "\(stale.stderr)")
        #expect(stale.stderr.contains("""
            systems.yaml:\(line(of: "        until: 2026-03-31")):16: warning: the outage guidance for オンライン資格確認等システム (onshi) holds only until 2026-03-31 (until:), and that day has passed
            """), "\(stale.stderr)")
        #expect(stale.stdout.contains("OK:"))
        // The other systems were checked that very day; a month before the rule ended, neither warning holds.
        #expect(!stale.stderr.contains("(eprescription)"))
        let before = try Self.run(["validate", "--feeds", feeds, "--now", "2026-03-01T09:00:00+09:00"])
        #expect(!before.stderr.contains("onshi) was last checked") && !before.stderr.contains("holds only until"), "\(before.stderr)")
        // Generate is not judged by the calendar: the feeds are made all the same.
        let generate = try Self.run(["generate", "--feeds", feeds])
        #expect(generate.status == 0 && !generate.stderr.contains("warning"), "\(generate.stderr)")
        #expect(try Self.run(["validate", "--feeds", feeds, "--now", "yesterday"]).status == 64)
    }

    @Test("bad notices: every error at file:line:column, exit 1, nothing written")
    func badNoticeWritesNothing() throws {
        let feeds = try Self.feedsCopy()
        let before = try String(contentsOfFile: feeds + "/west-japan.ics", encoding: .utf8)
        let path = feeds + "/notices/2024-12-network-renewal.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "2024-12-31T05:20:00+09:00", with: "2024-12-31T05:20:00")
            .replacingOccurrences(of: "scope: [east-japan]", with: "scope: [east-japon]")
            .write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["validate"], ["generate"]] {
            let result = try Self.run(command + ["--feeds", feeds])
            #expect(result.status == 1)
            #expect(result.stderr.contains("2024-12-network-renewal.yaml:31:10: error:"))
            #expect(result.stderr.contains("2024-12-network-renewal.yaml:43:13: error:"))
            #expect(result.stderr.contains("nothing was written"))
        }
        #expect(try String(contentsOfFile: feeds + "/west-japan.ics", encoding: .utf8) == before)
    }

    @Test("generate --out writes the 50 feeds elsewhere")
    func out() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-out-\(UUID().uuidString)").path
        let result = try Self.run(["generate", "--feeds", Self.repository.appendingPathComponent("Feeds").path, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let prefectures = try FileManager.default.contentsOfDirectory(atPath: out + "/prefectures")
        #expect(prefectures.count == 47)
        #expect(FileManager.default.fileExists(atPath: out + "/all.ics"))
    }

    @Test("a wrong flag is a usage error, not a crash")
    func badFlag() throws {
        let result = try Self.run(["generate", "--frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown option"))
    }

    @Test("generate --check names the temporary files an interrupted generate left, and generate removes them")
    func leftovers() throws {
        let feeds = try Self.feedsCopy()
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let leftover = "prefectures/40-fukuoka.ics.tmp-\(ended.processIdentifier)"
        try "BEGIN:VCALENDAR\r\n".write(toFile: feeds + "/" + leftover, atomically: false, encoding: .utf8)
        let check = try Self.run(["generate", "--check", "--feeds", feeds])
        #expect(check.status == 1)
        #expect(check.stderr.contains("leftover: \(feeds)/\(leftover)"), "\(check.stderr)")
        let generate = try Self.run(["generate", "--feeds", feeds])
        #expect(generate.status == 0)
        #expect(generate.stdout.contains("Removed \(feeds)/\(leftover) (left by an interrupted generate)"))
        #expect(!FileManager.default.fileExists(atPath: feeds + "/" + leftover))
        #expect(try Self.run(["generate", "--check", "--feeds", feeds]).status == 0)
    }
}
