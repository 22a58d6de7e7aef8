import Foundation
import NIOPosix
import Synchronization
import Testing

@testable import OutageServer

/// What a hostile writer inside the served folder (or a hostile client) can make the server do:
/// serve nothing from outside the folder, whatever is swapped in while it answers.
@Suite("Serving only what is inside the folder")
struct ContainmentTests {
    /// Flips a name in the folder between a regular file and a symbolic link to a secret outside,
    /// and a folder name between links to a folder inside and one outside, as fast as it can,
    /// until stopped (or after a bounded number of turns).
    final class Swapper: Sendable {
        private let stopped = Atomic<Bool>(false)
        private let finished = Atomic<Bool>(false)
        let turns = Atomic<Int>(0)

        init(feeds: String, outside: String) {
            Thread.detachNewThread { [self] in
                // The lowest priority: it takes only what the server and the other tests leave.
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // Linux: this thread only
                var turn = 0
                while !stopped.load(ordering: .relaxed) && turn < 5_000_000 {
                    turn += 1
                    // The file: a regular one inside, then a link to the secret outside.
                    if turn % 2 == 0 {
                        _ = FileManager.default.createFile(atPath: feeds + "/swap.ics.new", contents: Data("inside\n".utf8))
                    } else {
                        unlink(feeds + "/swap.ics.new")
                        symlink(outside + "/secret.txt", feeds + "/swap.ics.new")
                    }
                    rename(feeds + "/swap.ics.new", feeds + "/swap.ics")
                    // The folder on the way: a link to a folder inside, then to one outside.
                    symlink(turn % 2 == 0 ? feeds + "/real" : outside, feeds + "/dir.new")
                    rename(feeds + "/dir.new", feeds + "/dir")
                    turns.store(turn, ordering: .relaxed)
                }
                finished.store(true, ordering: .releasing)
            }
        }

        func stop() async {
            stopped.store(true, ordering: .relaxed)
            for _ in 0..<1000 where !finished.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test("a symbolic link swapped in and out during many requests never gets a file from outside served, nor kept in the cache")
    func swappedLinks() async throws {
        let feeds = try TestServer.folder()
        let outside = (feeds as NSString).deletingLastPathComponent + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "secret\n".write(toFile: outside + "/secret.txt", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: outside + "/swap.ics", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: feeds + "/real", withIntermediateDirectories: true)
        try "inside\n".write(toFile: feeds + "/real/swap.ics", atomically: true, encoding: .utf8)
        try "inside\n".write(toFile: feeds + "/swap.ics", atomically: true, encoding: .utf8)

        // Event loops of its own, at the lowest priority like the swapper: this test must not
        // hold up the other tests' servers, which answer within fractions of a second.
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { loops.shutdownGracefully { _ in } }
        for loop in loops.makeIterator() {
            try await loop.submit { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) }.get()
        }
        try await TestServer.with(feeds, group: loops) { server in
            let swapper = Swapper(feeds: feeds, outside: outside)
            // Two clients at once, so that both event loops answer while the swapper runs.
            // At least 5 s, and on a loaded machine (the swapper runs at the lowest priority) on
            // until it has swapped 200 times, 30 s at most.
            let soon = ContinuousClock.now + .seconds(5), latest = ContinuousClock.now + .seconds(30)
            let goOn = { @Sendable in ContinuousClock.now < latest && (ContinuousClock.now < soon || swapper.turns.load(ordering: .relaxed) < 200) }
            let results = try await withThrowingTaskGroup(of: (served: Int, leaked: [String], other: [Int]).self) { group in
                for client in 0..<2 {
                    group.addTask {
                        var result: (served: Int, leaked: [String], other: [Int]) = (0, [], [])
                        for round in 0..<100_000 where goOn() && result.leaked.isEmpty {
                            let reply = try await server.request((round + client) % 2 == 0 ? "/swap.ics" : "/dir/swap.ics")
                            switch reply.status {
                            case 200:
                                result.served += 1
                                if reply.text != "inside\n" { result.leaked.append(reply.text) }
                            case 404: break
                            default: result.other.append(reply.status)
                            }
                        }
                        return result
                    }
                }
                return try await group.reduce(into: [(served: Int, leaked: [String], other: [Int])]()) { $0.append($1) }
            }
            let served = results.map(\.served).reduce(0, +)
            let leaked = results.flatMap(\.leaked)
            #expect(results.flatMap(\.other).isEmpty, "only 200 and 404 are expected")
            await swapper.stop()
            #expect(leaked.isEmpty, "served from outside the folder: \(leaked.prefix(3))")
            #expect(served > 0, "the regular file inside was never served: the test proves nothing")
            #expect(swapper.turns.load(ordering: .relaxed) > 100, "the swapper hardly ran: the test proves nothing")

            // A link to outside in place of a cached file: 404 at once, not the cached copy.
            try? FileManager.default.removeItem(atPath: feeds + "/swap.ics")
            try "inside\n".write(toFile: feeds + "/swap.ics", atomically: true, encoding: .utf8)
            #expect(try await server.request("/swap.ics").text == "inside\n")
            try FileManager.default.removeItem(atPath: feeds + "/swap.ics")
            try FileManager.default.createSymbolicLink(atPath: feeds + "/swap.ics", withDestinationPath: outside + "/secret.txt")
            #expect(try await server.request("/swap.ics").status == 404)
        }
    }

    @Test("a FIFO, a device or a folder without index.html is not served, and does not hang the server")
    func specialFiles() async throws {
        let feeds = try TestServer.folder()
        #expect(mkfifo(feeds + "/pipe.ics", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: feeds + "/empty", withIntermediateDirectories: true)
        try await TestServer.with(feeds) { server in
            let pipe = try await server.request("/pipe.ics")
            #expect(pipe.status == 404)
            let empty = try await server.request("/empty/")
            #expect(empty.status == 404)
            let feed = try await server.request("/prefectures/40-fukuoka.ics")
            #expect(feed.status == 200)
        }
    }
}

@Suite("Files in progress")
struct WorkInProgressTests {
    @Test("the temporary files generate writes (and an interrupted generate leaves) are never served", arguments: [
        "/all.ics.tmp-12345", "/prefectures/40-fukuoka.ics.tmp-999", "/index.html.tmp", "/all.ics%2Etmp-12345",
        "//prefectures//40-fukuoka.ics.tmp-1",
    ])
    func temporaryFiles(path: String) async throws {
        let feeds = try TestServer.folder()
        for name in ["all.ics.tmp-12345", "prefectures/40-fukuoka.ics.tmp-999", "prefectures/40-fukuoka.ics.tmp-1", "index.html.tmp"] {
            try "BEGIN:VCALENDAR\r\nhalf-written".write(toFile: feeds + "/" + name, atomically: false, encoding: .utf8)
        }
        try await TestServer.with(feeds) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let (text, _) = await connection.receive()
            #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(path)")
            #expect(!text.contains("half-written"))
        }
    }

    @Test("names that only look alike are served", arguments: ["/notes.tmp-draft.txt", "/tmp.ics", "/a.tmp-1x"])
    func lookalikes(path: String) async throws {
        let feeds = try TestServer.folder()
        try "ok".write(toFile: feeds + path, atomically: true, encoding: .utf8)
        try await TestServer.with(feeds) { server in
            let reply = try await server.request(path)
            #expect(reply.status == 200)
        }
    }
}

@Suite("Too many connections")
struct ConnectionLimitTests {
    @Test("beyond --max-connections a client gets 503 with Retry-After and a closed connection; the open ones are still served, and a freed place is taken again")
    func cap() async throws {
        // From one address: its share is the whole cap here (the share has its own tests).
        try await TestServer.with(try TestServer.folder(), configure: { $0.maxConnections = 2; $0.maxConnectionsPerAddress = 2 }) { server in
            let first = try RawConnection(port: server.port)
            let second = try RawConnection(port: server.port)
            for connection in [first, second] {
                connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                let (text, closed) = await connection.receive(quietFor: 1)
                #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(!closed)
            }
            let third = try RawConnection(port: server.port)
            third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let (refused, refusedClosed) = await third.receive(quietFor: 3)
            #expect(refused.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(refused)")
            #expect(refused.contains("Retry-After: 5\r\n"))
            #expect(refused.contains("Connection: close\r\n"))
            #expect(refusedClosed)
            for connection in [first, second] {
                connection.send("GET /prefectures/40-fukuoka.ics HTTP/1.1\r\nHost: x\r\n\r\n")
                let (text, _) = await connection.receive(quietFor: 1)
                #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "an open connection is still served")
            }
            // The first one leaves; its place is free again (once the server has seen it close).
            first.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            _ = await first.receive(quietFor: 1)
            var served = false
            for _ in 0..<50 where !served {
                let next = try RawConnection(port: server.port)
                next.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                served = await next.receive(quietFor: 1).text.hasPrefix("HTTP/1.1 200 OK\r\n")
                if !served { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(served)
        }
    }
}
