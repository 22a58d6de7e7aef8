import Foundation
import Yams

/// Reads one notice file of Feeds/notices.
enum NoticeLoader {
    static let noticeKeys = [
        "id", "title", "system", "issuer", "issued", "references", "url", "revision", "updated",
        "impact", "notes", "windows", "guidance", "alarms",
    ]
    static let windowKeys = ["id", "kind", "scope", "start", "end", "tentative", "cancelled"]
    static let referenceKeys = ["issuer", "number", "date", "to"]
    static let guidanceKeys = ["short", "ja", "en"]
    static let alarmKeys = ["before_start", "before_end"]

    static func load(
        path: String, text: String, regions: RegionMap?, diagnostics: inout Diagnostics,
        sources: inout [String: SourceLocation], checkFileName: Bool = true
    ) -> Notice? {
        let file = YAMLFile(path: path, text: text, diagnostics: &diagnostics)
        guard let root = file.root,
            let fields = Fields(root, file: path, what: "the notice", known: noticeKeys, diagnostics: &diagnostics)
        else { return nil }
        let before = diagnostics.errors.count

        let id = fields.string("id", required: true, example: "2024-12-network-renewal", &diagnostics)
        if let id, let node = fields.value("id") {
            if !Identifier.isValid(id) {
                fields.error(node, "notice id '\(id)' is not a valid id", hint: Identifier.hint, &diagnostics)
            } else if checkFileName, URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent != id {
                fields.error(node, "notice id '\(id)' does not match the file name",
                             hint: "name the file \(id).yaml, or change the id to match it", &diagnostics)
            }
        }
        let title = fields.string("title", required: true, example: "年末年始のネットワーク更改に伴う影響", &diagnostics)
        let system = fields.string("system", required: true, example: "オンライン資格確認等システム", &diagnostics)
        let issuer = fields.string("issuer", required: true, example: "厚生労働省保険局医療介護連携政策課", &diagnostics)
        let issued = fields.date("issued", required: true, &diagnostics)
        let references = (fields.list("references", required: false, example: "[{issuer: 日本薬剤師会, number: 日薬業発第362号, date: 2024-12-26}]", &diagnostics) ?? [])
            .compactMap { reference($0, path: path, &diagnostics) }
        let url = fields.string("url", required: false, example: "https://…", &diagnostics)
        if let url, let node = fields.value("url"), !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(" ") {
            fields.error(node, "'url' must be a web address starting with https://", hint: "copy the portal article's address", &diagnostics)
        }
        let revision = fields.integer("revision", required: true, example: "1", &diagnostics)
        if let revision, revision < 1, let node = fields.value("revision") {
            fields.error(node, "'revision' must be 1 or more", hint: "start at 1 and add 1 each time a window changes", &diagnostics)
        }
        let updated = fields.dateTime("updated", required: true, &diagnostics)
        let impact = fields.string("impact", required: false, example: "オンライン資格確認ができません。", &diagnostics)
        let notes = (fields.list("notes", required: false, example: "[マイナポータルは使えます。]", &diagnostics) ?? []).compactMap { node -> String? in
            guard let text = node.string, node.scalar != nil, !text.isEmpty else {
                fields.error(node, "each note must be text", hint: "write each note as one line of text", &diagnostics)
                return nil
            }
            return text
        }
        var windowNodes: [String: Node] = [:]
        let windows = windows(fields, path: path, regions: regions, nodes: &windowNodes, &diagnostics)
        let guidance = guidance(fields, path: path, kinds: Set(windows.map(\.kind)), &diagnostics)
        let alarms = alarms(fields, path: path, &diagnostics)

        guard diagnostics.errors.count == before, let id, let title, let system, let issuer, let issued,
            let revision, let updated
        else { return nil }
        sources[id] = SourceLocation(file: path, line: fields.value("id")?.line ?? 1, column: fields.value("id")?.column ?? 1)
        for (windowID, node) in windowNodes {
            sources["\(id)/\(windowID)"] = SourceLocation(file: path, line: node.line, column: node.column)
        }
        return Notice(
            id: id, title: title, system: system, issuer: issuer, issued: issued, references: references,
            url: url, revision: revision, updated: updated, impact: impact, notes: notes, windows: windows,
            guidance: guidance, alarms: alarms)
    }

    private static func reference(_ node: Node, path: String, _ diagnostics: inout Diagnostics) -> Reference? {
        guard let fields = Fields(node, file: path, what: "a reference", known: referenceKeys, diagnostics: &diagnostics),
            let issuer = fields.string("issuer", required: true, example: "日本薬剤師会", &diagnostics)
        else { return nil }
        return Reference(
            issuer: issuer,
            number: fields.string("number", required: false, example: "日薬業発第362号", &diagnostics),
            date: fields.date("date", required: false, &diagnostics),
            to: fields.string("to", required: false, example: "都道府県薬剤師会", &diagnostics))
    }

    private static func windows(
        _ notice: Fields, path: String, regions: RegionMap?, nodes locations: inout [String: Node], _ diagnostics: inout Diagnostics
    ) -> [Window] {
        let nodes = notice.list("windows", required: true, example: "[{id: west-outage, kind: outage, scope: [west-japan], start: …, end: …}]", &diagnostics) ?? []
        if nodes.isEmpty, let node = notice.value("windows") {
            notice.error(node, "the notice has no windows", hint: "add at least one window with start, end, kind and scope", &diagnostics)
        }
        var windows: [Window] = []
        var seen = Set<String>()
        for node in nodes {
            let label = node.mapping?["id"]?.string.map { "window '\($0)'" } ?? "a window"
            guard let fields = Fields(node, file: path, what: label, known: windowKeys, diagnostics: &diagnostics) else { continue }
            let id = fields.string("id", required: true, example: "west-outage", &diagnostics)
            if let id, let idNode = fields.value("id") {
                if !Identifier.isValid(id) {
                    fields.error(idNode, "window id '\(id)' is not a valid id", hint: Identifier.hint, &diagnostics)
                } else if !seen.insert(id).inserted {
                    fields.error(idNode, "window id '\(id)' is used twice in this notice", hint: "give each window its own id", &diagnostics)
                }
            }
            var kind: WindowKind?
            if let text = fields.string("kind", required: true, example: "outage", &diagnostics), let kindNode = fields.value("kind") {
                kind = WindowKind(rawValue: text)
                if kind == nil {
                    fields.error(kindNode, "unknown kind '\(text)'",
                                 hint: "use outage (長時間の通信断: unusable) or intermittent (数分間の通信断: repeated short drops)", &diagnostics)
                }
            }
            let scope = scope(fields, regions: regions, &diagnostics)
            let start = fields.dateTime("start", required: true, &diagnostics)
            let end = fields.dateTime("end", required: true, &diagnostics)
            if let start, let end, end <= start, let endNode = fields.value("end") {
                fields.error(endNode, "\(label) ends at or before it starts (\(JST.short(start)) → \(JST.short(end)) JST)",
                             hint: "a window that runs past midnight ends on the next day's date", &diagnostics)
            }
            let tentative = fields.bool("tentative", default: false, &diagnostics)
            let cancelled = fields.bool("cancelled", default: false, &diagnostics)
            if let id, let kind, let scope, let start, let end, end > start {
                windows.append(Window(id: id, kind: kind, scope: scope, start: start, end: end, tentative: tentative, cancelled: cancelled))
                locations[id] = fields.value("id") ?? node
            }
        }
        return windows
    }

    private static func scope(_ window: Fields, regions: RegionMap?, _ diagnostics: inout Diagnostics) -> [ScopeItem]? {
        guard let nodes = window.list("scope", required: true, example: "[west-japan]", allowScalar: true, &diagnostics) else { return nil }
        if nodes.isEmpty, let node = window.value("scope") {
            window.error(node, "the scope is empty", hint: "name regions (east-japan), prefectures (福岡県) or nationwide", &diagnostics)
            return nil
        }
        var items: [ScopeItem] = []
        var ok = true
        for node in nodes {
            let key = node.string ?? ""
            if key == "nationwide" || key == "全国" {
                items.append(.nationwide)
            } else if let regions, regions.region(id: key) != nil {
                items.append(.region(key))
            } else if let prefecture = Prefecture.find(key) {
                items.append(.prefecture(prefecture))
            } else if regions == nil {
                ok = false  // regions.yaml failed to load; its own errors say why
            } else {
                ok = false
                let ids = regions?.regions.map(\.id).joined(separator: ", ") ?? ""
                window.error(node, "unknown region or prefecture '\(key)' in the scope",
                             hint: "use a region id from regions.yaml (\(ids)), a prefecture (福岡県, 福岡, fukuoka, 40) or nationwide", &diagnostics)
            }
        }
        return ok ? items : nil
    }

    private static func guidance(_ notice: Fields, path: String, kinds: Set<WindowKind>, _ diagnostics: inout Diagnostics) -> [WindowKind: Guidance] {
        guard let node = notice.value("guidance") else {
            notice.error(notice.node, "the notice has no 'guidance'",
                         hint: "add guidance with what staff must do for each kind of window (outage, intermittent)", &diagnostics)
            return [:]
        }
        guard let fields = Fields(node, file: path, what: "guidance", known: WindowKind.allCases.map(\.rawValue), diagnostics: &diagnostics)
        else { return [:] }
        var result: [WindowKind: Guidance] = [:]
        for kind in WindowKind.allCases {
            guard let entry = fields.value(kind.rawValue) else {
                if kinds.contains(kind) {
                    fields.error(node, "guidance has no '\(kind.rawValue)', but a window is of that kind",
                                 hint: "add `\(kind.rawValue):` with short, ja (and optionally en)", &diagnostics)
                }
                continue
            }
            guard let text = Fields(entry, file: path, what: "guidance for \(kind.rawValue)", known: guidanceKeys, diagnostics: &diagnostics),
                let short = text.string("short", required: true, example: "エラー時は少し待って再試行。", &diagnostics),
                let japanese = text.string("ja", required: true, example: "数分間の通信断が断続的に起きます。…", &diagnostics)
            else { continue }
            result[kind] = Guidance(short: short, japanese: japanese,
                                    english: text.string("en", required: false, example: "…", &diagnostics))
        }
        return result
    }

    private static func alarms(_ notice: Fields, path: String, _ diagnostics: inout Diagnostics) -> AlarmPolicy {
        guard let node = notice.value("alarms"),
            let fields = Fields(node, file: path, what: "alarms", known: alarmKeys, diagnostics: &diagnostics)
        else { return .standard }
        func leads(_ key: String, fallback: [AlarmLead]) -> [AlarmLead] {
            guard let nodes = fields.list(key, required: false, example: "[前日17:00, 30m]", allowScalar: true, &diagnostics) else { return fallback }
            return nodes.compactMap { node in
                let text = node.string ?? ""
                if let lead = AlarmLead(parsing: text) { return lead }
                fields.error(node, "'\(text)' is not a reminder time",
                             hint: "write minutes, hours or days before (30m, 2h, 1d) or the day before at a time (前日17:00)", &diagnostics)
                return nil
            }
        }
        return AlarmPolicy(beforeStart: leads("before_start", fallback: AlarmPolicy.standard.beforeStart),
                           beforeEnd: leads("before_end", fallback: AlarmPolicy.standard.beforeEnd))
    }
}

extension AlarmLead {
    /// Parses `30m`, `2h`, `1d`, `90 min`, `前日17:00`, `day-before 17:00`.
    init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        for prefix in ["前日", "day-before"] where text.hasPrefix(prefix) {
            let clock = text.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            let parts = clock.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            self = .dayBefore(hour: hour, minute: minute)
            return
        }
        let units: [(String, Int)] = [("min", 1), ("m", 1), ("h", 60), ("d", 1440)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let value = Int(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), value >= 0, value <= 7 * 1440 / factor
            else { return nil }
            self = .minutes(value * factor)
            return
        }
        return nil
    }
}
