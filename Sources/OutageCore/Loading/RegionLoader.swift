import Foundation
import Yams

/// Reads Feeds/regions.yaml.
enum RegionLoader {
    static let regionKeys = ["id", "name", "name_en", "prefectures"]

    static func load(path: String, text: String, diagnostics: inout Diagnostics) -> RegionMap? {
        let file = YAMLFile(path: path, text: text, diagnostics: &diagnostics)
        guard let root = file.root,
            let top = Fields(root, file: path, what: "regions.yaml", known: ["regions"], diagnostics: &diagnostics),
            let items = top.list("regions", required: true, example: "[{id: east-japan, name: 東日本, prefectures: [北海道]}]", &diagnostics)
        else { return nil }
        let before = diagnostics.errors.count
        var regions: [Region] = []
        var regionOf: [Int: String] = [:]
        for item in items {
            guard let fields = Fields(item, file: path, what: "a region", known: regionKeys, diagnostics: &diagnostics)
            else { continue }
            let id = fields.string("id", required: true, example: "west-japan", &diagnostics)
            if let id, !Identifier.isValid(id), let node = fields.value("id") {
                fields.error(node, "region id '\(id)' is not a valid id", hint: Identifier.hint, &diagnostics)
            }
            if let id, regions.contains(where: { $0.id == id }), let node = fields.value("id") {
                fields.error(node, "region id '\(id)' is used twice", hint: "give each region its own id", &diagnostics)
            }
            let name = fields.string("name", required: true, example: "西日本", &diagnostics)
            let english = fields.string("name_en", required: false, example: "West Japan", &diagnostics)
            var members: [Prefecture] = []
            for node in fields.list("prefectures", required: true, example: "[富山県, 石川県]", &diagnostics) ?? [] {
                let key = node.string ?? ""
                guard let prefecture = Prefecture.find(key) else {
                    fields.error(node, "unknown prefecture '\(key)'",
                                 hint: "write a prefecture as 福岡県, 福岡, fukuoka or its JIS code 40", &diagnostics)
                    continue
                }
                if let other = regionOf[prefecture.code] {
                    fields.error(node, "\(prefecture.name) is in two regions: '\(other)' and '\(id ?? "?")'",
                                 hint: "a prefecture belongs to one region; remove it from one of them", &diagnostics)
                    continue
                }
                regionOf[prefecture.code] = id ?? "?"
                members.append(prefecture)
            }
            if let id, let name {
                regions.append(Region(id: id, name: name, nameEnglish: english, prefectures: members))
            }
        }
        let uncovered = Prefecture.all.filter { regionOf[$0.code] == nil }
        if !uncovered.isEmpty && diagnostics.errors.count == before {
            diagnostics.append(Diagnostic(
                .warning, file: path, line: root.line, column: root.column,
                "no region lists \(uncovered.map(\.name).joined(separator: "、"))",
                hint: "their prefecture feeds still get nationwide windows and windows naming them"))
        }
        return diagnostics.errors.count == before ? RegionMap(regions) : nil
    }
}

/// Ids of notices, windows and regions become parts of UIDs, URLs and file names.
enum Identifier {
    static let hint = "use lower-case letters, digits and hyphens, e.g. 2024-12-network-renewal"

    static func isValid(_ id: String) -> Bool {
        guard let first = id.utf8.first, first != UInt8(ascii: "-"), id.utf8.count <= 80 else { return false }
        return id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
