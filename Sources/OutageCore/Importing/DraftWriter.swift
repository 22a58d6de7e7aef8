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
        out += "system: \(scalar(notice.system))\n"
        out += "issuer: \(scalar(notice.issuer))\n"
        out += "issued: \(notice.issued)\n"
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
        for window in notice.windows {
            out += "  - id: \(window.id)\n"
            out += "    kind: \(window.kind.rawValue)\n"
            out += "    scope: [\(window.scope.map(scopeText).joined(separator: ", "))]\n"
            out += "    start: \(JST.iso(window.start))\n"
            out += "    end: \(JST.iso(window.end))\n"
            out += "    tentative: \(window.tentative)\n"
            if window.cancelled { out += "    cancelled: true\n" }
        }
        out += "guidance:\n"
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
