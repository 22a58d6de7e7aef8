import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import OutageServer

/// Many requests, well-formed and not, through the connection handler on an EmbeddedChannel
/// (no sockets, no threads): it never crashes, and everything it writes is a run of well-formed
/// HTTP/1.1 answers with a status it is meant to give.
@Suite("The connection handler on random and broken requests")
struct ConnectionFuzzTests {
    /// SplitMix64: the same cases on every run, so a failure can be replayed from its number.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    // Well-formed parts, and broken ones drawn now and then.
    static let methods = ["GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "DELETE"]
    static let brokenMethods = ["get", "G\u{0}T", "PRI", "", "GET GET"]
    static let targets = [
        "/", "/index.html", "/prefectures/40-fukuoka.ics", "/prefectures/40-fukuoka.ics?x=1#y", "/prefectures/", "/prefectures",
        "/../secret.txt", "/%2e%2e/secret.txt", "/%", "/%zz", "/%00", "/%ff%fe", "http://h/all.ics", "http://", "://", "*",
        "/東京.ics", "/" + String(repeating: "a/", count: 200), "/.env", "/escape.txt", "//prefectures//40-fukuoka.ics",
    ]
    static let versions = ["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"]
    static let brokenVersions = ["HTTP/2.0", "HTTP/1.", "http/1.1", ""]
    static let headers = [
        "Host: x", "If-None-Match: *", "If-None-Match: \"x\", W/\"y\"", "if-none-match: ", "If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT",
        "If-Modified-Since: yesterday", "Accept-Encoding: gzip", "Accept-Encoding: gzip;q=0, *;q=0.5", "Accept-Encoding: ;;,,q=",
        "Connection: close", "Connection: keep-alive", "Connection: Upgrade", "Upgrade: websocket", "Content-Length: 0",
        "User-Agent: Google-Calendar-Importer", "Host: " + String(repeating: "h", count: 300), "Expect: 100-continue",
    ]
    static let brokenHeaders = ["Bad Header", ": empty name", "X: \u{7F}\u{1}", "Content-Length: -1", "Content-Length: 5\r\nContent-Length: 6"]

    static func request(_ random: inout Seeded) -> [UInt8] {
        func pick(_ good: [String], _ broken: [String]) -> String {
            Int.random(in: 0..<10, using: &random) == 0 ? broken.randomElement(using: &random)! : good.randomElement(using: &random)!
        }
        let target = targets.randomElement(using: &random)!
        var text = "\(pick(methods, brokenMethods)) \(target) \(pick(versions, brokenVersions))\r\n"
        for _ in 0..<Int.random(in: 0...4, using: &random) { text += pick(headers, brokenHeaders) + "\r\n" }
        if Int.random(in: 0..<4, using: &random) == 0 {
            text += "Content-Length: 5\r\n\r\nhello"  // a body
        } else if Int.random(in: 0..<8, using: &random) == 0 {
            text += "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        } else {
            text += "\r\n"
        }
        var bytes = Array(text.utf8)
        // Now and then: flip, drop or insert bytes.
        for _ in 0..<(Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 1...3, using: &random) : 0) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.remove(at: at)
            default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            }
        }
        return bytes
    }

    static let statuses: Set<String> = ["200", "304", "400", "404", "405"]

    /// The answers in `output`, each checked; nil and a reason when something is malformed.
    static func answers(_ output: [UInt8]) -> (count: Int, problem: String?) {
        var rest = output[...]
        var count = 0
        let end = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let headEnd = rest.firstRange(of: end) else { return (count, "a head without its end") }
            let head = String(decoding: rest[..<headEnd.lowerBound], as: UTF8.self)
            let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let status = lines[0].split(separator: " ")
            guard status.count >= 3, status[0] == "HTTP/1.1", statuses.contains(String(status[1])) else {
                return (count, "a bad status line: \(lines[0])")
            }
            guard lines.dropFirst().allSatisfy({ $0.contains(": ") }), lines.contains(where: { $0.hasPrefix("Date: ") }) else {
                return (count, "bad header fields: \(head)")
            }
            rest = rest[headEnd.upperBound...]
            count += 1
            // A body follows when Content-Length says so, except after HEAD (which the caller
            // cannot tell here): accept either a body of that length or the next answer.
            if let length = lines.first(where: { $0.hasPrefix("Content-Length: ") }).flatMap({ Int($0.dropFirst(16)) }),
                status[1] != "304", rest.count >= length, !rest.starts(with: Array("HTTP/1.1 ".utf8)) || length == 0
            {
                rest = rest.dropFirst(length)
            }
        }
        return (count, nil)
    }

    @Test("5,000 random and broken request streams: no crash, only well-formed answers")
    func randomStreams() throws {
        let folder = FeedFolder(directory: try TestServer.folder(), feedMaxAge: 21600, pageMaxAge: 300, revalidateAfter: .zero)
        var random = Seeded(state: 2024_12_31)
        var answered = 0
        for number in 0..<5_000 {
            let channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
                FeedConnection(folder: folder, disk: .inline, logger: nil, idleTimeout: .seconds(60)),
            ])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
            var stream = [UInt8]()
            for _ in 0..<Int.random(in: 1...3, using: &random) { stream += Self.request(&random) }
            // Delivered in pieces, as TCP may.
            var offset = 0
            while offset < stream.count && channel.isActive {
                let piece = min(stream.count - offset, Int.random(in: 1...64, using: &random))
                try channel.writeInbound(ByteBuffer(bytes: stream[offset..<offset + piece]))
                offset += piece
            }
            var output = [UInt8]()
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { output += buffer.readableBytesView }
            let (count, problem) = Self.answers(output)
            #expect(problem == nil, "case \(number): \(problem ?? "") for \(String(decoding: stream, as: UTF8.self).debugDescription)")
            answered += count
            _ = try? channel.finish()
        }
        #expect(answered > 5_000, "most streams hold at least one readable request")
    }
}
