import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

@testable import OutageServer

/// A FeedServer on a free loopback port for one test, and a client for it.
struct TestServer {
    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        var text: String { String(buffer: body) }
    }

    let port: Int
    let client: HTTPClient

    /// A Feeds-like folder, with a secret beside it and a link that tries to reach it.
    static func folder() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-serve-\(UUID().uuidString)").path
        let feeds = base + "/Feeds"
        try FileManager.default.createDirectory(atPath: feeds + "/prefectures", withIntermediateDirectories: true)
        let feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + String(repeating: "X-PAD:西日本の計画停止\r\n", count: 100) + "END:VCALENDAR\r\n"
        try feed.write(toFile: feeds + "/prefectures/40-fukuoka.ics", atomically: true, encoding: .utf8)
        try "<!doctype html><html lang=\"ja\"><title>t</title></html>".write(toFile: feeds + "/index.html", atomically: true, encoding: .utf8)
        try "secret".write(toFile: base + "/secret.txt", atomically: true, encoding: .utf8)
        try "hidden".write(toFile: feeds + "/.env", atomically: true, encoding: .utf8)
        // A draft `outagecal watch` made, not accepted: never served.
        try FileManager.default.createDirectory(atPath: feeds + "/inbox/d1", withIntermediateDirectories: true)
        try "secret draft".write(toFile: feeds + "/inbox/d1/notice.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: feeds + "/escape.txt", withDestinationPath: base + "/secret.txt")
        return feeds
    }

    static func configuration(_ directory: String) -> FeedServer.Configuration {
        var configuration = FeedServer.Configuration(directory: directory, port: 0, accessLog: false)
        configuration.revalidateAfter = .zero  // production: 1 s
        return configuration
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` against a server on `directory`, then stops the server (gracefully, as
    /// SIGTERM would) and returns once it has stopped.
    /// `group`: event loops of the test's own, for a test that keeps them busy (the shared ones
    /// serve every other test running meanwhile).
    static func with(
        _ directory: String, logger: Logger = quietLogger, group loops: (any EventLoopGroup)? = nil,
        configure: (inout FeedServer.Configuration) -> Void = { _ in }, _ body: (TestServer) async throws -> Void
    ) async throws {
        var configuration = configuration(directory)
        configure(&configuration)
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let server = FeedServer(configuration, logger: logger, group: loops ?? MultiThreadedEventLoopGroup.singleton) { listening.yield($0) }
        let group = ServiceGroup(services: [server], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let client = loops.map { HTTPClient(eventLoopGroupProvider: .shared($0)) } ?? HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(TestServer(port: port, client: client))
            } catch {
                try? await client.shutdown()
                await group.triggerGracefulShutdown()
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func request(_ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 10 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: body)
    }
}

/// A plain TCP connection, for what an HTTP client library hides: pipelining, what the server
/// does with bytes that are not HTTP, and when it closes.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    /// `source`: the local address to connect from, for a test that needs clients at several
    /// addresses (on Linux all of 127.0.0.0/8 reaches the loopback).
    init(port: Int, from source: String? = nil, receiveBuffer: Int? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer.map(Int32.init) {
            // Before connecting: the window is agreed on at the handshake.
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server sends until it closes the connection or `seconds` pass without a
    /// byte; `closed` says which. Waits on a thread of its own, not on one of the test pool's.
    func receive(quietFor seconds: Double = 1) async -> (text: String, closed: Bool) {
        let (bytes, closed) = await receiveBytes(quietFor: seconds)
        return (String(decoding: bytes, as: UTF8.self), closed)
    }

    /// ``receive(quietFor:)`` as bytes, for bodies that are not text (gzip).
    func receiveBytes(quietFor seconds: Double = 1) async -> (bytes: [UInt8], closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.blockingReceive(quietFor: seconds)) }
        }
    }

    /// Whether the server has closed the connection, without waiting: what it sent meanwhile is
    /// read and dropped.
    func closedByServer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }

    /// Reads until nothing more comes for `seconds`, or the connection closes. The first answer
    /// is waited for at least 5 s, so that a loaded machine (two cores shared with a build) is
    /// not mistaken for a server that says nothing; "quiet" is measured once answers flow.
    private func blockingReceive(quietFor seconds: Double) -> (bytes: [UInt8], closed: Bool) {
        func wait(_ seconds: Double) {
            var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        wait(max(seconds, 5))
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                if received.isEmpty { wait(seconds) }
                received += buffer[..<count]
            } else {
                return (received, count == 0)
            }
        }
    }
}

/// Keeps what is logged, for tests on the access log.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    struct Handler: LogHandler {
        let sink: LogLines
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { sink.append("\(event.message)") }
    }

    var logger: Logger { Logger(label: "access") { _ in Handler(sink: self) } }
}
