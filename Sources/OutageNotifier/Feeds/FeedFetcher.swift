import AsyncHTTPClient
import NIOHTTPCompression
import Foundation
import NIOCore
import NIOHTTP1

/// What a server said to a conditional GET.
public enum FetchResponse: Hashable, Sendable {
    /// 304: the copy we have is current.
    case notModified
    case body(String, etag: String?, lastModified: String?)
}

/// Why a fetch gave no feed.
public enum FetchError: Error, Hashable, Sendable, CustomStringConvertible {
    case status(Int)
    case tooLarge(limit: Int)
    case timedOut(seconds: Int)
    case notText
    case unreachable(String)
    /// A compressed answer that would grow past the decompression limit: a gzip bomb, or a feed
    /// that is far too repetitive.
    case compressedTooLarge
    /// A local feed file that cannot be read.
    case unreadableFile(path: String, why: String)

    public var description: String {
        switch self {
        case .status(let code): "the server answered HTTP \(code)"
        case .tooLarge(let limit): "the answer is larger than \(limit / 1_000_000) MB; not read"
        case .timedOut(let seconds): "no complete answer within \(seconds) s"
        case .notText: "the answer is not UTF-8 text"
        case .unreachable(let detail): "cannot reach the server (\(detail))"
        case .compressedTooLarge:
            "the compressed answer grows more than 25 times when unpacked (a gzip bomb, or a feed far too repetitive); not read. If the feed is genuine, ask its publisher to serve it uncompressed"
        case .unreadableFile(let path, let why): "cannot read the feed file \(path) (\(why)); check the path and its permissions"
        }
    }
}

/// Fetches a feed over HTTP. Injected, so that tests can serve anything.
public protocol FeedFetcher: Sendable {
    /// GET `url`, conditional on `etag` / `lastModified`, reading at most `limit` bytes and giving
    /// up after `timeout`.
    func fetch(_ url: URL, etag: String?, lastModified: String?, limit: Int, timeout: Duration) async throws -> FetchResponse
}

/// The real fetcher: AsyncHTTPClient, redirects followed, the whole exchange under one deadline.
public struct HTTPFeedFetcher: FeedFetcher {
    public init() {}

    /// Our own client: the shared one retries a refused connection until the deadline, which
    /// would hold every alert back while a server is down.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func fetch(_ url: URL, etag: String?, lastModified: String?, limit: Int, timeout: Duration) async throws -> FetchResponse {
        guard let download = try await Self.download(url, etag: etag, lastModified: lastModified, limit: limit, timeout: timeout, agent: "notifier") else {
            return .notModified
        }
        guard let text = String(validating: download.bytes, as: UTF8.self) else { throw FetchError.notText }
        return .body(text, etag: download.etag, lastModified: download.lastModified)
    }

    /// What a server sent: the bytes as they are (a page in Shift_JIS, a PDF), and what the
    /// headers say of them.
    public struct Download: Sendable {
        public var bytes: [UInt8]
        /// Content-Type, as sent.
        public var contentType: String?
        public var etag: String?
        public var lastModified: String?

        public init(bytes: [UInt8], contentType: String?, etag: String?, lastModified: String?) {
            self.bytes = bytes
            self.contentType = contentType
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    /// GET `url` as ``fetch(_:etag:lastModified:limit:timeout:)`` does, for any kind of content
    /// (the watcher's pages, feeds and PDFs): nil when the server says the copy we have is
    /// current (304). The whole exchange, body included, is under one deadline.
    public static func download(_ url: URL, etag: String?, lastModified: String?, limit: Int, timeout: Duration, agent: String) async throws -> Download? {
        let seconds = Int(timeout.components.seconds)
        return try await withThrowingTaskGroup(of: Download?.self) { group in
            group.addTask { try await exchange(url, etag: etag, lastModified: lastModified, limit: limit, timeout: timeout, agent: agent) }
            group.addTask {
                // On the event loop, not Task.sleep: see DaemonExecutor.
                try await DaemonExecutor.sleep(for: timeout)
                throw FetchError.timedOut(seconds: seconds)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func exchange(_ url: URL, etag: String?, lastModified: String?, limit: Int, timeout: Duration, agent: String) async throws -> Download? {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "OutageCal/1.0 (\(agent))")
        if let etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
        } catch is NIOHTTPDecompression.DecompressionError {
            throw FetchError.compressedTooLarge
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            // The client's own deadline, which may fire before the caller's: the same timeout.
            throw FetchError.timedOut(seconds: Int(timeout.components.seconds))
        } catch let error as HTTPClientError {
            throw FetchError.unreachable("\(error)")
        } catch let error as CancellationError {
            throw error
        } catch {
            throw FetchError.unreachable("\(error)")
        }
        if response.status == .notModified { return nil }
        guard response.status == .ok else { throw FetchError.status(Int(response.status.code)) }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
            throw FetchError.tooLarge(limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw FetchError.tooLarge(limit: limit)
        } catch is NIOHTTPDecompression.DecompressionError {
            throw FetchError.compressedTooLarge
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw FetchError.timedOut(seconds: Int(timeout.components.seconds))
        }
        return Download(bytes: Array(buffer.readableBytesView), contentType: response.headers.first(name: "Content-Type"),
                        etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified"))
    }
}
