import Foundation
import Testing

@testable import OutageNotifier

#if canImport(Glibc)
import Glibc
#endif

/// The real HTTP fetcher (not the fake) against a server on loopback that answers with too much.
@Suite("HTTP fetcher limits")
struct HTTPFetcherTests {
    /// Serves one answer to one connection on a free loopback port; returns the port.
    static func serveOnce(_ answer: Data) throws -> Int {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            var request = [UInt8](repeating: 0, count: 4096)
            _ = read(connection, &request, request.count)
            answer.withUnsafeBytes { bytes in
                var sent = 0
                while sent < bytes.count {
                    let n = write(connection, bytes.baseAddress! + sent, bytes.count - sent)
                    if n <= 0 { break }
                    sent += n
                }
            }
            close(connection)
            close(listener)
        }
        return port
    }

    static let body = String(repeating: "BEGIN:VCALENDAR\r\n", count: 200_000)  // 3.4 MB

    @Test("a feed larger than the limit is refused, with or without Content-Length", arguments: [true, false])
    func tooLarge(withLength: Bool) async throws {
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nConnection: close\r\n"
        if withLength { head += "Content-Length: \(Self.body.utf8.count)\r\n" }
        let port = try Self.serveOnce(Data((head + "\r\n" + Self.body).utf8))
        await #expect(throws: FetchError.tooLarge(limit: 1_000_000)) {
            _ = try await HTTPFeedFetcher().fetch(URL(string: "http://127.0.0.1:\(port)/all.ics")!, etag: nil, lastModified: nil,
                                                  limit: 1_000_000, timeout: .seconds(20))
        }
    }

    @Test("a feed within the limit is read whole")
    func withinLimit() async throws {
        let text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        let port = try Self.serveOnce(Data("HTTP/1.1 200 OK\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)".utf8))
        let response = try await HTTPFeedFetcher().fetch(URL(string: "http://127.0.0.1:\(port)/all.ics")!, etag: nil, lastModified: nil,
                                                         limit: 1_000_000, timeout: .seconds(20))
        guard case .body(let got, _, _) = response else {
            Issue.record("expected a body, got \(response)")
            return
        }
        #expect(got == text)
    }
}
