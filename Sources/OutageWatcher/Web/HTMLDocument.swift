import CLibxml2
import Foundation

/// An operator's web page, parsed by libxml2's HTML parser as a browser would read it (tags left
/// open, entities, any declared charset: Shift_JIS pages are common), giving its words and its
/// links. The only file that touches libxml2: what leaves it is Swift strings.
struct HTMLDocument {
    struct Link: Hashable, Sendable {
        /// Absolute, resolved against the page's address.
        var url: URL
        /// The link's own words.
        var text: String
        /// The words of the block around it (the list item or table row): its date is there.
        var context: String
    }

    /// The page's words, one block (paragraph, list item, table row, heading) per line.
    let text: String
    let title: String
    let links: [Link]

    static let blocks: Set<String> = ["p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "dt", "dd",
                                      "section", "article", "header", "footer", "hr", "title", "pre", "blockquote", "main", "nav", "aside", "caption"]
    static let cells: Set<String> = ["td", "th"]
    /// Struck-through words (`<s>5:00</s> 8:00`) are what no longer holds: left out, as a reader skips them.
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg", "head", "s", "del", "strike"]
    /// The blocks whose words are a link's context.
    static let contexts: Set<String> = ["li", "tr", "dd", "dt", "p", "div", "article", "section", "h2", "h3", "h4"]

    private static let setUp: Void = { xmlInitParser() }()

    /// Parses `bytes` as HTML. `charset` is what the server's Content-Type said; else the page's
    /// own <meta> is looked for, else UTF-8.
    init(bytes: [UInt8], url: URL, charset: String?) {
        _ = Self.setUp
        let encoding = charset ?? Self.declaredCharset(bytes)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    htmlReadMemory(chars, Int32(clamping: buffer.count), url.absoluteString, encoding, options)
                }
            }
        }
        guard let document else {
            (text, title, links) = ("", "", [])
            return
        }
        defer { xmlFreeDoc(document) }
        var reader = TreeText(base: url)
        reader.walk(xmlDocGetRootElement(document))
        text = reader.output
        title = reader.title.trimmingCharacters(in: .whitespacesAndNewlines)
        links = reader.links
    }

    /// The charset a page declares in its first bytes: `<meta charset="Shift_JIS">` or
    /// `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">`.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : UInt8(ascii: " ") }, as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let value = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
            .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return value.isEmpty ? nil : String(value)
    }

    /// The charset parameter of a Content-Type header.
    static func charset(ofContentType type: String?) -> String? {
        guard let type, let range = type.lowercased().range(of: "charset=") else { return nil }
        let value = type[range.upperBound...].drop { $0 == "\"" || $0 == " " }.prefix { $0 != ";" && $0 != "\"" && $0 != " " }
        return value.isEmpty ? nil : String(value)
    }
}

/// Walks libxml2's tree without recursion (a hostile page nests deep), writing the words.
private struct TreeText {
    let base: URL
    var output = ""
    var title = ""
    var links: [HTMLDocument.Link] = []

    init(base: URL) { self.base = base }

    private enum Step {
        case enter(xmlNodePtr)
        case leave(xmlNodePtr, name: String, outputStart: String.Index?, linkStart: Int?)
    }

    mutating func walk(_ root: xmlNodePtr?) {
        guard let root else { return }
        var stack: [Step] = [.enter(root)]
        // For each open context block, where its words began in `output`, and the links inside it.
        var contextStarts: [(start: String.Index, firstLink: Int)] = []
        // The links whose context is their smallest block's words already.
        var placed = Set<Int>()
        // The words of the last term of a definition list (<dt>2027年1月15日</dt>): the context of
        // the descriptions that follow it (<dd><a>…</a></dd>), as a reader pairs them.
        var term = ""
        var inTitle = false
        while let step = stack.popLast() {
            switch step {
            case .enter(let node):
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    let words = Self.content(node)
                    if inTitle { title += words } else { output += words }
                case XML_ELEMENT_NODE:
                    let name = Self.name(node)
                    if HTMLDocument.skipped.contains(name) && name != "head" { continue }
                    if name == "head" {
                        // Only the title is read from the head.
                        if let titleNode = Self.child(node, named: "title") { inTitle = true; stack.append(.leave(titleNode, name: "title", outputStart: nil, linkStart: nil)); Self.push(children: titleNode, on: &stack) }
                        continue
                    }
                    if name == "dl" { term = "" }
                    if HTMLDocument.blocks.contains(name) { output += "\n" }
                    // A tab between cells: the importer reads tabs as a table's cell boundaries.
                    if HTMLDocument.cells.contains(name) { output += "\t" }
                    let isContext = HTMLDocument.contexts.contains(name)
                    if isContext { contextStarts.append((output.endIndex, links.count)) }
                    stack.append(.leave(node, name: name, outputStart: name == "a" ? output.endIndex : nil, linkStart: isContext ? links.count : nil))
                    Self.push(children: node, on: &stack)
                default:
                    continue
                }
            case .leave(let node, let name, let outputStart, let linkStart):
                if name == "title" && inTitle {
                    inTitle = false
                    continue
                }
                if name == "a", let outputStart, let href = Self.attribute(node, "href"),
                    let url = URL(string: href.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: base)?.absoluteURL,
                    ["http", "https"].contains(url.scheme?.lowercased() ?? "") {
                    let words = String(output[outputStart...]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    links.append(HTMLDocument.Link(url: url, text: words, context: words))
                }
                if linkStart != nil, let open = contextStarts.popLast() {
                    // The links inside this block take its words as their context, unless a
                    // smaller block inside it gave them theirs already.
                    var words = String(output[open.start...]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if name == "dt" { term = words }
                    if name == "dd", !term.isEmpty { words = term + " " + words }
                    for index in open.firstLink..<links.count where !placed.contains(index) {
                        links[index].context = words
                        placed.insert(index)
                    }
                }
                if HTMLDocument.blocks.contains(name) { output += "\n" }
            }
        }
    }

    private static func push(children node: xmlNodePtr, on stack: inout [Step]) {
        var children: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            children.append(current)
            child = current.pointee.next
        }
        for child in children.reversed() { stack.append(.enter(child)) }
    }

    static func child(_ node: xmlNodePtr, named wanted: String) -> xmlNodePtr? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE && name(current) == wanted { return current }
            child = current.pointee.next
        }
        return nil
    }

    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    static func content(_ node: xmlNodePtr) -> String {
        guard let text = node.pointee.content else { return "" }
        return String(cString: text)
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }
}
