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


    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
