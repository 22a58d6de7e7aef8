import Foundation
import Mustache

/// The page an administrator checks a draft on: the letter's whole text (as the reader
/// normalised it) with each drafted window's words marked and numbered as in the draft, every
/// date that was not drafted marked in grey with what it was read as and why, and every CHECK
/// in red at its line, beside the draft itself. One self-contained file: no network, no script.
public enum ReviewPage {
    static let template = Result { try MustacheTemplate(string: ReviewTemplate.text) }

    /// The page for `notice` and `report` as `outagecal import` drafted them; `draft` is the
    /// notice file's text, `source` the letter's file name.
    public static func html(source: String, notice: Notice, report: ImportReport, draft: String) throws -> String {
        let template = try template.get()
        return template.render(content(source: source, notice: notice, report: report, draft: draft))
    }

    /// What the template shows, as plain values (dictionaries and arrays the template reads by name).
    static func content(source: String, notice: Notice, report: ImportReport, draft: String) -> [String: Any] {
        let scalars = Array(report.text.unicodeScalars)
        // Lines of the normalised text: offsets of each line (without its "\n").
        var lines: [Range<Int>] = []
        var start = 0
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            lines.append(start..<offset)
            start = offset + 1
        }
        if start < scalars.count { lines.append(start..<scalars.count) }
        let marked = report.readings.sorted { $0.range.lowerBound < $1.range.lowerBound }
        // Window checks stand under the line their window was read from.
        var checksByLine: [Int: [String]] = [:]
        var lineOfWindow: [Int: Int] = [:]
        for reading in marked {
            guard let window = reading.window, reading.meaning.isDrafted, lineOfWindow[window] == nil else { continue }
            lineOfWindow[window] = lines.firstIndex { $0.contains(reading.range.lowerBound) || $0.upperBound == reading.range.lowerBound } ?? 0
        }
        for (window, line) in lineOfWindow where window < report.windowChecks.count {
            checksByLine[line, default: []] += report.windowChecks[window].map { "[\(window + 1)] \($0)" }
        }
        var rows: [[String: Any]] = []
        for (index, line) in lines.enumerated() {
            var segments: [[String: Any]] = []
            var at = line.lowerBound
            for reading in marked where reading.range.upperBound > line.lowerBound && reading.range.lowerBound < line.upperBound {
                let from = max(reading.range.lowerBound, line.lowerBound, at), to = min(reading.range.upperBound, line.upperBound)
                guard from < to else { continue }
                if at < from { segments.append(["text": text(scalars, at..<from)]) }
                var segment: [String: Any] = ["text": text(scalars, from..<to), "meaning": reading.meaning.rawValue, "reason": reading.reason]
                if let window = reading.window, reading.meaning.isDrafted {
                    segment["drafted"] = true
                    segment["number"] = window + 1
                } else {
                    segment["unused"] = true
                    if let window = reading.window { segment["sameAs"] = window + 1 }
                }
                segments.append(segment)
                at = to
            }
            if at < line.upperBound { segments.append(["text": text(scalars, at..<line.upperBound)]) }
            rows.append(["number": index + 1, "segments": segments, "checks": checksByLine[index] ?? []])
        }
        let windows: [[String: Any]] = notice.windows.enumerated().map { index, window in
            let when = window.occurrences.map(\.when).joined(separator: "、")
            let flags = (window.tentative ? "（予定）" : "") + (window.backup ? "（予備日）" : "")
            return ["number": index + 1, "id": window.id, "kind": window.kind.rawValue, "when": when + flags,
                    "checks": index < report.windowChecks.count ? report.windowChecks[index] : []]
        }
        let unused = marked.filter { !$0.meaning.isDrafted || $0.window == nil }.count
        return [
            "source": source, "title": notice.title, "rows": rows, "windows": windows,
            "warnings": report.warnings, "hasWarnings": !report.warnings.isEmpty, "draft": draft, "windowCount": notice.windows.count, "unusedCount": unused,
            "style": ReviewTemplate.style,
        ]
    }

    static func text(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }
}
