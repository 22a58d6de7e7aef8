import Foundation
import Hummingbird
import NIOCore

/// Answers GET and HEAD for the files of one folder: the right Content-Type (text/calendar for
/// .ics), a content ETag and Last-Modified with 304 on If-None-Match and If-Modified-Since,
/// Cache-Control, gzip when asked. Nothing outside the folder: `..` (also percent-encoded),
/// hidden files, and symbolic links that lead out are 404.
struct FeedFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    let root: String
    let feedMaxAge: Int
    let pageMaxAge: Int
    let cache = FileCache()

    init(directory: String, feedMaxAge: Int, pageMaxAge: Int) {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        root = absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        self.feedMaxAge = feedMaxAge
        self.pageMaxAge = pageMaxAge
    }

    static func contentType(_ path: String) -> (String, Bool) {
        switch (path as NSString).pathExtension.lowercased() {
        case "ics": ("text/calendar; charset=utf-8", true)
        case "html", "htm": ("text/html; charset=utf-8", true)
        case "json": ("application/json", true)
        case "yaml", "yml": ("text/yaml; charset=utf-8", true)
        case "css": ("text/css; charset=utf-8", true)
        case "js": ("text/javascript; charset=utf-8", true)
        case "txt": ("text/plain; charset=utf-8", true)
        case "svg": ("image/svg+xml", true)
        case "png": ("image/png", false)
        case "ico": ("image/x-icon", false)
        default: ("application/octet-stream", false)
        }
    }

    /// The file a request path names, or nil when it would leave the folder.
    func resolve(_ rawPath: String) -> String? {
        guard let path = rawPath.removingPercentEncoding, !path.contains("\0") else { return nil }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else { return nil }
        let candidate = root + "/" + components.joined(separator: "/")
        let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard resolved == root || resolved.hasPrefix(root + "/") else { return nil }
        return candidate
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        guard var path = resolve(request.uri.path) else { return Self.notFound }
        var (type, compressible) = Self.contentType(path)
        var lookup = cache.file(path, contentType: type, compressible: compressible)
        if case .isFolder = lookup {
            path += "/index.html"
            (type, compressible) = Self.contentType(path)
            lookup = cache.file(path, contentType: type, compressible: compressible)
        }
        guard case .found(let file) = lookup else { return Self.notFound }

        let gzip = file.gzip != nil && Self.acceptsGzip(request.headers[values: .acceptEncoding])
        let etag = gzip ? String(file.etag.dropLast()) + "-gzip\"" : file.etag
        var headers: HTTPFields = [
            .contentType: file.contentType,
            .eTag: etag,
            .lastModified: file.lastModifiedText,
            .cacheControl: "public, max-age=\(file.contentType.hasPrefix("text/calendar") ? feedMaxAge : pageMaxAge)",
        ]
        if file.compressible { headers[.vary] = "Accept-Encoding" }
        if Self.notModified(request, etag: etag, plainETag: file.etag, lastModified: file.lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        let body = gzip ? file.gzip! : file.body
        if gzip { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(body.readableBytes)
        if request.method == .head { return Response(status: .ok, headers: headers, body: ResponseBody()) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    static var notFound: Response {
        Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: "見つかりません (not found)\n")))
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). Either encoding's tag
    /// matches: the content is the same.
    static func notModified(_ request: Request, etag: String, plainETag: String, lastModified: Date) -> Bool {
        let matches = request.headers[values: .ifNoneMatch]
        if !matches.isEmpty {
            for value in matches {
                for tag in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    let bare = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
                    if bare == "*" || bare == etag || bare == plainETag { return true }
                }
            }
            return false
        }
        if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return lastModified <= since
        }
        return false
    }

    /// gzip named with a non-zero quality (`gzip`, `gzip;q=0.5`, `*`).
    static func acceptsGzip(_ values: [String]) -> Bool {
        for value in values {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
                let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                if quality > 0 { return true }
            }
        }
        return false
    }
}
