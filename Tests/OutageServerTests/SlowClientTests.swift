import Foundation
import NIOCore
import Testing

@testable import OutageServer

/// Clients that send slowly (slowloris): they must not hold the server's places for long, nor
/// take more than their share of them, while other clients are served.
@Suite("Slow clients", .timeLimit(.minutes(2)))
struct SlowClientTests {
    /// A request head that is never finished.
    static let unfinished = Array("GET /prefectures/40-fukuoka.ics HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\nX-Pad: " + String(repeating: "a", count: 2000))

    /// Sends one more byte of ``unfinished`` on every connection still open, every 100 ms, for
    /// `seconds` or until the server has closed them all; says how many it closed.
    static func dribble(_ connections: [RawConnection], for seconds: Double) async throws -> Int {
        var closed = Set<Int>()
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var position = 0
        while ContinuousClock.now < end && closed.count < connections.count {
            for (index, connection) in connections.enumerated() where !closed.contains(index) {
                if connection.closedByServer() { closed.insert(index) } else { connection.send(String(unfinished[position % unfinished.count])) }
            }
            position += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        return closed.count
    }

    /// Asks for the page on a new connection from 127.0.0.1 until it is served (up to `tries`
    /// times, 100 ms apart); the statuses seen.
    static func normalClient(port: Int, tries: Int) async throws -> [String] {
        var seen: [String] = []
        for _ in 0..<tries {
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let text = await connection.receive(quietFor: 1).text
            seen.append(String(text.prefix(12)))
            if text.hasPrefix("HTTP/1.1 200 ") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return seen
    }

    @Test("connections from one address that send their heads a byte at a time take at most a quarter of the places, and are closed after the header deadline; another client is served at once")
    func oneAddress() async throws {
        try await TestServer.with(try TestServer.folder(), configure: {
            $0.maxConnections = 8
            $0.headerTimeout = .milliseconds(300)
        }) { server in
            let slow = try (0..<12).map { _ in try RawConnection(port: server.port, from: "127.0.0.2") }
            async let closed = Self.dribble(slow, for: 20)
            try await Task.sleep(for: .milliseconds(200))
            let seen = try await Self.normalClient(port: server.port, tries: 1)
            #expect(seen == ["HTTP/1.1 200"], "the slow client's connections took every place: \(seen)")
            // Each is closed, refused at once or cut at its deadline, long before the idle timeout (60 s).
            #expect(try await closed == slow.count)
        }
    }

    @Test("slow connections from several addresses, within their shares but together taking every place, are closed after the header deadline and the places served again")
    func severalAddresses() async throws {
        try await TestServer.with(try TestServer.folder(), configure: {
            $0.maxConnections = 8
            $0.headerTimeout = .milliseconds(300)
        }) { server in
            let slow = try (2..<6).flatMap { host in try (0..<2).map { _ in try RawConnection(port: server.port, from: "127.0.0.\(host)") } }
            async let closed = Self.dribble(slow, for: 20)
            try await Task.sleep(for: .milliseconds(100))
            // Refused while they hold every place, served once the deadline has closed them:
            // within the 10 s of tries, whatever the machine's load.
            let seen = try await Self.normalClient(port: server.port, tries: 100)
            #expect(seen.last == "HTTP/1.1 200", "never served: \(seen.suffix(3))")
            #expect(try await closed == slow.count, "slow connections held beyond the header deadline")
        }
    }

    @Test("a connection that says nothing, and a request body sent a byte at a time on a keep-alive connection, are closed after the header deadline")
    func silentAndSlowBody() async throws {
        try await TestServer.with(try TestServer.folder(), configure: { $0.headerTimeout = .milliseconds(300) }) { server in
            let silent = try RawConnection(port: server.port)
            let body = try RawConnection(port: server.port)
            body.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await body.receive(quietFor: 0.5).text.hasPrefix("HTTP/1.1 200 "))
            body.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            var closed = false
            for _ in 0..<200 where !closed {  // 20 s at most; the idle timeout is 60 s
                body.send("x")
                try await Task.sleep(for: .milliseconds(100))
                closed = body.closedByServer()
            }
            #expect(closed, "a body sent a byte at a time kept the connection")
            let (nothing, silentClosed) = await silent.receive(quietFor: 10)
            #expect(nothing.isEmpty && silentClosed)
        }
    }

    @Test("a place counts against an IPv4 address, an IPv6 client's /64, and an IPv4 client on a dual-stack socket as its IPv4 address")
    func clients() throws {
        func client(_ address: String) throws -> ConnectionLimit.Client { ConnectionLimit.Client(try SocketAddress(ipAddress: address, port: 80)) }
        #expect(try client("192.0.2.1") == client("::ffff:192.0.2.1"))
        #expect(try client("192.0.2.1") != client("192.0.2.2"))
        #expect(try client("2001:db8:1:2::1") == client("2001:db8:1:2:ffff::9"))
        #expect(try client("2001:db8:1:2::1") != client("2001:db8:1:3::1"))
        #expect(try client("::1") != client("127.0.0.1"))
    }

    @Test("the header deadline runs from a request's first byte: a keep-alive connection may wait longer than it between requests")
    func keepAliveWaits() async throws {
        try await TestServer.with(try TestServer.folder(), configure: { $0.headerTimeout = .milliseconds(300) }) { server in
            let connection = try RawConnection(port: server.port)
            for _ in 0..<2 {
                connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                let (text, closed) = await connection.receive(quietFor: 0.3)
                #expect(text.hasPrefix("HTTP/1.1 200 "))
                #expect(!closed)
                try await Task.sleep(for: .milliseconds(900))
            }
        }
    }
}
