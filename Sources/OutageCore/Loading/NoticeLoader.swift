import Foundation
import Yams

/// Reads one notice file of Feeds/notices.
enum NoticeLoader {
    static let noticeKeys = [
        "id", "title", "systems", "issuer", "issued", "references", "url", "revision", "updated",
        "impact", "notes", "windows", "guidance", "alarms",
    ]
    static let windowKeys = [
        "id", "kind", "label", "systems", "scope", "start", "end", "dates", "open_end", "tentative", "cancelled", "backup",
        "affects", "guidance",
    ]
    static let affectsKeys = ["stops", "works"]
    static let referenceKeys = ["issuer", "number", "date", "to"]
    static let guidanceKeys = ["short", "ja", "en"]
    static let alarmKeys = ["before_start", "before_end"]

    static func load(
        path: String, text: String, regions: RegionMap?, systems registry: SystemRegistry?, diagnostics: inout Diagnostics,
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
            } else if checkFileName, case let file = URL(fileURLWithPath: path), file.deletingPathExtension().lastPathComponent != id,
                case let owner = file.deletingLastPathComponent().appendingPathComponent("\(id).yaml").path,
                FileManager.default.fileExists(atPath: owner) {
                // Ids are file names, so the notice that owns this id is the file named after it:
                // this one is a copy that kept it.
                fields.error(node, "notice id '\(id)' is also used by \(owner)", hint: "give each notice its own id, and name its file after it", &diagnostics)
            } else if checkFileName, URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent != id {
                fields.error(node, "notice id '\(id)' does not match the file name",
                             hint: "name the file \(id).yaml, or change the id to match it", &diagnostics)
            }
        }
        let title = fields.string("title", required: true, example: "年末年始のネットワーク更改に伴う影響", &diagnostics)
        let systems = systemIDs(fields, registry: registry, required: true, &diagnostics)
        let issuer = fields.string("issuer", required: true, example: "厚生労働省保険局医療介護連携政策課", &diagnostics)
        let issued = fields.date("issued", required: false, &diagnostics)
        let references = (fields.list("references", required: false, example: "[{issuer: 日本薬剤師会, number: 日薬業発第362号, date: 2024-12-26}]", &diagnostics) ?? [])
            .compactMap { reference($0, path: path, &diagnostics) }
        let url = fields.webAddress("url", required: false, &diagnostics)
        let revision = fields.integer("revision", required: true, example: "1", &diagnostics)
        if let revision, revision < 1, let node = fields.value("revision") {
            fields.error(node, "'revision' must be 1 or more", hint: "start at 1 and add 1 each time a window changes", &diagnostics)
        }
        // The revision is each event's SEQUENCE, which calendars hold as a 32-bit number: past
        // 2147483647 a change would keep the same SEQUENCE and no calendar would take it.
        if let revision, revision > Int(Int32.max), let node = fields.value("revision") {
            fields.error(node, "'revision' \(revision) is more than calendars can hold (at most \(Int32.max))",
                         hint: "revisions count changes from 1; give the notice a new id if it really changed that often", &diagnostics)
        }
        let updated = fields.dateTime("updated", required: true, &diagnostics)
        let impact = fields.string("impact", required: false, example: "オンライン資格確認ができません。", &diagnostics)
        let notes = (fields.list("notes", required: false, example: "[マイナポータルは使えます。]", &diagnostics) ?? []).compactMap { node -> String? in
            guard let text = node.string, node.scalar != nil, !text.isEmpty else {
                fields.error(node, "each note must be text", hint: "write each note as one line of text", &diagnostics)
                return nil
            }
            return fields.checkText(text, at: node, key: "notes", &diagnostics) ? text : nil
        }
        let notesLength = notes.reduce(0) { $0 + $1.utf16.count }
        if notesLength > NoticeLimits.notesCharacters, let node = fields.value("notes") {
            fields.error(node, "'notes' hold \(notesLength) characters together; at most \(NoticeLimits.notesCharacters)",
                         hint: "keep the notes to what staff need: they are written into every event", &diagnostics)
        }
        var windowNodes: [String: Node] = [:]
        let windows = windows(fields, path: path, regions: regions, noticeSystems: systems, registry: registry, nodes: &windowNodes, &diagnostics)
        let guidance = fields.value("guidance").map { guidanceByKind($0, path: path, what: "guidance", &diagnostics) } ?? [:]
        let alarms = alarms(fields, path: path, &diagnostics)
        if let registry, let systems {
            checkGuidance(windows, nodes: windowNodes, notice: guidance, systems: systems, registry: registry, fields: fields, &diagnostics)
        }

        guard diagnostics.errors.count == before, let id, let title, let systems, let issuer,
            let revision, let updated
        else { return nil }
        sources[id] = SourceLocation(file: path, line: fields.value("id")?.line ?? 1, column: fields.value("id")?.column ?? 1)
        for (windowID, node) in windowNodes {
            sources["\(id)/\(windowID)"] = SourceLocation(file: path, line: node.line, column: node.column)
        }
        return Notice(
            id: id, title: title, systems: systems, issuer: issuer, issued: issued, references: references,
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
        let text = raw.trimmingSpaces().lowercased()
        for prefix in ["前日", "day-before"] where text.hasPrefix(prefix) {
            let clock = text.dropFirst(prefix.count).trimmingSpaces()
            let parts = clock.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            self = .dayBefore(hour: hour, minute: minute)
            return
        }
        let units: [(String, Int)] = [("min", 1), ("m", 1), ("h", 60), ("d", 1440)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let value = Int(text.dropLast(unit.count).trimmingSpaces()), value >= 0, value <= 7 * 1440 / factor
            else { return nil }
            self = .minutes(value * factor)
            return
        }
        return nil
    }
}
