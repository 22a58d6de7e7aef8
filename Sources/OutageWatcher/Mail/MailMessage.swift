import Foundation

/// A mail as real mail is written (RFC 5322 and MIME): headers unfolded, subjects in encoded
/// words (RFC 2047), multipart bodies, attachments named in RFC 2231, ISO-2022-JP, Shift_JIS
/// (with Windows' ① and ～) or UTF-8, base64 or quoted-printable, forwards as message/rfc822.
struct MailMessage {
    /// One leaf of the MIME tree: a text body or an attachment, its transfer encoding undone.
    struct Part {
        /// `text/plain`, lowercased, without parameters.
        var type: String
        var charset: String?
        /// The attachment's name, decoded; nil for a body.
        var fileName: String?
        var bytes: [UInt8]
        /// Inside a forwarded message (message/rfc822): its subject.
        var forwardedSubject: String?
        /// Chosen among alternatives: a text/html that has a text/plain twin is left out.
        var isAlternative = false

        var isAttachment: Bool { fileName != nil }

        /// The part's words, in its charset: nil for what is not text (a PDF).
        var text: String? {
            if type == "text/html" {
                return HTMLDocument(bytes: bytes, url: URL(fileURLWithPath: "/"), charset: charset ?? HTMLDocument.declaredCharset(bytes)).text
            }
            guard type.hasPrefix("text/") || (type == "application/octet-stream" && fileName?.lowercased().hasSuffix(".txt") == true) else { return nil }
            return MailCharset.decode(bytes, charset: charset)
        }

        var isPDF: Bool {
            type == "application/pdf" || (fileName?.lowercased().hasSuffix(".pdf") ?? false) || bytes.starts(with: Array("%PDF-".utf8))
        }
    }

    var subject: String
    var from: String
    var messageID: String?
    var date: String?
    var parts: [Part]

    /// How deep forwards and multiparts may nest, and how many parts a mail may have: a mail
    /// built to exhaust the reader is cut there.
    static let maxDepth = 16
    static let maxParts = 200

    init(_ bytes: [UInt8]) {
        let entity = Entity(bytes)
        subject = entity.header("subject").map(EncodedWords.decode) ?? ""
        from = entity.header("from").map(EncodedWords.decode) ?? ""
        messageID = entity.header("message-id")?.trimmingCharacters(in: .whitespaces)
        date = entity.header("date")
        var parts: [Part] = []
        Self.collect(entity, depth: 0, forwarded: nil, into: &parts)
        self.parts = parts
    }

    private static func collect(_ entity: Entity, depth: Int, forwarded: String?, into parts: inout [Part]) {
        guard depth < maxDepth, parts.count < maxParts else { return }
        let (type, parameters) = entity.contentType
        if type.hasPrefix("multipart/"), let boundary = parameters["boundary"] {
            let children = entity.body.multipartBodies(boundary: boundary).map(Entity.init)
            let first = parts.count
            for child in children { collect(child, depth: depth + 1, forwarded: forwarded, into: &parts) }
            if type == "multipart/alternative", parts[first...].contains(where: { $0.type == "text/plain" && !$0.isAttachment }) {
                for index in first..<parts.count where parts[index].type == "text/html" && !parts[index].isAttachment {
                    parts[index].isAlternative = true
                }
            }
            return
        }
        let body = TransferEncoding.decode(entity.body, encoding: entity.header("content-transfer-encoding"))
        if type == "message/rfc822" {
            let inner = Entity(body)
            let subject = inner.header("subject").map(EncodedWords.decode)
            collect(inner, depth: depth + 1, forwarded: subject ?? forwarded, into: &parts)
            return
        }
        let disposition = entity.header("content-disposition").map(HeaderParameters.parse)
        let name = disposition?.parameters["filename"] ?? parameters["name"]
        let isAttachment = disposition?.value.lowercased() == "attachment" || name != nil
        parts.append(Part(type: type, charset: parameters["charset"], fileName: isAttachment ? (name ?? "添付ファイル") : nil,
                          bytes: body, forwardedSubject: forwarded))
    }
}

/// Headers and body of a message or of one MIME part.
private struct Entity {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]

    init(_ bytes: [UInt8]) {
        // The headers end at the first empty line (CRLF or LF).
        var end = bytes.count
        var bodyStart = bytes.count
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let next = index + 1
                if next < bytes.count, bytes[next] == 0x0A { end = index; bodyStart = next + 1; break }
                if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { end = index; bodyStart = next + 2; break }
            }
            index += 1
        }
        if index == 0 || (bytes.first == 0x0D && bytes.dropFirst().first == 0x0A) {
            // No headers at all.
            end = 0
            bodyStart = bytes.first == 0x0A ? 1 : (bytes.first == 0x0D ? 2 : 0)
        }
        body = Array(bytes[min(bodyStart, bytes.count)...])
        // Header bytes are ASCII, or raw 8-bit text some mailers write: read them as UTF-8 then Latin-1.
        let raw = Array(bytes[..<end])
        let text = String(validating: raw, as: UTF8.self) ?? String(decoding: raw.map { $0 }, as: Unicode.ASCII.self)
        var current: (String, String)?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if let first = line.first, first == " " || first == "\t" {
                current?.1 += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            if let current { headers.append(current) }
            guard let colon = line.firstIndex(of: ":") else { current = nil; continue }
            current = (line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        if let current { headers.append(current) }
    }

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    var contentType: (String, [String: String]) {
        guard let value = header("content-type") else { return ("text/plain", [:]) }
        let parsed = HeaderParameters.parse(value)
        return (parsed.value.lowercased(), parsed.parameters)
    }
}

extension Array where Element == UInt8 {
    /// The bodies between `--boundary` lines, up to `--boundary--`.
    fileprivate func multipartBodies(boundary: String) -> [[UInt8]] {
        let marker = Array("--\(boundary)".utf8)
        var bodies: [[UInt8]] = []
        var start: Int?
        var lineStart = 0
        while lineStart < count, bodies.count < MailMessage.maxParts {
            var lineEnd = lineStart
            while lineEnd < count, self[lineEnd] != 0x0A { lineEnd += 1 }
            var content = lineEnd
            if content > lineStart, self[content - 1] == 0x0D { content -= 1 }
            let line = self[lineStart..<content]
            if line.starts(with: marker) {
                let rest = line.dropFirst(marker.count)
                let closing = rest.starts(with: Array("--".utf8))
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || closing {
                    if let start {
                        // The line break before the boundary belongs to the boundary.
                        var end = lineStart
                        if end > start, self[end - 1] == 0x0A { end -= 1 }
                        if end > start, self[end - 1] == 0x0D { end -= 1 }
                        bodies.append(Array(self[start..<end]))
                    }
                    if closing { return bodies }
                    start = Swift.min(lineEnd + 1, count)
                }
            }
            lineStart = lineEnd + 1
        }
        if let start, start < count { bodies.append(Array(self[start...])) }
        return bodies
    }
}

/// `value; name=param; name*0*=charset''%XX…` (RFC 2045, RFC 2231), values decoded.
enum HeaderParameters {
    static func parse(_ header: String) -> (value: String, parameters: [String: String]) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { escaped = true; continue }
            if character == "\"" { quoted.toggle(); continue }
            if character == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.append(character)
        }
        pieces.append(current)
        let value = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var plain: [String: String] = [:]
        // RFC 2231 continuations: name → index → (text, percent-encoded?).
        var continued: [String: [Int: (String, Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            if let star = name.lastIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                continued[String(name[..<star]), default: [:]][index] = (text, encoded)
            } else if encoded {
                continued[name, default: [:]][0] = (text, true)
            } else {
                plain[name] = text
            }
        }
        for (name, sections) in continued {
            var bytes: [UInt8] = []
            var charset: String?
            for index in sections.keys.sorted() {
                guard let (raw, encoded) = sections[index] else { continue }
                var text = raw
                if encoded {
                    if index == 0, let first = text.firstIndex(of: "'"), let second = text[text.index(after: first)...].firstIndex(of: "'") {
                        charset = String(text[..<first])
                        text = String(text[text.index(after: second)...])
                    }
                    bytes += percentDecoded(text)
                } else {
                    bytes += Array(text.utf8)
                }
            }
            plain[name] = MailCharset.decode(bytes, charset: charset)
        }
        // Many Japanese mailers write file names as encoded words inside quotes (not RFC 2231).
        for (name, text) in plain where text.contains("=?") { plain[name] = EncodedWords.decode(text) }
        return (value, plain)
    }

    static func percentDecoded(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                out.append(value)
                index += 3
            } else {
                out.append(utf8[index])
                index += 1
            }
        }
        return out
    }
}

/// RFC 2047 `=?charset?B?…?=` and `=?charset?Q?…?=`. Adjacent words of one charset are joined
/// before decoding: ISO-2022-JP's escape sequences are often split between them.
enum EncodedWords {
    static func decode(_ header: String) -> String {
        var out = ""
        var pending: (charset: String, bytes: [UInt8])?
        var rest = Substring(header)
        func flush() {
            if let run = pending { out += MailCharset.decode(run.bytes, charset: run.charset) }
            pending = nil
        }
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            let fields = afterStart.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let end = fields[2].range(of: "?=") else {
                flush()
                out += rest[..<start.upperBound]
                rest = afterStart
                continue
            }
            let charset = fields[0].split(separator: "*").first.map(String.init)?.lowercased() ?? ""
            let encoding = fields[1].uppercased()
            let payload = fields[2][..<end.lowerBound]
            let bytes: [UInt8]
            if encoding == "B" {
                bytes = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters).map { [UInt8]($0) }
                    ?? Data(base64Encoded: String(payload) + String(repeating: "=", count: (4 - payload.count % 4) % 4)).map { [UInt8]($0) } ?? []
            } else {
                bytes = TransferEncoding.quotedPrintable(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
            }
            // White space between two encoded words is not part of the text.
            if pending == nil || !before.allSatisfy(\.isWhitespace) {
                flush()
                out += before
            }
            if pending?.charset == charset {
                pending?.bytes += bytes
            } else {
                flush()
                pending = (charset, bytes)
            }
            rest = fields[2][end.upperBound...]
        }
        flush()
        out += rest
        return out
    }
}

/// base64 and quoted-printable bodies.
enum TransferEncoding {
    static func decode(_ bytes: [UInt8], encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64":
            return Data(base64Encoded: Data(bytes.filter { !($0 == 0x0D || $0 == 0x0A || $0 == 0x20 || $0 == 0x09) }), options: .ignoreUnknownCharacters)
                .map { [UInt8]($0) } ?? bytes
        case "quoted-printable": return quotedPrintable(bytes)
        default: return bytes
        }
    }

    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                // A soft line break: = at the end of a line.
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 2; continue }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { index += 3; continue }
                if index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}

/// Text in the charsets Japanese mail is written in.
enum MailCharset {
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let name = charset?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) ?? ""
        let data = Data(name.hasPrefix("iso-2022-jp") ? joiningRuns(bytes) : bytes)
        let encodings: [String.Encoding]
        switch name {
        case "iso-2022-jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "csiso2022jp": encodings = [.iso2022JP, .utf8]
        // Windows writes CP932 (①, ～, ㈱) under the name Shift_JIS: Foundation's Shift_JIS reads it.
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j", "ms932", "ms_kanji": encodings = [.shiftJIS, .utf8]
        case "euc-jp", "x-euc-jp": encodings = [.japaneseEUC, .utf8]
        case "iso-8859-1", "latin1": encodings = [.isoLatin1]
        default:
            // UTF-8, US-ASCII, or none given: UTF-8 first, then the Japanese charsets a mailer
            // forgot to name.
            encodings = [.utf8, .iso2022JP, .shiftJIS, .japaneseEUC]
        }
        for encoding in encodings {
            if let text = String(data: data, encoding: encoding) { return text }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ISO-2022-JP with a switch back to ASCII that is at once undone (`ESC ( B ESC $ B`), as
    /// two encoded words of a subject are when joined: Foundation refuses the empty run.
    static func joiningRuns(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + 5 < bytes.count, bytes[index] == 0x1B, bytes[index + 1] == 0x28, bytes[index + 2] == 0x42,
                bytes[index + 3] == 0x1B, bytes[index + 4] == 0x24 {
                index += 3
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
