import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import OutageServer

/// Files larger than what the cache keeps whole are sent from the disk a piece at a time, and
/// gzipped a piece at a time: what the server holds for a connection does not grow with the
/// size of the file, nor with how slowly the client reads.
@Suite("Big files", .timeLimit(.minutes(2)))
struct BigFileTests {
    /// A feed-like file of about `megabytes` MiB, not all alike (so that gzip leaves it a few
    /// MiB), in a test folder.
    static func folder(megabytes: Int) throws -> (directory: String, contents: [UInt8]) {
        let directory = try TestServer.folder()
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var number = 0
        while text.utf8.count < megabytes << 20 {
            number += 1
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += "BEGIN:VEVENT\r\nUID:big-\(number)@outagecal\r\nSUMMARY:計画停止 \(state >> 40) 丁目\r\nDESCRIPTION:ref \(String(state, radix: 36))\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        try text.write(toFile: directory + "/big.ics", atomically: true, encoding: .utf8)
        return (directory, Array(text.utf8))
    }

    /// What a server keeps per connection in these tests, at most: a few pieces of 64 KiB.
    static let bound = 512 * 1024

    static func configure(_ gauge: BufferGauge) -> (inout FeedServer.Configuration) -> Void {
        { configuration in
            configuration.cacheLimits.fileBytes = 1 << 20
            configuration.idleTimeout = .milliseconds(300)
            configuration.gauge = gauge
        }
    }

    /// The head and the body of an answer read to the end; the body unchunked when it was sent
    /// in chunks, and gunzipped when it was gzipped.
    static func parse(_ bytes: [UInt8]) throws -> (head: String, body: [UInt8]) {
        let end = try #require(bytes.indices.first { bytes[$0..<min($0 + 4, bytes.count)].elementsEqual("\r\n\r\n".utf8) })
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var body = Array(bytes[(end + 4)...])
        if head.lowercased().contains("transfer-encoding: chunked") {
            var whole: [UInt8] = []
            var at = 0
            while true {
                let lineEnd = try #require(body[at...].indices.first { body[$0] == 13 })
                let size = try #require(Int(String(decoding: body[at..<lineEnd], as: UTF8.self), radix: 16))
                at = lineEnd + 2
                if size == 0 { break }
                whole += body[at..<at + size]
                at += size + 2
            }
            body = whole
        }
        if head.lowercased().contains("content-encoding: gzip") {
            var buffer = ByteBuffer(bytes: body)
            body = Array(try buffer.decompress(with: .gzip()).readableBytesView)
        }
        return (head, body)
    }

    @Test("a big feed fetched with gzip by several clients at once: every client gets it whole, and no connection holds more than a few pieces of it")
    func gzipClients() async throws {
        let (directory, contents) = try Self.folder(megabytes: 12)
        let gauge = BufferGauge()
        try await TestServer.with(directory, configure: Self.configure(gauge)) { server in
            let bodies = try await withThrowingTaskGroup(of: (String, [UInt8]).self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let connection = try RawConnection(port: server.port)
                        connection.send("GET /big.ics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
                        let (bytes, closed) = await connection.receiveBytes(quietFor: 5)
                        #expect(closed)
                        return try Self.parse(bytes)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (head, body) in bodies {
                #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(head.contains("Content-Encoding: gzip\r\n"))
                #expect(body == contents, "the body is not the file")
            }
            #expect(gauge.highWater <= Self.bound, "one connection held \(gauge.highWater) bytes of a \(contents.count)-byte file")
        }
    }

    @Test("a client that asks for a big feed and never reads it is closed once nothing moves, having cost a few pieces; others are served meanwhile")
    func neverReads() async throws {
        let (directory, contents) = try Self.folder(megabytes: 8)
        let gauge = BufferGauge()
        try await TestServer.with(directory, configure: Self.configure(gauge)) { server in
            let stuck = try RawConnection(port: server.port, receiveBuffer: 4096)
            stuck.send("GET /big.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            let other = try RawConnection(port: server.port)
            other.send("GET /prefectures/40-fukuoka.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await other.receive().text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            var closed = false
            for _ in 0..<200 where !closed {  // 20 s at most; 0.3 to 0.6 s once the stream stalls
                try await Task.sleep(for: .milliseconds(100))
                closed = stuck.closedByServer()
            }
            #expect(closed, "a client that never reads kept its connection")
            #expect(gauge.highWater <= Self.bound, "one connection held \(gauge.highWater) bytes of a \(contents.count)-byte file")
        }
    }

    @Test("on a keep-alive connection a big feed is framed so that the next answer follows it; HTTP/1.0 gets it whole with Content-Length; HEAD says the same head")
    func framing() async throws {
        let (directory, contents) = try Self.folder(megabytes: 3)
        let gauge = BufferGauge()
        try await TestServer.with(directory, configure: Self.configure(gauge)) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /big.ics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let (bytes, _) = await connection.receiveBytes(quietFor: 5)
            let marker = Array("HTTP/1.1 200 OK\r\n".utf8)
            let second = try #require((1..<bytes.count).last { bytes[$0..<min($0 + marker.count, bytes.count)].elementsEqual(marker) })
            let (head, body) = try Self.parse(Array(bytes[..<second]))
            #expect(head.contains("Content-Encoding: gzip\r\n"))
            #expect(body == contents)
            #expect(String(decoding: bytes[second...], as: UTF8.self).hasSuffix("<title>t</title></html>"))

            let old = try RawConnection(port: server.port)
            old.send("GET /big.ics HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n")
            let (oldBytes, oldClosed) = await old.receiveBytes(quietFor: 5)
            let (oldHead, oldBody) = try Self.parse(oldBytes)
            #expect(oldClosed)
            #expect(oldHead.contains("Content-Length: \(contents.count)\r\n"))
            #expect(oldBody == contents)

            let headOnly = try await server.request("/big.ics", method: .HEAD, headers: [("Accept-Encoding", "gzip")])
            #expect(headOnly.status == 200 && headOnly.headers["Content-Encoding"] == ["gzip"] && headOnly.body.readableBytes == 0)
            let etag = try #require(headOnly.headers["ETag"].first)
            let again = try await server.request("/big.ics", headers: [("Accept-Encoding", "gzip"), ("If-None-Match", etag)])
            #expect(again.status == 304)
        }
    }
}
