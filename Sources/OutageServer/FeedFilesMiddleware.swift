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
    let cache: FileCache

    init(directory: String, feedMaxAge: Int, pageMaxAge: Int, revalidateAfter: Duration = .seconds(1)) {
        cache = FileCache(revalidateAfter: revalidateAfter)
        var absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        if let real = realpath(absolute, nil) {
            absolute = String(cString: real)
            free(real)
        }
        root = absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
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

    /// The file a request path names, or nil when it would leave the folder. Runs on a cache
    /// miss only.
    func resolve(_ rawPath: String) -> String? {
        guard let path = rawPath.removingPercentEncoding, !path.contains("\0") else { return nil }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else { return nil }
        let candidate = root + "/" + components.joined(separator: "/")
        guard let real = realpath(candidate, nil) else { return nil }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved == root || resolved.hasPrefix(root + "/") else { return nil }
        return candidate
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.uri.path
        var lookup = cache.file(for: path, resolve: resolve, describe: describe)
        if case .isFolder = lookup {
            lookup = cache.file(for: path.hasSuffix("/") ? path + "index.html" : path + "/index.html", resolve: resolve, describe: describe)
        }
        guard case .found(let file) = lookup else { return Self.notFound }

        let gzip = file.gzip != nil && Self.acceptsGzip(request.headers[values: .acceptEncoding])
        let etag = gzip ? file.gzipETag : file.etag
        var headers: HTTPFields = [
            .contentType: file.contentType,
            .eTag: etag,
            .lastModified: file.lastModifiedText,
            .cacheControl: file.cacheControl,
        ]
        if file.compressible { headers[.vary] = "Accept-Encoding" }
        if Self.notModified(request, file: file) {
            return Response(status: .notModified, headers: headers)
        }
        let body = gzip ? file.gzip! : file.body
        if gzip { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(body.readableBytes)
        if request.method == .head { return Response(status: .ok, headers: headers, body: ResponseBody()) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    func describe(_ file: String) -> (type: String, compressible: Bool, cacheControl: String) {
        let (type, compressible) = Self.contentType(file)
        return (type, compressible, "public, max-age=\(type.hasPrefix("text/calendar") ? feedMaxAge : pageMaxAge)")
    }

    static var notFound: Response {
        Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: "見つかりません (not found)\n")))
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). Either encoding's tag
    /// matches: the content is the same. A client usually sends Last-Modified back as it was.
    static func notModified(_ request: Request, file: ServedFile) -> Bool {
        let matches = request.headers[values: .ifNoneMatch]
        if !matches.isEmpty {
            for value in matches {
                if value == file.etag || value == file.gzipETag { return true }
                for tag in value.split(separator: ",") {
                    var bare = Substring(tag.drop { $0 == " " })
                    while bare.last == " " { bare = bare.dropLast() }
                    if bare.hasPrefix("W/") { bare = bare.dropFirst(2) }
                    if bare == "*" || bare == file.etag || bare == file.gzipETag { return true }
                }
            }
            return false
        }
        guard let since = request.headers[.ifModifiedSince] else { return false }
        if since == file.lastModifiedText { return true }
        return HTTPDate.parse(since).map { file.lastModified <= $0 } ?? false
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
