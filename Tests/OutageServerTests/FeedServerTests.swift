import Foundation
import NIOHTTP1
import Testing

@testable import OutageServer

@Suite("Serving the feeds")
struct FeedServerTests {
    static let feed = "/prefectures/40-fukuoka.ics"

    @Test("a feed is text/calendar in UTF-8 with ETag, Last-Modified, Date and Cache-Control of the refresh interval")
    func headers() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let response = try await server.request(Self.feed)
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == ["text/calendar; charset=utf-8"])
            #expect(response.headers.first(name: "ETag")?.hasPrefix("\"") == true)
            #expect(response.headers.first(name: "Last-Modified")?.hasSuffix("GMT") == true)
            #expect(response.headers.first(name: "Date").flatMap(HTTPDate.parse) != nil)
            #expect(response.headers["Cache-Control"] == ["public, max-age=21600"])
            #expect(response.headers["Vary"] == ["Accept-Encoding"])
            #expect(response.headers["Content-Length"] == [String(response.body.readableBytes)])
            #expect(response.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            let page = try await server.request("/")
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"] == ["text/html; charset=utf-8"])
            #expect(page.headers["Cache-Control"] == ["public, max-age=300"])
            let withQuery = try await server.request(Self.feed + "?utm=mail")
            #expect(withQuery.status == 200)
            #expect(withQuery.body == response.body)
        }
    }

    @Test("304 on If-None-Match and on If-Modified-Since, with the validators and no body; 200 when the tag is old")
    func conditional() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let first = try await server.request(Self.feed)
            let etag = try #require(first.headers.first(name: "ETag"))
            let modified = try #require(first.headers.first(name: "Last-Modified"))
            let byTag = try await server.request(Self.feed, headers: [("If-None-Match", etag)])
            #expect(byTag.status == 304)
            #expect(byTag.body.readableBytes == 0)
            #expect(byTag.headers["ETag"] == [etag])
            #expect(byTag.headers["Cache-Control"] == ["public, max-age=21600"])
            #expect(byTag.headers["Content-Type"].isEmpty)
            let inList = try await server.request(Self.feed, headers: [("if-none-match", "\"other\", W/\(etag)")])
            #expect(inList.status == 304)
            let byDate = try await server.request(Self.feed, headers: [("If-Modified-Since", modified)])
            #expect(byDate.status == 304)
            let later = try await server.request(Self.feed, headers: [("If-Modified-Since", "Fri, 31 Dec 2100 23:59:59 GMT")])
            #expect(later.status == 304)
            let stale = try await server.request(Self.feed, headers: [("If-None-Match", "\"old\""), ("If-Modified-Since", modified)])
            #expect(stale.status == 200, "If-None-Match wins over If-Modified-Since")
        }
    }

    @Test("gzip when asked, with its own ETag and Vary; a 304 for either tag")
    func gzip() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let plain = try await server.request(Self.feed)
            let zipped = try await server.request(Self.feed, headers: [("Accept-Encoding", "br, gzip;q=0.8")])
            #expect(zipped.headers["Content-Encoding"] == ["gzip"])
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 4)
            #expect(zipped.body.getBytes(at: 0, length: 2) == [0x1F, 0x8B])
            #expect(zipped.headers["ETag"] != plain.headers["ETag"])
            #expect(zipped.headers["Vary"] == ["Accept-Encoding"])
            let refused = try await server.request(Self.feed, headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(refused.headers["Content-Encoding"].isEmpty)
            let revalidated = try await server.request(
                Self.feed, headers: [("Accept-Encoding", "gzip"), ("If-None-Match", zipped.headers.first(name: "ETag")!)])
            #expect(revalidated.status == 304)
            #expect(revalidated.headers["ETag"] == zipped.headers["ETag"])
        }
    }

    @Test("nothing outside the folder: .., encoded .., hidden files, links that lead out, the inbox's drafts",
          arguments: ["/../secret.txt", "/%2e%2e/secret.txt", "/prefectures/%2E%2E/%2E%2E/secret.txt", "/.env", "/escape.txt", "/nope.ics",
                      "/inbox/d1/notice.yaml", "/%69nbox/d1/notice.yaml", "//inbox/d1/notice.yaml", "/inbox"])
    func contained(path: String) async throws {
        let feeds = try TestServer.folder()
        try await TestServer.with(feeds) { server in
            // Sent as written: an HTTP client library would remove the dot segments itself.
            let connection = try RawConnection(port: server.port)
            connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let (text, closed) = await connection.receive()
            #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(path)")
            #expect(!text.contains("secret"))
            #expect(closed)
        }
    }

    @Test("GET and HEAD only; HEAD has the headers and no body")
    func methods() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            for method in [HTTPMethod.POST, .PUT, .DELETE, .OPTIONS] {
                let response = try await server.request(Self.feed, method: method)
                #expect(response.status == 405)
                #expect(response.headers["Allow"] == ["GET, HEAD"])
            }
            let get = try await server.request(Self.feed)
            let head = try await server.request(Self.feed, method: .HEAD)
            #expect(head.status == 200)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers["Content-Length"] == get.headers["Content-Length"])
            #expect(head.headers["ETag"] == get.headers["ETag"])
        }
    }

    @Test("a regenerated feed is served at once, with a new ETag, without a restart")
    func regenerated() async throws {
        let feeds = try TestServer.folder()
        try await TestServer.with(feeds) { server in
            let before = try await server.request(Self.feed)
            // Same size, same second: only the content tells them apart.
            let path = feeds + Self.feed
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "西日本", with: "東日本")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let after = try await server.request(Self.feed, headers: [("If-None-Match", before.headers.first(name: "ETag")!)])
            #expect(after.status == 200)
            #expect(after.headers["ETag"] != before.headers["ETag"])
            #expect(after.text.contains("東日本"))
        }
    }

    @Test("pipelined requests are answered in order on one connection, which stays open until asked to close")
    func pipelining() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let connection = try RawConnection(port: server.port)
            connection.send(
                "GET /nope HTTP/1.1\r\nHost: x\r\n\r\nHEAD \(Self.feed) HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET \(Self.feed) HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n")
            let (open, closedEarly) = await connection.receive(quietFor: 0.5)
            #expect(!closedEarly)
            let statuses = open.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("HTTP/1.1 ") }
            #expect(statuses == ["HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK", "HTTP/1.1 304 Not Modified"])
            #expect(!open.contains("BEGIN:VCALENDAR"), "HEAD and 304 have no body")
            connection.send("GET \(Self.feed) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let (last, closed) = await connection.receive()
            #expect(last.contains("Connection: close\r\n"))
            #expect(last.hasSuffix("END:VCALENDAR\r\n"))
            #expect(closed)
        }
    }

    @Test("a client that sends many requests before reading gets every answer, in order, once it reads")
    func backpressure() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let connection = try RawConnection(port: server.port)
            let count = 3000  // about 10 MB of answers: more than the socket buffers hold
            let requests = String(repeating: "GET \(Self.feed) HTTP/1.1\r\nHost: x\r\n\r\n", count: count)
            Thread.detachNewThread { connection.send(requests) }  // blocks until the server reads on
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await server.request("/").status == 200, "other clients are served meanwhile")
            let (text, _) = await connection.receive(quietFor: 2)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1 == count)
            #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        }
    }

    @Test("a request to upgrade (WebSocket) is answered as any GET, and the connection then closed")
    func upgrade() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
            let (text, closed) = await connection.receive()
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test("HTTP/1.0 closes after the answer unless it asks for keep-alive")
    func http10() async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let once = try RawConnection(port: server.port)
            once.send("GET / HTTP/1.0\r\n\r\n")
            let (text, closed) = await once.receive()
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(closed)
            let kept = try RawConnection(port: server.port)
            kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let (keptText, keptClosed) = await kept.receive(quietFor: 0.5)
            #expect(keptText.contains("Connection: keep-alive\r\n"))
            #expect(!keptClosed)
        }
    }

    @Test("bytes that are not HTTP get 400 and the connection is closed; the server goes on", arguments: [
        "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
        "GET /\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\n\r\n",
    ])
    func unreadable(bytes: String) async throws {
        try await TestServer.with(try TestServer.folder()) { server in
            let connection = try RawConnection(port: server.port)
            connection.send(bytes)
            let (text, closed) = await connection.receive()
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
            #expect(try await server.request(Self.feed).status == 200)
        }
    }

    @Test("an idle connection is closed, also one that never finishes its request")
    func idle() async throws {
        try await TestServer.with(try TestServer.folder(), configure: { $0.idleTimeout = .milliseconds(200) }) { server in
            let quiet = try RawConnection(port: server.port)
            quiet.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let slow = try RawConnection(port: server.port)
            slow.send("GET / HTTP/1.1\r\nHo")
            let (answered, quietClosed) = await quiet.receive(quietFor: 2)
            #expect(answered.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(quietClosed)
            let (nothing, slowClosed) = await slow.receive(quietFor: 2)
            #expect(nothing.isEmpty)
            #expect(slowClosed)
        }
    }

    @Test("on SIGTERM (graceful shutdown) it stops accepting, closes idle connections and returns")
    func shutdown() async throws {
        var port = 0
        var connection: RawConnection?
        try await TestServer.with(try TestServer.folder()) { server in
            port = server.port
            connection = try RawConnection(port: port)
            connection?.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let (_, closedBefore) = await connection!.receive(quietFor: 0.3)
            #expect(!closedBefore)
        }
        // `with` has shut the server down and seen it return.
        let (_, closed) = try await #require(connection).receive(quietFor: 2)
        #expect(closed)
        #expect(throws: (any Error).self) { try RawConnection(port: port) }
    }

    @Test("one access-log line per request: method, path, status, bytes, time and the client's User-Agent")
    func accessLog() async throws {
        let lines = LogLines()
        try await TestServer.with(try TestServer.folder(), logger: lines.logger, configure: { $0.accessLog = true }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET \(Self.feed) HTTP/1.1\r\nUser-Agent: Google-Calendar-Importer\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            _ = await connection.receive(quietFor: 0.3)
        }
        let requests = lines.all.filter { $0.hasPrefix("GET ") || $0.hasPrefix("POST ") }
        #expect(requests.count == 2)
        #expect(requests.first?.hasPrefix("GET \(Self.feed) 200 3245 ") == true, "\(requests)")
        #expect(requests.first?.hasSuffix("ms \"Google-Calendar-Importer\"") == true)
        #expect(requests.last?.hasPrefix("POST / 405 ") == true)
        #expect(requests.last?.hasSuffix(" \"-\"") == true)
    }

    @Test("a port in use is refused with a message that says what to do")
    func portInUse() async throws {
        try await TestServer.with(try TestServer.folder()) { running in
            var configuration = TestServer.configuration(try TestServer.folder())
            configuration.port = running.port
            let second = FeedServer(configuration, logger: TestServer.quietLogger)
            let error = await #expect(throws: FeedServer.ListenError.self) { try await second.run() }
            #expect(error?.description.contains("127.0.0.1:\(running.port)") == true)
            #expect(error?.description.contains("Address already in use") == true)
            #expect(error?.description.contains("--port") == true)
        }
    }

    @Test("request targets: query and fragment dropped, absolute URIs reduced to their path")
    func targets() {
        #expect(FeedFolder.path(of: "/all.ics") == "/all.ics")
        #expect(FeedFolder.path(of: "/all.ics?x=1#y") == "/all.ics")
        #expect(FeedFolder.path(of: "http://feeds.example.jp/prefectures/40-fukuoka.ics") == "/prefectures/40-fukuoka.ics")
        #expect(FeedFolder.path(of: "http://feeds.example.jp") == "/")
        #expect("If-None-Match".equalsIgnoringASCIICase("if-none-match"))
        #expect("IF-NONE-MATCH".equalsIgnoringASCIICase("if-none-match"))
        #expect(!"If-None-Matcj".equalsIgnoringASCIICase("if-none-match"))
        #expect(!"If_None-Match".equalsIgnoringASCIICase("if-none-match"))
    }
}
