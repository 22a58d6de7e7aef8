/// The text of a saved web page (a portal article saved as .html): scripts and styles dropped,
/// blocks (p, div, li, tr, br, headings) on lines of their own, table cells apart, entities
/// decoded. One linear pass, no HTML library: the importer needs the words, not the tree.
enum HTMLText {
    /// Whether `text` is a web page rather than a letter's text.
    static func looksLikeHTML(_ text: String) -> Bool {
        let head = text.prefix(2048).lowercased()
        return head.contains("<!doctype html") || head.contains("<html") || (head.contains("<body") && head.contains("</"))
    }

    static let blocks: Set<String> = ["p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dt", "dd", "section", "article", "header", "footer", "hr", "title"]
    static let cells: Set<String> = ["td", "th"]
    /// Struck-through words (`<s>5:00</s> 8:00`) are what no longer holds: left out.
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg", "s", "del", "strike"]

    static func plain(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var skipping: String?
        while i < s.count {
            if s[i] == "<" {
                // A comment.
                if i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = min(s.count, j + 3)
                    continue
                }
                var j = i + 1
                while j < s.count, s[j] != ">" { j += 1 }
                let inside = String(String.UnicodeScalarView(s[(i + 1)..<min(j, s.count)]))
                let closing = inside.hasPrefix("/")
                let name = String(inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
                i = min(s.count, j + 1)
                if let tag = skipping {
                    if closing && name == tag { skipping = nil }
                    continue
                }
                if !closing && skipped.contains(name) && !inside.hasSuffix("/") {
                    skipping = name
                } else if blocks.contains(name) {
                    out.append("\n")
                } else if cells.contains(name) {
                    out.append(" ")
                }
                continue
            }
            if skipping != nil {
                i += 1
                continue
            }
            if s[i] == "&", let (decoded, next) = entity(s, at: i) {
                out.append(decoded)
                i = next
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    static let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "yen": "¥", "times": "×"]

    /// `&amp;`, `&#12288;`, `&#x3000;`: the scalar and where the entity ends.
    static func entity(_ s: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var j = start + 1
        while j < s.count, j - start <= 10, s[j] != ";" { j += 1 }
        guard j < s.count, s[j] == ";" else { return nil }
        let body = String(String.UnicodeScalarView(s[(start + 1)..<j]))
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            guard let value = UInt32(body.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, j + 1)
        }
        if body.hasPrefix("#") {
            guard let value = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, j + 1)
        }
        return named[body].map { ($0, j + 1) }
    }
}
