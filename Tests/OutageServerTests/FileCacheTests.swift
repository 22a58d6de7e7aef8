import Foundation
import NIOHTTP1
import Testing

@testable import OutageServer

/// What the file cache holds when clients ask for many names: one entry per file, and never more
/// than its bounds.
@Suite("The file cache")
struct FileCacheTests {
    static func folder(limits: FileCache.Limits = .init()) throws -> (FeedFolder, String) {
        let directory = try TestServer.folder()
        return (FeedFolder(directory: directory, feedMaxAge: 21600, pageMaxAge: 300, revalidateAfter: .zero, cacheLimits: limits), directory)
    }

    /// `path` written in one of many ways a client may spell it.
    static func alias(_ path: String, _ number: Int) -> String {
        var text = ""
        for (index, character) in path.enumerated() {
            if character == "/" {
                text += String(repeating: "/", count: 1 + (number + index) % 4)
            } else if (number >> (index % 12)) & 1 == 1, let ascii = character.asciiValue {
                text += "%" + String(ascii, radix: 16, uppercase: number % 2 == 0)
            } else {
                text.append(character)
            }
        }
        return text + (number % 3 == 0 ? "/" : "") + (number % 5 == 0 ? "?v=\(number)" : "")
    }

    @Test("thousands of aliases of one file (//, percent-encoded, trailing /) are one cache entry")
    func aliases() throws {
        let (folder, _) = try Self.folder()
        var targets = Set<String>()
        for number in 0..<1200 { targets.insert(Self.alias("/prefectures/40-fukuoka.ics", number)) }
        #expect(targets.count > 500)
        var bodies = Set<Data>()
        for target in targets {
            let answer = folder.answer(method: .GET, target: target, headers: [:])
            #expect(answer.head.status == .ok, "\(target)")
            if let body = answer.body { bodies.insert(Data(body.readableBytesView)) }
        }
        #expect(bodies.count == 1)
        #expect(folder.cache.usage.entries == 1)
        #expect(folder.cache.usage.bytes < 16_000)
    }

    @Test("a connection's recent file answers only the same target, and only until the cache would check the file again")
    func recent() async throws {
        let directory = try TestServer.folder()
        let folder = FeedFolder(directory: directory, feedMaxAge: 21600, pageMaxAge: 300, revalidateAfter: .milliseconds(400))
        let feed = "/prefectures/40-fukuoka.ics"
        #expect(folder.answer(method: .GET, target: feed, headers: [:]).head.status == .ok)  // now in the cache
        var recent: FeedFolder.Recent?
        guard case .ready(let first) = folder.prepare(method: .GET, target: feed, headers: [:], recent: &recent) else {
            Issue.record("a file the cache just checked needs the disk")
            return
        }
        #expect(first.head.status == .ok && recent?.target == feed)
        // Another target is not this file, even right after it.
        if case .ready = folder.prepare(method: .GET, target: "/index.html", headers: [:], recent: &recent) {
            Issue.record("a file not in the cache was answered from the connection's recent one")
        }
        #expect(recent == nil)
        // Once the cache would check the file again, the recent one is not answered either.
        _ = folder.prepare(method: .GET, target: feed, headers: [:], recent: &recent)
        #expect(recent?.target == feed)
        try await Task.sleep(for: .milliseconds(600))
        if case .ready = folder.prepare(method: .GET, target: feed, headers: [:], recent: &recent) {
            Issue.record("a file past its check was answered from memory")
        }
        #expect(recent == nil)
    }

    @Test("canonical keys: decoded, single slashes, no trailing slash; dots and hidden names refused", arguments: [
        ("/prefectures/40-fukuoka.ics", "/prefectures/40-fukuoka.ics"), ("//prefectures///40-fukuoka.ics", "/prefectures/40-fukuoka.ics"),
        ("/%70refectures/40-fukuoka%2Eics", "/prefectures/40-fukuoka.ics"), ("/prefectures/", "/prefectures"), ("/", "/"), ("//", "/"),
        ("/100%25.ics", "/100%.ics"), ("/./all.ics", nil), ("/a/../all.ics", nil), ("/%2e%2e/secret.txt", nil), ("/.env", nil),
        ("/%00.ics", nil), ("/%zz", nil), ("/inbox/d/notice.yaml", nil), ("/%69nbox/d/review.html", nil), ("//inbox/d", nil), ("/inbox", nil),
        ("/inboxes.ics", "/inboxes.ics"),
    ] as [(String, String?)])
    func keys(path: String, key: String?) {
        #expect(FeedFolder.key(of: path) == key)
    }

    @Test("bounded in entries and in bytes: the oldest go, every file is still served, one larger than the cache is served and not kept")
    func bounded() throws {
        var limits = FileCache.Limits()
        limits.entries = 8
        limits.bytes = 64 * 1024
        let (folder, directory) = try Self.folder(limits: limits)
        for number in 0..<40 {
            try String(repeating: "BEGIN:VCALENDAR \(number)\r\n", count: 200).write(
                toFile: "\(directory)/f\(number).ics", atomically: true, encoding: .utf8)
        }
        try String(repeating: "X", count: 200 * 1024).write(toFile: directory + "/large.txt", atomically: true, encoding: .utf8)
        for round in 0..<3 {
            for number in 0..<40 {
                let answer = folder.answer(method: .GET, target: "/f\(number).ics", headers: [:])
                #expect(answer.head.status == .ok)
                #expect(answer.body.map { String(buffer: $0) }?.hasPrefix("BEGIN:VCALENDAR \(number)\r\n") == true, "round \(round)")
                let usage = folder.cache.usage
                #expect(usage.entries <= 8)
                #expect(usage.bytes <= 64 * 1024)
            }
        }
        #expect(folder.cache.usage.entries > 0)
        // Larger than the whole cache: opened, not read; sent from the disk.
        let large = folder.answer(method: .GET, target: "/large.txt", headers: [:])
        #expect(large.head.status == .ok && large.body == nil)
        #expect(large.stream?.file.stamp.size == 200 * 1024)
        #expect(folder.cache.usage.bytes <= 64 * 1024)
    }

    @Test("a file larger than fileBytes is never read whole: the cache keeps its heads only, a 304 needs no disk, and a rewrite gives a new ETag")
    func streamedEntries() throws {
        var limits = FileCache.Limits()
        limits.fileBytes = 4096
        // Checked against the disk once a minute: a 304 is answered from memory within it, while
        // a file sent from the disk is opened, and its stamp compared, for every 200.
        let directory = try TestServer.folder()
        let folder = FeedFolder(directory: directory, feedMaxAge: 21600, pageMaxAge: 300, revalidateAfter: .seconds(60), cacheLimits: limits)
        try String(repeating: "BEGIN:VEVENT\r\n", count: 2000).write(toFile: directory + "/big.ics", atomically: true, encoding: .utf8)
        let first = folder.answer(method: .GET, target: "/big.ics", headers: HTTPHeaders([("Accept-Encoding", "gzip")]))
        #expect(first.head.status == .ok && first.body == nil && first.stream?.gzip == true)
        #expect(folder.cache.usage.bytes < 4096, "the cache holds \(folder.cache.usage.bytes) bytes for a file it must not read whole")
        let etag = try #require(String(buffer: first.head.bytes).split(separator: "\r\n").first { $0.hasPrefix("ETag: ") }?.dropFirst(6))
        var recent: FeedFolder.Recent?
        guard case .ready(let notModified) = folder.prepare(
            method: .GET, target: "/big.ics", headers: HTTPHeaders([("Accept-Encoding", "gzip"), ("If-None-Match", String(etag))]), recent: &recent)
        else {
            Issue.record("a 304 for a file sent from the disk needed the disk")
            return
        }
        #expect(notModified.head.status == .notModified)
        try String(repeating: "BEGIN:VEVENT\r\n", count: 2001).write(toFile: directory + "/big.ics", atomically: true, encoding: .utf8)
        let second = folder.answer(method: .GET, target: "/big.ics", headers: HTTPHeaders([("Accept-Encoding", "gzip"), ("If-None-Match", String(etag))]))
        #expect(second.head.status == .ok && second.stream?.file.stamp.size == 2001 * 14)
    }

    @Test("the access log cuts a long path and User-Agent to 200 characters and says how long they were")
    func longPathLogged() async throws {
        let lines = LogLines()
        try await TestServer.with(try TestServer.folder(), logger: lines.logger, configure: { $0.accessLog = true }) { server in
            let long = "/" + String(repeating: "a/", count: 3000) + "x.ics"
            let reply = try await server.request(long, headers: [("User-Agent", String(repeating: "b", count: 5000))])
            #expect(reply.status == 404)
        }
        let line = try #require(lines.all.first { $0.hasPrefix("GET ") })
        #expect(line.utf8.count < 600)
        #expect(line.contains("…(6006 bytes) 404 "))
        #expect(line.hasSuffix("…(5000 bytes)\""))
    }
}
