import Foundation
import Testing

private typealias CLI = CommandLineTests

/// What a file or a server that anybody may have written reaches on a terminal: shown, never
/// obeyed (issue 26, items 1, 3 and 4).
@Suite("Hostile text on the terminal", .timeLimit(.minutes(2)))
struct HostileOutputTests {
    /// Window title, clear screen, clipboard write (OSC 52), a link (OSC 8), a bidirectional
    /// override, a C1 CSI and a carriage return.
    static let attacks = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}]8;;http://x\u{07}\u{202E}\u{9B}31m\rX"

    /// Whether `text` holds a character a terminal would obey.
    static func obeyable(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A, 0x09: false
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: true
            default: false
            }
        }.map { String(format: "U+%04X", $0.value) }
    }

    static func feed(uid: String, summary: String = "点検") -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
            + "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20301210T130000Z\r\nDTEND:20301210T140000Z\r\nSUMMARY:\(summary)\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:\(uid)-2\r\nDTSTART:garbage\r\nEND:VEVENT\r\n"
            + "END:VCALENDAR\r\n"
    }

    static func write(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hostile-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("plan: escapes in a feed's UID and SUMMARY are shown, not obeyed, in warnings, the table and --json")
    func planFromFile() throws {
        let path = try Self.write(Self.feed(uid: "evil\(Self.attacks)@x", summary: "点検\(Self.attacks)"), name: "evil.ics")
        let now = "2030-12-01T00:00:00+09:00"
        let table = try CLI.run(["plan", "--feed", path, "--now", now, "--days", "30"])
        #expect(table.stderr.contains("has no DTSTART"), "the warning about the bad event is still given: \(table.stderr)")
        #expect(Self.obeyable(table.stderr) == [], "stderr: \(table.stderr.debugDescription)")
        #expect(Self.obeyable(table.stdout) == [], "stdout: \(table.stdout.debugDescription)")
        let json = try CLI.run(["plan", "--feed", path, "--now", now, "--days", "30", "--json"])
        #expect(Self.obeyable(json.stdout) == [], "stdout: \(json.stdout.debugDescription)")
        // The same value to a JSON reader: the UID as the feed has it.
        let first = try #require(json.stdout.split(separator: "\n").first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let uid = try #require(record["uid"] as? String)
        #expect(uid.contains("\u{202E}") && uid.hasPrefix("evil\u{1B}]0;PWNED"), "\(uid.debugDescription)")
    }

    @Test("validate: a hostile key, value and id in a notice are shown, not obeyed", arguments: [
        "\"\\e]0;X\\a\\e[2J\": 1\n",
        "id: \"\\e]0;X\\a\"\n",
        "windows:\n  - id: \"w\\u202E\\e[2J\"\n    kind: outage\n",
        "systems: [\"\\e]52;c;ZXZpbA==\\a\"]\n",
    ])
    func validate(_ line: String) throws {
        let feeds = try CLI.feedsCopy()
        try "title: t\n\(line)".write(toFile: feeds + "/notices/evil.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", "--feeds", feeds])
        #expect(result.status != 0)
        #expect(result.stderr.contains("evil.yaml"))
        #expect(Self.obeyable(result.stderr) == [], "stderr: \(result.stderr.debugDescription)")
        #expect(Self.obeyable(result.stdout) == [])
    }

    @Test("credentials in a feed's address never reach a message", arguments: [
        "http://user:s3cr3tT0ken@127.0.0.1:9/feed.ics",
        "http://127.0.0.1:9/feed.ics?token=s3cr3tT0ken&x=1",
        "http://127.0.0.1:9/feed.ics?x=1&API_KEY=s3cr3tT0ken",
    ])
    func credentials(_ address: String) throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hostile-\(UUID().uuidString)").path
        let result = try CLI.run(["plan", "--feed", address, "--now", "2030-12-01T00:00:00+09:00"], environment: ["XDG_CACHE_HOME": cache, "XDG_STATE_HOME": cache])
        #expect(result.stderr.contains("cannot fetch http://"), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cr3tT0ken") && !result.stdout.contains("s3cr3tT0ken"), "\(result.stderr)")
    }

    @Test("serve's access log shows the controls in a request's User-Agent and path, and obeys none")
    func accessLog() throws {
        let port = ServeCommandTests.freePort()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--dir", try CLI.feedsCopy(), "--port", String(port)]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var socket: Int32?
        for _ in 0..<200 where socket == nil {
            socket = ServeCommandTests.connect(port)
            if socket == nil { usleep(25_000) }
        }
        let connected = try #require(socket, "the server did not start listening")
        // C1 CSI (U+009B), C1 OSC (U+009D) and a bidirectional override, raw in the header's
        // bytes (the HTTP parser refuses C0 controls such as ESC there, but not these).
        let agent: [UInt8] = Array("curl ".utf8) + [0xC2, 0x9B] + Array("31m ".utf8) + [0xE2, 0x80, 0xAE] + Array("gpj.exe ".utf8)
            + [0xC2, 0x9D] + Array("0;PWNED".utf8) + [0xC2, 0x9C]
        let request = Array("HEAD /all.ics?x=%1B%5B2J HTTP/1.1\r\nHost: x\r\nUser-Agent: ".utf8) + agent + Array("\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(connected, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = buffer.withUnsafeMutableBytes { recv(connected, $0.baseAddress, $0.count, 0) }
        close(connected)
        usleep(200_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("HEAD /all.ics"), "\(log)")
        #expect(Self.obeyable(log) == [], "\(log.debugDescription)")
    }

    @Test("a number too large for a flag is refused with what to give, never a crash", arguments: [
        (["notify", "--once", "--max-feed-size", "10000000000000"], "give a size in MB from 1 to 1024"),
        (["notify", "--once", "--max-feed-size", "9223372036854775807"], "give a size in MB from 1 to 1024"),
        (["import", "LETTER", "--year", "9223372036854775807"], "give a year from 1900 to 2999"),
        (["import", "LETTER", "--year=-9223372036854775808"], "give a year from 1900 to 2999"),
        (["plan", "--days", "9223372036854775807"], "give a number of days from 1 to 3650"),
    ])
    func hugeNumbers(_ arguments: [String], _ said: String) throws {
        let letter = try Self.write("オンライン資格確認等システムの停止\n12月31日（木）3:00～5:00 停止します。\n", name: "letter.txt")
        let result = try CLI.run(arguments.map { $0 == "LETTER" ? letter : $0 } + ["--feed", "/nonexistent.ics"].filter { _ in arguments[0] != "import" })
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(said), "\(result.stderr)")
    }

    @Test("import -o and --review onto a link, even one to nothing: refused, and nothing is written where it points", arguments: ["-o", "--review"])
    func importOntoLink(_ flag: String) throws {
        let letter = try Self.write("オンライン資格確認等システムの停止\n令和7年12月31日（水）3:00～5:00 停止します。\n", name: "letter.txt")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/out", withDestinationPath: folder + "/planted")
        let result = try CLI.run(["import", letter, flag, folder + "/out", "--feeds", CLI.repository.appendingPathComponent("Tests/OutageCoreTests/Catalog").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("exists; choose another name"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/planted"))
    }

    @Test("a draft printed to be saved keeps its address whole, even with a key= in it (only messages hide credentials)")
    func draftKeepsAddress() throws {
        let letter = try Self.write("オンライン資格確認等システムの停止\n令和7年12月31日（水）3:00～5:00 停止します。\n詳細：https://example.jp/news?key=abc123\n", name: "letter.txt")
        let result = try CLI.run(["import", letter, "--feeds", CLI.repository.appendingPathComponent("Tests/OutageCoreTests/Catalog").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("url: https://example.jp/news?key=abc123"), "\(result.stdout)")
    }
}
