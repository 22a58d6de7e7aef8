import Foundation
import OutageCore

/// An alert as JSON, for `outagecal plan --json` and `--exec` hooks.
public struct AlertRecord: Codable, Hashable, Sendable {
    /// ISO 8601 with the JST offset: 2024-12-31T03:00:00+09:00.
    public var time: String
    /// before-start, start, before-end, end, changed, cancelled.
    public var kind: String
    public var uid: String
    public var summary: String
    public var window_start: String
    /// null when the end is not known (終了未定).
    public var window_end: String?
    public var late: Bool
    public var title: String
    public var body: String
    public var urgency: String
    public var tentative: Bool
    /// 予備日: the window happens only if the work overruns.
    public var backup: Bool
    public var changed: Bool

    public init(_ alert: Alert) {
        time = JST.iso(alert.time)
        kind = alert.kind.rawValue
        uid = alert.window.uid
        summary = alert.window.summary
        window_start = JST.iso(alert.window.start)
        window_end = alert.window.end.map(JST.iso)
        late = alert.late
        title = alert.title
        body = alert.body
        urgency = alert.urgency.rawValue
        tentative = alert.window.tentative
        backup = alert.window.backup
        changed = alert.changed
    }


    /// The record as one line of JSON: the bytes ``encoder`` writes (keys sorted, `/` left
    /// alone, a nil `window_end` left out), without its generic machinery, which took a tenth
    /// of `plan --json`'s time.
    public var jsonLine: String {
        var out = "{"
        func key(_ name: String) {
            if out.utf8.count > 1 { out += "," }
            out += "\"\(name)\":"
        }
        func text(_ name: String, _ value: String) {
            key(name)
            Self.appendJSONString(value, to: &out)
        }
        func flag(_ name: String, _ value: Bool) {
            key(name)
            out += value ? "true" : "false"
        }
        flag("backup", backup)
        text("body", body)
        flag("changed", changed)
        text("kind", kind)
        flag("late", late)
        text("summary", summary)
        flag("tentative", tentative)
        text("time", time)
        text("title", title)
        text("uid", uid)
        text("urgency", urgency)
        if let window_end { text("window_end", window_end) }
        text("window_start", window_start)
        return out + "}"
    }

    /// A JSON string as JSONEncoder writes it: `"` and `\\` escaped, the C0 controls as
    /// \b \f \n \r \t or \u00XX, everything else as it is.
    static func appendJSONString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
