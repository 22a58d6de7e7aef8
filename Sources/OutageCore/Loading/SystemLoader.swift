import Foundation
import Yams

/// Reads Feeds/systems.yaml: every system OutageCal announces, what staff must do when it
/// stops, and since when that is known to be true (`checked:`, and `until:` on a text whose rule
/// ends).
enum SystemLoader {
    static let systemKeys = ["id", "name", "short", "operator", "url", "checked", "guidance"]

    static func load(path: String, text: String, diagnostics: inout Diagnostics) -> SystemRegistry? {
        let file = YAMLFile(path: path, text: text, diagnostics: &diagnostics)
        guard let root = file.root,
            let top = Fields(root, file: path, what: "systems.yaml", known: ["systems"], diagnostics: &diagnostics),
            let items = top.list("systems", required: true, example: "[{id: onshi, name: オンライン資格確認等システム, …}]", &diagnostics)
        else { return nil }
        let before = diagnostics.errors.count
        var systems: [System] = []
        var sources: [String: SourceLocation] = [:]
        for item in items {
            let label = item.mapping?["id"]?.string.map { "system '\($0)'" } ?? "a system"
            guard let fields = Fields(item, file: path, what: label, known: systemKeys, diagnostics: &diagnostics) else { continue }
            let id = fields.string("id", required: true, example: "eprescription", &diagnostics)
            if let id, let node = fields.value("id") {
                if !Identifier.isValid(id) {
                    fields.error(node, "system id '\(id)' is not a valid id", hint: Identifier.hint, &diagnostics)
                } else if systems.contains(where: { $0.id == id }) {
                    fields.error(node, "system id '\(id)' is used twice", hint: "give each system its own id", &diagnostics)
                }
            }
            let name = fields.string("name", required: true, example: "電子処方箋管理サービス", &diagnostics)
            let short = fields.string("short", required: true, example: "電子処方箋", &diagnostics)
            let operatorName = fields.string("operator", required: true, example: "社会保険診療報酬支払基金", &diagnostics)
            let url = fields.webAddress("url", required: false, &diagnostics)
            let checked = fields.date("checked", required: false, &diagnostics)
            if !fields.has("checked") {
                fields.error(fields.node, "\(label) has no 'checked' date",
                             hint: "add `checked: YYYY-MM-DD` beside its guidance: the day you last read the sources named in its # source: comments", &diagnostics)
            }
            var guidance: [WindowKind: Guidance] = [:]
            var untilNodes: [WindowKind: Node] = [:]
            if let node = fields.value("guidance") {
                guidance = NoticeLoader.guidanceByKind(node, path: path, what: "guidance of \(label)", dated: true, untilNodes: &untilNodes, &diagnostics)
                if guidance[.outage] == nil {
                    fields.error(node, "\(label) has no guidance for 'outage'",
                                 hint: "add `outage:` with short (one line for alerts) and ja: what staff must do while it is down", &diagnostics)
                }
            } else {
                fields.error(fields.node, "\(label) has no 'guidance'",
                             hint: "add guidance with what staff must do while it is down (outage:, and intermittent:/partial: where they apply)", &diagnostics)
            }
            if let id, let name, let short, let operatorName, let checked {
                systems.append(System(id: id, name: name, shortName: short, operatorName: operatorName, url: url, checked: checked, guidance: guidance))
                if let node = fields.value("checked") { sources["\(id)/checked"] = SourceLocation(file: path, line: node.line, column: node.column) }
                for (kind, node) in untilNodes {
                    sources["\(id)/\(kind.rawValue)/until"] = SourceLocation(file: path, line: node.line, column: node.column)
                }
            }
        }
        if systems.isEmpty && diagnostics.errors.count == before {
            top.error(root, "systems.yaml lists no system", hint: "add at least one system with id, name, short, operator and guidance", &diagnostics)
        }
        return diagnostics.errors.count == before ? SystemRegistry(systems, sources: sources) : nil
    }
}
