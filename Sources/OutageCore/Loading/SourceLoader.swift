import Foundation
import Yams

/// Reads Feeds/sources.yaml: what `outagecal watch` reads for new notices.
public enum SourceLoader {
    static let sourceKeys = ["id", "name", "url", "shape", "mail", "systems", "words"]

    /// The sources in `folder`/sources.yaml (mail folders relative to `folder`), or every problem found.
    public static func load(folder: String, systems: SystemRegistry) -> (sources: [WatchSource]?, diagnostics: [Diagnostic]) {
        let path = (folder as NSString).appendingPathComponent("sources.yaml")
        var diagnostics = Diagnostics()
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            diagnostics.append(Diagnostic(.error, file: path, exists ? "cannot read the file (permission denied)" : "no such file",
                                          hint: exists ? "make it readable for this user" : "list what to watch in sources.yaml (see the one bundled in Feeds/ and sources.schema.json)"))
            return (nil, diagnostics.all)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic(.error, file: path, "the file is not UTF-8 text", hint: "save it as UTF-8"))
            return (nil, diagnostics.all)
        }
        let sources = load(path: path, text: text, folder: folder, systems: systems, diagnostics: &diagnostics)
        return (diagnostics.hasErrors ? nil : sources, diagnostics.all)
    }

    static func load(path: String, text: String, folder: String, systems: SystemRegistry, diagnostics: inout Diagnostics) -> [WatchSource] {
        let file = YAMLFile(path: path, text: text, diagnostics: &diagnostics)
        guard let root = file.root,
            let top = Fields(root, file: path, what: "sources.yaml", known: ["sources"], diagnostics: &diagnostics),
            let items = top.list("sources", required: true, example: "[{id: mhlw-news, name: 厚生労働省 新着情報, url: https://…}]", &diagnostics)
        else { return [] }
        var sources: [WatchSource] = []
        for item in items {
            let label = item.mapping?["id"]?.string.map { "source '\($0)'" } ?? "a source"
            guard let fields = Fields(item, file: path, what: label, known: sourceKeys, diagnostics: &diagnostics) else { continue }
            let id = fields.string("id", required: true, example: "mhlw-news", &diagnostics)
            if let id, let node = fields.value("id") {
                if !Identifier.isValid(id) {
                    fields.error(node, "source id '\(id)' is not a valid id", hint: Identifier.hint, &diagnostics)
                } else if sources.contains(where: { $0.id == id }) {
                    fields.error(node, "source id '\(id)' is used twice", hint: "give each source its own id: drafts and the watcher's memory are named by it", &diagnostics)
                }
            }
            let name = fields.string("name", required: true, example: "厚生労働省 新着情報", &diagnostics)
            var location: WatchSource.Location?
            switch (fields.value("url"), fields.value("mail")) {
            case (nil, nil):
                fields.error(fields.node, "\(label) has neither 'url' nor 'mail'",
                             hint: "add `url: https://…` (a page, an RSS or Atom feed) or `mail: /path/to/Maildir`", &diagnostics)
            case (.some, .some(let node)):
                fields.error(node, "\(label) has both 'url' and 'mail'", hint: "list the web page and the mail folder as two sources", &diagnostics)
            case (.some(let node), nil):
                let text = fields.string("url", required: true, example: "https://www.mhlw.go.jp/stf/news.rdf", &diagnostics)
                var shape = WatchSource.Shape.auto
                if let shapeText = fields.string("shape", required: false, example: "feed", &diagnostics), let shapeNode = fields.value("shape") {
                    if let known = WatchSource.Shape(rawValue: shapeText) {
                        shape = known
                    } else {
                        fields.error(shapeNode, "'shape' in \(label) must be one of \(WatchSource.Shape.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(shapeText)')",
                                     hint: "links: a page of dated links to articles; feed: RSS or Atom; article: one page updated in place; auto: decided from what the server sends", &diagnostics)
                    }
                }
                if let text {
                    if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty,
                        !text.contains(where: \.isWhitespace) {
                        location = .web(url, shape: shape)
                    } else {
                        fields.error(node, "'url' in \(label) must be a web address starting with https:// (got '\(text.prefix(80))')",
                                     hint: "copy the page's address from the browser's address bar", &diagnostics)
                    }
                }
            case (nil, .some):
                if let text = fields.string("mail", required: true, example: "/home/admin/Maildir", &diagnostics) {
                    let expanded = (text as NSString).expandingTildeInPath
                    location = .mail(folder: expanded.hasPrefix("/") ? expanded : (folder as NSString).appendingPathComponent(expanded))
                }
                if let node = fields.value("shape") {
                    fields.error(node, "'shape' is for web sources; \(label) is a mail folder", hint: "remove it", &diagnostics)
                }
            }
            var ids: [String] = []
            if let list = fields.list("systems", required: true, example: "[onshi, eprescription]", allowScalar: true, &diagnostics) {
                for node in list {
                    guard let system = node.string, !system.isEmpty else { continue }
                    if systems.system(id: system) == nil {
                        let known = systems.systems.map(\.id)
                        let near = Fields.nearest(system, in: known)
                        fields.error(node, "\(label) names the system '\(system)', which systems.yaml does not list",
                                     hint: near.map { "did you mean '\($0)'?" } ?? "known systems: \(known.joined(separator: ", "))", &diagnostics)
                    } else {
                        ids.append(system)
                    }
                }
            }
            var words: [String] = []
            if let list = fields.list("words", required: false, example: "[オンライン資格確認, 電子処方箋]", allowScalar: true, &diagnostics) {
                for node in list {
                    guard let word = node.string.map(Fields.trimmed), !word.isEmpty else {
                        fields.error(node, "an empty word in 'words' of \(label)", hint: "remove it, or write the word", &diagnostics)
                        continue
                    }
                    if fields.checkText(word, at: node, key: "words", &diagnostics) { words.append(word) }
                }
            }
            if let id, let name, let location {
                sources.append(WatchSource(id: id, name: name, location: location, systems: ids, words: words))
            }
        }
        if items.isEmpty {
            top.error(root, "sources.yaml lists no source", hint: "add at least one web page, feed or mail folder to watch", &diagnostics)
        }
        return sources
    }
}
