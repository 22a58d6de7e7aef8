import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The folder being served, and what to answer a request for it: the right Content-Type
/// (text/calendar for .ics), a content ETag and Last-Modified with 304 on If-None-Match and
/// If-Modified-Since, Cache-Control, gzip when asked. Nothing outside the folder: `..` (also
/// percent-encoded), hidden files, and symbolic links are 404. No I/O but the
/// file cache's, and no NIO channel: FeedConnection does the talking.
struct FeedFolder: Sendable {
    let root: String
    let feedMaxAge: Int
    let pageMaxAge: Int
    let cache: FileCache

    init(
        directory: String, feedMaxAge: Int, pageMaxAge: Int, revalidateAfter: Duration = .seconds(1),
        cacheLimits: FileCache.Limits = .init()
    ) {
        cache = FileCache(limits: cacheLimits, revalidateAfter: revalidateAfter)
        var absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        if let real = realpath(absolute, nil) {
            absolute = String(cString: real)
            free(real)
        }
        root = absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        self.feedMaxAge = feedMaxAge
        self.pageMaxAge = pageMaxAge
    }

    enum Prepared { case ready(Answer), needsDisk }

    /// The file a connection last had from the cache, by request target, and until when the
    /// cache would give the same: a client asking for the same feed again on the same
    /// connection is answered without the cache's lock, which both event loops share.
    final class Recent {
        let target: String
        let file: ServedFile
        let until: ContinuousClock.Instant

        init(target: String, file: ServedFile, until: ContinuousClock.Instant) {
            self.target = target
            self.file = file
            self.until = until
        }
    }

    /// The answer to one request when it needs no disk: a refusal, a file the cache checked
    /// within the last second, or a 304 for a file sent from the disk. Otherwise
    /// ``answer(method:target:headers:chunked:)`` must run, off the event loop. `recent` is the
    /// connection's own (``Recent``), kept up to date here. `chunked`: the client can take a body
    /// in chunks (HTTP/1.1), which a gzipped file sent from the disk needs.
    func prepare(method: HTTPMethod, target: String, headers: HTTPHeaders, chunked: Bool = true, recent: inout Recent?) -> Prepared {
        guard Self.isServed(method) else { return .ready(.methodNotAllowed) }
        let now = ContinuousClock.now
        if let known = recent, now < known.until, known.target == target {
            return answer(known.file, headers: headers, chunked: chunked).map { .ready($0) } ?? .needsDisk
        }
        guard let key = Self.key(of: Self.path(of: target)) else { return .ready(.notFound) }
        guard let (file, until) = cache.fresh(key, now: now) else {
            recent = nil
            return .needsDisk
        }
        recent = Recent(target: target, file: file, until: until)
        return answer(file, headers: headers, chunked: chunked).map { .ready($0) } ?? .needsDisk
    }

    /// The answer to one request, opening and reading the file when the cache must: blocking
    /// file work, for a thread that may block. A file too big to keep is opened, not read: the
    /// answer carries it (``Answer/stream``).
    func answer(method: HTTPMethod, target: String, headers: HTTPHeaders, chunked: Bool = true) -> Answer {
        // Every server test runs with this check: file work on an event loop would stall every
        // connection of that loop.
        assert(MultiThreadedEventLoopGroup.currentEventLoop == nil, "file work on an event loop")
        guard Self.isServed(method) else { return .methodNotAllowed }
        // Every alias of a file (`//a//b`, `%61/b`, `a/b/`) is one key: one cache entry.
        guard let key = Self.key(of: Self.path(of: target)) else { return .notFound }
        switch cache.file(for: key, open: open, describe: describe) {
        case .found(let file, let opened):
            if let answer = answer(file, headers: headers, chunked: chunked) { return answer }
            guard let opened else { return .unavailable }  // the cache gives a streamed file with its descriptor
            let zipped = Self.zipped(file, headers: headers, chunked: chunked)
            return Answer(head: zipped ? file.gzip!.ok : file.plain.ok, body: nil, stream: FileStream(file: opened, gzip: zipped))
        case .notFound: return .notFound
        case .unavailable: return .unavailable
        }
    }

    /// GET or HEAD. Matched by case: HTTPMethod's `==` compares the methods' names as strings.
    static func isServed(_ method: HTTPMethod) -> Bool {
        switch method {
        case .GET, .HEAD: true
        default: false
        }
    }

    /// The answer from memory, or nil when its body must be read from the disk (a streamed file
    /// that is not a 304).
    private func answer(_ file: ServedFile, headers: HTTPHeaders, chunked: Bool) -> Answer? {
        // The fields are read where they are, not the encoding copied out first.
        let zipped = Self.zipped(file, headers: headers, chunked: chunked)
        if Self.notModified(headers, file: file) { return Answer(head: zipped ? file.gzip!.notModified : file.plain.notModified, body: nil) }
        guard !file.streamed else { return nil }
        return zipped ? Answer(head: file.gzip!.ok, body: file.gzip!.body) : Answer(head: file.plain.ok, body: file.plain.body)
    }

    /// Gzip when asked for and there is a gzip encoding; a file sent from the disk is gzipped in
    /// chunks, which an HTTP/1.0 client cannot take: it gets the file as it is, with its length.
    private static func zipped(_ file: ServedFile, headers: HTTPHeaders, chunked: Bool) -> Bool {
        file.gzip != nil && (chunked || !file.streamed) && acceptsGzip(headers)
    }

    /// The path of a request target: without query and fragment, and without scheme and host
    /// when the target is an absolute URI.
    static func path(of target: String) -> String {
        let utf8 = target.utf8
        let cut = utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        if cut == nil && utf8.first == UInt8(ascii: "/") { return target }  // the usual case: no copy
        var path = cut.map { target[..<$0] } ?? Substring(target)
        if !path.hasPrefix("/"), let scheme = path.range(of: "://") {
            let rest = path[scheme.upperBound...]
            path = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        return String(path)
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

    /// The file a request path names, as one canonical key: percent-decoded, `/` and the names
    /// between single slashes, no trailing slash (`/` for the folder itself). Nil for what is
    /// never served: `.` and `..`, hidden names, NUL, files in progress, and the inbox of drafts
    /// not yet accepted (`/inbox/…`)
    /// (``isWorkInProgress(_:)``). The usual path is its own key, and is returned without a copy.
    static func key(of path: String) -> String? {
        if isCanonical(path) { return path }
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let components = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(where: { $0.hasPrefix(".") || isWorkInProgress($0) }), components.first != "inbox" else { return nil }
        return "/" + components.joined(separator: "/")
    }

    /// A file being written: `generate` writes each feed to `<name>.tmp-<pid>` beside it and
    /// renames it into place (FeedWriter.temporaryName in OutageCore, which this module does not
    /// depend on: keep the two in step), and an interrupted run leaves them behind. Also
    /// `<name>.tmp`. Never served, whole or not.
    static func isWorkInProgress(_ name: Substring) -> Bool {
        if name.hasSuffix(".tmp") { return true }
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return false }
        let digits = name[marker.upperBound...]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Starts with `/`, has no `%`, no NUL, no empty name, no name starting with a dot, no
    /// `.tmp` anywhere, and no trailing slash: nothing to decode, drop or look at again.
    private static func isCanonical(_ path: String) -> Bool {
        // Drafts waiting for the administrator (Feeds/inbox) are never published.
        if path == "/inbox" || path.hasPrefix("/inbox/") { return false }
        var previous: UInt8 = 0
        var lastFour: UInt32 = 0
        for byte in path.utf8 {
            lastFour = lastFour << 8 | UInt32(byte)
            if lastFour == 0x2E74_6D70 { return false }  // ".tmp"
            switch byte {
            case UInt8(ascii: "%"), 0: return false
            case UInt8(ascii: "/") where previous == UInt8(ascii: "/"): return false
            case UInt8(ascii: ".") where previous == UInt8(ascii: "/"): return false
            default: break
            }
            if previous == 0 && byte != UInt8(ascii: "/") { return false }
            previous = byte
        }
        return previous != 0 && (previous != UInt8(ascii: "/") || path.utf8.count == 1)
    }

    /// Opens the file a key (``key(of:)``) names, or gives nil; symbolic links anywhere on the
    /// way are refused (``OpenedFile``). Runs on a cache miss, and when a cached file is checked
    /// again.
    func open(_ key: String) -> OpenedFile.Opening {
        OpenedFile.open(root: root, components: key.split(separator: "/", omittingEmptySubsequences: true))
    }

    func describe(_ file: String) -> (type: String, compressible: Bool, cacheControl: String) {
        let (type, compressible) = Self.contentType(file)
        return (type, compressible, "public, max-age=\(type.hasPrefix("text/calendar") ? feedMaxAge : pageMaxAge)")
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). Either encoding's tag
    /// matches: the content is the same. A client usually sends Last-Modified back as it was.
    static func notModified(_ headers: HTTPHeaders, file: ServedFile) -> Bool {
        func current<Tag: StringProtocol>(_ tag: Tag) -> Bool { tag == file.plain.etag || file.gzip.map { tag == $0.etag } == true }
        var askedByTag = false
        for value in headers.values(of: "if-none-match") {
            askedByTag = true
            if current(value) { return true }
            for tag in value.split(separator: ",") {
                var bare = Substring(tag.drop { $0 == " " })
                while bare.last == " " { bare = bare.dropLast() }
                if bare.hasPrefix("W/") { bare = bare.dropFirst(2) }
                if bare == "*" || current(bare) { return true }
            }
        }
        if askedByTag { return false }
        guard let since = headers.values(of: "if-modified-since").first(where: { _ in true }) else { return false }
        if since == file.lastModifiedText { return true }
        return HTTPDate.parse(since).map { file.lastModified <= $0 } ?? false
    }

    /// gzip named with a non-zero quality (`gzip`, `gzip;q=0.5`, `*`).
    static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        for value in headers.values(of: "accept-encoding") {
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

extension HTTPHeaders {
    /// The values of every field named `lowercaseName`, matched without regard to ASCII case,
    /// lazily (no array per lookup: this runs for every request).
    func values(of lowercaseName: StaticString) -> some Sequence<String> {
        lazy.filter { $0.name.equalsIgnoringASCIICase(lowercaseName) }.map(\.value)
    }
}

extension String {
    /// Whether this is `lowercase` (ASCII, lower case) but for the case of its letters.
    func equalsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard utf8.count == lowercase.utf8CodeUnitCount else { return false }
        var name = self
        return name.withUTF8 { have in
            let want = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            for index in 0..<have.count where have[index] != want[index] {
                // Only letters may differ, and only by case.
                let letter = want[index] >= UInt8(ascii: "a") && want[index] <= UInt8(ascii: "z")
                if !letter || have[index] | 0x20 != want[index] { return false }
            }
            return true
        }
    }
}
