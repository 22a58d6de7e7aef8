import Foundation
import OutageCore

/// An alert as JSON, for `outagecal plan --json` and `--exec` hooks.
public struct AlertRecord: Codable, Hashable, Sendable {
    /// ISO 8601 with the JST offset: 2024-12-31T03:00:00+09:00.
    public var time: String
    /// before-start, start, before-end, end, still-on, changed, cancelled.
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
    /// Where the desk's opening hours moved it from (notify.yaml `hours:`): the alert, or the
    /// alerts, it stands for at their own times. Left out for an alert at its own time.
    public var moved_from: [Origin]?
    /// Why it is not at its own time: 診療時間外のため前日17:59に. Left out when it is.
    public var reason: String?
    /// `plan --json` only: an alert the desk's hours leave out (never raised), at its own time.
    public var silenced: Bool?

    /// An alert at its own time.
    public struct Origin: Codable, Hashable, Sendable {
        public var kind: String
        public var time: String
    }

    public init(_ alert: Alert, silenced: Bool = false) {
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
        if let move = alert.move {
            moved_from = move.from.isEmpty ? nil : move.from.map { Origin(kind: $0.kind.rawValue, time: JST.iso($0.time)) }
            reason = move.reason
        }
        self.silenced = silenced ? true : nil
    }


    /// The record as one line of JSON, for `plan --json` and `--exec` hooks: the bytes
    /// JSONEncoder writes with sorted keys and slashes unescaped (a nil `window_end` left
    /// out), without its generic machinery, which took a tenth of `plan --json`'s time.
    public var jsonLine: String {
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``jsonLine``'s bytes to `out`.
    public func appendJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func text(_ name: StaticString, _ value: String) {
            key(name)
            Self.appendJSONString(value, to: &out)
        }
        func flag(_ name: StaticString, _ value: Bool) {
            key(name)
            out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        }
        flag("backup", backup)
        text("body", body)
        flag("changed", changed)
        text("kind", kind)
        flag("late", late)
        if let moved_from {
            key("moved_from")
            out.append(UInt8(ascii: "["))
            for (index, origin) in moved_from.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: Array(#"{"kind":"#.utf8))
                Self.appendJSONString(origin.kind, to: &out)
                out.append(contentsOf: Array(#","time":"#.utf8))
                Self.appendJSONString(origin.time, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        if let reason { text("reason", reason) }
        if let silenced { flag("silenced", silenced) }
        text("summary", summary)
        flag("tentative", tentative)
        text("time", time)
        text("title", title)
        text("uid", uid)
        text("urgency", urgency)
        if let window_end { text("window_end", window_end) }
        text("window_start", window_start)
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string as JSONEncoder writes it: `"` and `\\` escaped, the C0 controls as
    /// \b \f \n \r \t or \u00XX, every other byte as it is (UTF-8 passes through whole).
    static func appendJSONString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Runs that need no escape are copied whole.
            var run = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
                run = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
