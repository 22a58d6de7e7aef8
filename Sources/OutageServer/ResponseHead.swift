import NIOCore

/// The status line and header fields of a response, encoded once. FeedConnection adds Date, a
/// Connection field when the connection is to close, and the empty line, per response. A class:
/// a connection knows the head it answered last by identity (FeedConnection.respond).
final class ResponseHead: Sendable {
    enum Status: Int, Sendable {
        case ok = 200, notModified = 304, badRequest = 400, notFound = 404, methodNotAllowed = 405, serviceUnavailable = 503

        var reason: String {
            switch self {
            case .ok: "OK"
            case .notModified: "Not Modified"
            case .badRequest: "Bad Request"
            case .notFound: "Not Found"
            case .methodNotAllowed: "Method Not Allowed"
            case .serviceUnavailable: "Service Unavailable"
            }
        }
    }

    let status: Status
    let bytes: ByteBuffer

    /// `fields` are ours (no CR or LF in them); Server is added first.
    init(_ status: Status, _ fields: [(String, String)]) {
        self.status = status
        var buffer = ByteBuffer()
        buffer.writeString("HTTP/1.1 \(status.rawValue) \(status.reason)\r\nServer: OutageCal\r\n")
        for (name, value) in fields { buffer.writeString("\(name): \(value)\r\n") }
        bytes = buffer
    }
}

/// A response: its head and, for GET, its body, in memory or to be read from a file.
struct Answer: Sendable {
    let head: ResponseHead
    let body: ByteBuffer?
    /// A file too big to keep, sent from the disk (then `body` is nil).
    var stream: FileStream? = nil

    /// A short text answer in Japanese with English in brackets, for the errors.
    private static func text(_ status: ResponseHead.Status, _ text: String, _ fields: [(String, String)] = []) -> Answer {
        let body = ByteBuffer(string: text + "\n")
        return Answer(
            head: ResponseHead(status, fields + [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.readableBytes))]),
            body: body)
    }

    static let notFound = text(.notFound, "見つかりません (not found)")
    static let methodNotAllowed = text(.methodNotAllowed, "GET と HEAD だけに答えます (only GET and HEAD)", [("Allow", "GET, HEAD")])
    static let badRequest = text(.badRequest, "リクエストを読めません (bad request)")
    /// Beyond --max-connections.
    static let unavailable = text(
        .serviceUnavailable, "混み合っています。少し待ってからもう一度どうぞ (too many connections; try again shortly)", [("Retry-After", "5")])
}
