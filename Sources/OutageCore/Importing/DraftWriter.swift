import Foundation

/// Writes a notice as a notice file, laid out as Feeds/notices/*.yaml are by hand, so that the
/// administrator reviews a familiar file.
public enum DraftWriter {
    public static func yaml(_ notice: Notice, report: ImportReport) -> String {
        var out = "# yaml-language-server: $schema=../notice.schema.json\n"
        out += "# Drafted by `outagecal import`: check every line against the letter, then run `outagecal validate`.\n"
        for warning in report.warnings { out += "# CHECK: \(warning.replacingOccurrences(of: "\n", with: " "))\n" }
        out += "id: \(notice.id)\n"
        out += "title: \(scalar(notice.title))\n"
        out += "systems: [\(notice.systems.joined(separator: ", "))]\n"
        out += "issuer: \(scalar(notice.issuer))\n"
        if let issued = notice.issued { out += "issued: \(issued)\n" }
        if !notice.references.isEmpty {
            out += "references:\n"
            for reference in notice.references {
                out += "  - issuer: \(scalar(reference.issuer))\n"
                if let number = reference.number { out += "    number: \(scalar(number))\n" }
                if let date = reference.date { out += "    date: \(date)\n" }
                if let to = reference.to { out += "    to: \(scalar(to))\n" }
            }
        }
        if let url = notice.url { out += "url: \(scalar(url))\n" }
        out += "revision: \(notice.revision)\n"
        out += "updated: \(JST.iso(notice.updated))\n"
        if let impact = notice.impact { out += "impact: \(scalar(impact))\n" }
        if !notice.notes.isEmpty {
            out += "notes:\n"
            for note in notice.notes { out += "  - \(scalar(note))\n" }
        }
        out += "windows:\n"
        for (index, window) in notice.windows.enumerated() {
            let checks = index < report.windowChecks.count ? report.windowChecks[index] : []
            out += "  # [\(index + 1)] on the review page\n"
            for check in checks { out += "  # CHECK: \(check.replacingOccurrences(of: "\n", with: " "))\n" }
            out += "  - id: \(window.id)\n"
            out += "    kind: \(window.kind.rawValue)\n"
            if let wording = window.wording { out += "    label: \(scalar(wording))\n" }
            if let systems = window.systems { out += "    systems: [\(systems.joined(separator: ", "))]\n" }
            out += "    scope: [\(window.scope.map(scopeText).joined(separator: ", "))]\n"
            switch window.timing {
            case .timed(let start, let end):
                out += "    start: \(JST.iso(start))\n"
                if let end { out += "    end: \(JST.iso(end))\n" } else { out += "    open_end: true\n" }
            case .days(let days):
                out += "    dates: [\(days.map(\.description).joined(separator: ", "))]\n"
            }
            out += "    tentative: \(window.tentative)\n"
            if window.backup { out += "    backup: true\n" }
            if window.cancelled { out += "    cancelled: true\n" }
            if let affects = window.affects {
                out += "    affects:\n      stops: [\(affects.stops.map(quoted).joined(separator: ", "))]\n"
                if !affects.works.isEmpty { out += "      works: [\(affects.works.map(quoted).joined(separator: ", "))]\n" }
            }
        }
        if !notice.guidance.isEmpty { out += "guidance:\n" }
        for kind in WindowKind.allCases {
            guard let guidance = notice.guidance[kind] else { continue }
            out += "  \(kind.rawValue):\n"
            out += "    short: \(scalar(guidance.short))\n"
            out += "    ja: \(scalar(guidance.japanese))\n"
            if let english = guidance.english { out += "    en: \(scalar(english))\n" }
        }
        return out
    }

    static func scopeText(_ item: ScopeItem) -> String {
        switch item {
        case .nationwide: "nationwide"
        case .region(let id): id
        case .prefecture(let prefecture): prefecture.name
        }
    }

    /// A double-quoted YAML scalar, safe inside a flow sequence.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let risky = text.isEmpty || text.contains(": ") || text.hasSuffix(":") || text.contains(":\t") || text.contains(" #")
            || text.contains("\t") || text.contains("\n") || text.contains("\"")
            || text.hasPrefix(" ") || text.hasSuffix(" ") || "-?:,[]{}#&*!|>'%@`".contains(text.first!)
            || ["true", "false", "yes", "no", "null", "~"].contains(text.lowercased()) || Double(text) != nil
        guard risky else { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
