import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import OutageServer

@Suite("Serving the feeds")
struct FeedServerTests {
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
        try FileManager.default.createSymbolicLink(atPath: feeds + "/escape.txt", withDestinationPath: base + "/secret.txt")
        return feeds
    }

    static func app(_ directory: String) -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var configuration = FeedServer.Configuration(directory: directory, port: 0, accessLog: false)
        configuration.revalidateAfter = .zero  // production: 1 s
        return FeedServer.application(configuration, logger: logger)
    }

    @Test("a feed is text/calendar in UTF-8 with ETag, Last-Modified and Cache-Control of the refresh interval")
    func headers() async throws {
        try await Self.app(try Self.folder()).test(.router) { client in
            try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
                #expect(response.headers[.lastModified]?.hasSuffix("GMT") == true)
                #expect(response.headers[.cacheControl] == "public, max-age=21600")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(String(buffer: response.body).hasPrefix("BEGIN:VCALENDAR\r\n"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
            }
        }
    }

    @Test("304 on If-None-Match and on If-Modified-Since; 200 when the tag is old")
    func conditional() async throws {
        try await Self.app(try Self.folder()).test(.router) { client in
            let first = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get)
            let etag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            let byTag = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.ifNoneMatch: etag])
            #expect(byTag.status == .notModified)
            #expect(byTag.body.readableBytes == 0)
            #expect(byTag.headers[.eTag] == etag)
            let byDate = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.ifModifiedSince: modified])
            #expect(byDate.status == .notModified)
            let stale = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.ifNoneMatch: "\"old\""])
            #expect(stale.status == .ok)
        }
    }

    @Test("gzip when asked, with its own ETag and Vary; a 304 for either tag")
    func gzip() async throws {
        try await Self.app(try Self.folder()).test(.router) { client in
            let plain = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get)
            let zipped = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 4)
            #expect(zipped.body.getBytes(at: 0, length: 2) == [0x1F, 0x8B])
            #expect(zipped.headers[.eTag] != plain.headers[.eTag])
            let refused = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
            let revalidated = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get,
                                                       headers: [.acceptEncoding: "gzip", .ifNoneMatch: zipped.headers[.eTag]!])
            #expect(revalidated.status == .notModified)
        }
    }

    @Test("nothing outside the folder: .., encoded .., hidden files, links that lead out",
          arguments: ["/../secret.txt", "/%2e%2e/secret.txt", "/prefectures/%2E%2E/%2E%2E/secret.txt", "/.env", "/escape.txt", "/nope.ics"])
    func contained(path: String) async throws {
        try await Self.app(try Self.folder()).test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .notFound, "\(path)")
            #expect(!String(buffer: response.body).contains("secret"))
        }
    }

    @Test("GET and HEAD only; HEAD has the headers and no body")
    func methods() async throws {
        try await Self.app(try Self.folder()).test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete] {
                let response = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: method)
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            let head = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] != nil)
        }
    }

    @Test("a regenerated feed is served at once, with a new ETag, without a restart")
    func regenerated() async throws {
        let feeds = try Self.folder()
        try await Self.app(feeds).test(.router) { client in
            let before = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get)
            // Same size, same second: only the content tells them apart.
            let path = feeds + "/prefectures/40-fukuoka.ics"
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "西日本", with: "東日本")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let after = try await client.execute(uri: "/prefectures/40-fukuoka.ics", method: .get, headers: [.ifNoneMatch: before.headers[.eTag]!])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != before.headers[.eTag])
            #expect(String(buffer: after.body).contains("東日本"))
        }
    }
}
