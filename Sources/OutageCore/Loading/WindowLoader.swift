import Foundation
import Yams

/// The windows of a notice, the systems they stop and what staff must do in them.
extension NoticeLoader {
    /// `systems: [onshi, jpki]` (or one id): every id must be in systems.yaml.
    static func systemIDs(_ fields: Fields, registry: SystemRegistry?, required: Bool, _ diagnostics: inout Diagnostics) -> [String]? {
        guard let nodes = fields.list("systems", required: required, example: "[onshi]", allowScalar: true, &diagnostics) else { return nil }
        if nodes.isEmpty, let node = fields.value("systems") {
            fields.error(node, "'systems' is empty", hint: "name the systems that stop, by their id in systems.yaml", &diagnostics)
            return nil
        }
        var ids: [String] = []
        var ok = true
        for node in nodes {
            let id = node.string ?? ""
            if let registry, registry.system(id: id) == nil {
                ok = false
                let known = registry.systems.map(\.id).joined(separator: ", ")
                let byName = registry.systems.first { $0.name == id || $0.shortName == id }
                fields.error(node, "unknown system '\(id)'",
                             hint: byName.map { "write its id: \($0.id)" } ?? "use an id from systems.yaml (\(known)), or add the system there", &diagnostics)
            } else if ids.contains(id) {
                fields.error(node, "system '\(id)' is named twice", hint: "name each system once", &diagnostics)
            } else {
                ids.append(id)
            }
        }
        return ok && registry != nil ? ids : nil
    }

    static func windows(
        _ notice: Fields, path: String, regions: RegionMap?, noticeSystems: [String]?, registry: SystemRegistry?,
        nodes locations: inout [String: Node], _ diagnostics: inout Diagnostics
    ) -> [Window] {
        let nodes = notice.list("windows", required: true, example: "[{id: west-outage, kind: outage, scope: [west-japan], start: …, end: …}]", &diagnostics) ?? []
        if nodes.isEmpty, let node = notice.value("windows") {
            notice.error(node, "the notice has no windows", hint: "add at least one window with start and end (or dates), kind and scope", &diagnostics)
        }
        if nodes.count > NoticeLimits.windows, let node = notice.value("windows") {
            notice.error(node, "the notice has \(nodes.count) windows; at most \(NoticeLimits.windows)",
                         hint: "split it into several notices, one per letter", &diagnostics)
            return []
        }
        var windows: [Window] = []
        var seen = Set<String>()
        for node in nodes {
            let label = node.mapping?["id"]?.string.map { "window '\($0)'" } ?? "a window"
            guard let fields = Fields(node, file: path, what: label, known: windowKeys, diagnostics: &diagnostics) else { continue }
            let before = diagnostics.errors.count
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
                                 hint: "use outage (the system cannot be used), partial (only some functions stop; say which in affects) or intermittent (short repeated drops)", &diagnostics)
                }
            }
            let wording = fields.string("label", required: false, example: "長時間の通信断", &diagnostics)
            var systems: [String]?
            if fields.has("systems") {
                systems = systemIDs(fields, registry: registry, required: false, &diagnostics)
                if let systems, let noticeSystems, let node = fields.value("systems") {
                    for id in systems where !noticeSystems.contains(id) {
                        fields.error(node, "\(label) names system '\(id)', which the notice does not list",
                                     hint: "a window narrows the notice's systems: add '\(id)' to the notice's systems, or remove it here", &diagnostics)
                    }
                }
            }
            let scope = scope(fields, regions: regions, &diagnostics)
            let timing = timing(fields, label: label, &diagnostics)
            let affects = affects(fields, kind: kind, label: label, &diagnostics)
            let guidance = fields.value("guidance").flatMap { guidanceEntry($0, path: path, what: "guidance of \(label)", &diagnostics) }
            let window = Window(
                id: id ?? "", kind: kind ?? .outage, wording: wording, systems: systems, scope: scope ?? [], timing: timing ?? .days([]),
                tentative: fields.bool("tentative", default: false, &diagnostics),
                cancelled: fields.bool("cancelled", default: false, &diagnostics),
                backup: fields.bool("backup", default: false, &diagnostics),
                affects: affects, guidance: guidance)
            if diagnostics.errors.count == before, let id, kind != nil, scope != nil, timing != nil {
                windows.append(window)
                locations[id] = fields.value("id") ?? node
            }
        }
        let events = windows.reduce(0) { $0 + $1.occurrences.count }
        if events > NoticeLimits.events, let node = notice.value("windows") {
            notice.error(node, "the notice makes \(events) events (a timed window is one, an all-day window one a day); at most \(NoticeLimits.events)",
                         hint: "split it into several notices, one per letter", &diagnostics)
        }
        return windows
    }

    /// `start` and `end`, `start` and `open_end: true`, or `dates`.
    private static func timing(_ window: Fields, label: String, _ diagnostics: inout Diagnostics) -> WindowTiming? {
        let openEnd = window.bool("open_end", default: false, &diagnostics)
        if let datesNode = window.value("dates") {
            for key in ["start", "end", "open_end"] where window.has(key) {
                window.error(window.value(key)!, "\(label) has both 'dates' and '\(key)'",
                             hint: "an all-day window lists its dates only; a timed one has start and end instead", &diagnostics)
            }
            guard let nodes = window.list("dates", required: true, example: "[2025-05-05, 2025-08-17]", allowScalar: true, &diagnostics) else { return nil }
            if nodes.isEmpty {
                window.error(datesNode, "'dates' is empty", hint: "list the days of the stop, e.g. [2025-05-05, 2025-08-17]", &diagnostics)
                return nil
            }
            if nodes.count > NoticeLimits.daysPerWindow {
                window.error(datesNode, "'dates' in \(label) lists \(nodes.count) days; at most \(NoticeLimits.daysPerWindow)",
                             hint: "a window covers at most a year of days; split a longer stop into several windows", &diagnostics)
                return nil
            }
            var days: [CivilDate] = []
            for node in nodes {
                let text = node.string ?? ""
                switch Timestamp.parseDate(text) {
                case .success(let day):
                    if days.contains(day) {
                        window.error(node, "\(day) is listed twice in 'dates'", hint: "list each day once", &diagnostics)
                    } else {
                        days.append(day)
                    }
                case .failure(let problem):
                    let (message, hint) = Timestamp.explain(problem, text, wantsTime: false)
                    window.error(node, "'dates' in \(label): \(message)", hint: hint, &diagnostics)
                    return nil
                }
            }
            return .days(days)
        }
        let start = window.dateTime("start", required: true, &diagnostics)
        if openEnd {
            if let endNode = window.value("end") {
                window.error(endNode, "\(label) has an 'end' and 'open_end: true'",
                             hint: "keep open_end only while the notice gives no end (再開未定); once it does, write end and remove open_end", &diagnostics)
                return nil
            }
            return start.map { .timed(start: $0, end: nil) }
        }
        if !window.has("end") {
            window.error(window.node, "\(label) has no 'end'",
                         hint: "add `end: 2024-12-31T05:20:00+09:00`, or `open_end: true` when the notice says the end is not known (再開未定)", &diagnostics)
            return nil
        }
        let end = window.dateTime("end", required: true, &diagnostics)
        guard let start, let end else { return nil }
        if end <= start, let endNode = window.value("end") {
            window.error(endNode, "\(label) ends at or before it starts (\(JST.short(start)) → \(JST.short(end)) JST)",
                         hint: "a window that runs past midnight ends on the next day's date", &diagnostics)
            return nil
        }
        return .timed(start: start, end: end)
    }

    /// `affects: {stops: [薬剤情報の閲覧], works: [オンライン資格確認]}`, for partial windows only.
    private static func affects(_ window: Fields, kind: WindowKind?, label: String, _ diagnostics: inout Diagnostics) -> Affects? {
        guard let node = window.value("affects") else {
            if kind == .partial {
                window.error(window.node, "\(label) is partial but does not say what stops",
                             hint: "add `affects: {stops: [薬剤情報の閲覧], works: [オンライン資格確認]}`", &diagnostics)
            }
            return nil
        }
        if let kind, kind != .partial {
            window.error(node, "'affects' is for partial windows, but \(label) is \(kind.rawValue)",
                         hint: "set kind: partial, or remove affects", &diagnostics)
        }
        guard let fields = Fields(node, file: window.file, what: "affects of \(label)", known: affectsKeys, diagnostics: &diagnostics) else { return nil }
        func texts(_ key: String, required: Bool) -> [String] {
            (fields.list(key, required: required, example: "[薬剤情報の閲覧]", allowScalar: true, &diagnostics) ?? []).compactMap { item in
                guard item.scalar != nil, let text = item.string, !text.isEmpty else {
                    fields.error(item, "each entry of '\(key)' must be text", hint: "write one function per entry", &diagnostics)
                    return nil
                }
                fields.checkText(text, at: item, key: key, &diagnostics)
                return text
            }
        }
        let stops = texts("stops", required: true)
        if stops.isEmpty, fields.has("stops") {
            fields.error(fields.value("stops")!, "'stops' is empty", hint: "name at least one function that stops", &diagnostics)
        }
        return Affects(stops: stops, works: texts("works", required: false))
    }

    static func scope(_ window: Fields, regions: RegionMap?, _ diagnostics: inout Diagnostics) -> [ScopeItem]? {
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

    /// `{outage: {short, ja, en}, partial: …, intermittent: …}`. With `dated` (systems.yaml), a
    /// text may also say `until:` the last day of the rule it rests on; `untilNodes` gets where
    /// each is written.
    static func guidanceByKind(
        _ node: Node, path: String, what: String, dated: Bool = false, untilNodes: inout [WindowKind: Node], _ diagnostics: inout Diagnostics
    ) -> [WindowKind: Guidance] {
        guard let fields = Fields(node, file: path, what: what, known: WindowKind.allCases.map(\.rawValue), diagnostics: &diagnostics)
        else { return [:] }
        var result: [WindowKind: Guidance] = [:]
        for kind in WindowKind.allCases {
            guard let entry = fields.value(kind.rawValue),
                let guidance = guidanceEntry(entry, path: path, what: "\(what) for \(kind.rawValue)", dated: dated, &diagnostics)
            else { continue }
            result[kind] = guidance
            if guidance.until != nil, let until = entry.mapping?["until"] { untilNodes[kind] = until }
        }
        return result
    }

    /// A notice's guidance: no `until:`.
    static func guidanceByKind(_ node: Node, path: String, what: String, _ diagnostics: inout Diagnostics) -> [WindowKind: Guidance] {
        var unused: [WindowKind: Node] = [:]
        return guidanceByKind(node, path: path, what: what, untilNodes: &unused, &diagnostics)
    }

    /// `{short: one line for alerts, ja: the full instruction, en: optional}`, and `until:` when `dated`.
    static func guidanceEntry(_ node: Node, path: String, what: String, dated: Bool = false, _ diagnostics: inout Diagnostics) -> Guidance? {
        guard let text = Fields(node, file: path, what: what, known: dated ? guidanceKeys + ["until"] : guidanceKeys, diagnostics: &diagnostics),
            let short = text.string("short", required: true, example: "紙の処方箋を発行する。", &diagnostics),
            let japanese = text.string("ja", required: true, example: "電子処方箋管理サービスが使えません。…", &diagnostics)
        else { return nil }
        let english = text.string("en", required: false, example: "…", &diagnostics)
        let until = dated ? text.date("until", required: false, &diagnostics) : nil
        return Guidance(short: short, japanese: japanese, english: english, until: until)
    }

    /// Every window must say what to do for every system it stops: its own guidance, the
    /// notice's for its kind, or the system's in systems.yaml.
    static func checkGuidance(
        _ windows: [Window], nodes: [String: Node], notice: [WindowKind: Guidance], systems: [String], registry: SystemRegistry,
        fields: Fields, _ diagnostics: inout Diagnostics
    ) {
        for window in windows where window.guidance == nil && notice[window.kind] == nil {
            for id in window.systems ?? systems {
                guard let system = registry.system(id: id), system.guidance[window.kind] == nil else { continue }
                fields.error(nodes[window.id] ?? fields.node,
                             "window '\(window.id)' is \(window.kind.rawValue), and nothing says what to do then for \(system.name)",
                             hint: "add guidance (short, ja) to the window, or a '\(window.kind.rawValue)' guidance to '\(id)' in systems.yaml", &diagnostics)
            }
        }
    }
}
