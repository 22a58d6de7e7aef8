import Foundation
import ICal

/// A window as the notifier sees it: one occurrence of an event in a followed feed, ours or
/// anyone's.
public struct FeedWindow: Hashable, Sendable {
    /// UID, plus the original start for an instance of a recurring event.
    public var key: String
    public var uid: String
    public var start: Date
    public var end: Date
    public var summary: String
    /// What staff should do, in one short line.
    public var action: String
    public var kind: WindowKind?
    public var tentative: Bool
    public var cancelled: Bool
    public var sequence: Int
    /// Alarm leads the feed asks for, in seconds before the start and before the end.
    public var alarmsBeforeStart: [Int]
    public var alarmsBeforeEnd: [Int]

    public init(
        key: String, uid: String, start: Date, end: Date, summary: String, action: String, kind: WindowKind?,
        tentative: Bool, cancelled: Bool, sequence: Int, alarmsBeforeStart: [Int] = [], alarmsBeforeEnd: [Int] = []
    ) {
        self.key = key
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.action = action
        self.kind = kind
        self.tentative = tentative
        self.cancelled = cancelled
        self.sequence = sequence
        self.alarmsBeforeStart = alarmsBeforeStart
        self.alarmsBeforeEnd = alarmsBeforeEnd
    }

    /// Reads an occurrence. OutageCal's own X-OUTAGECAL-KIND and -ACTION are used when present;
    /// otherwise kind and action are guessed from the wording of the summary and description.
    public init(_ occurrence: ICalOccurrence) {
        let recurrence = occurrence.recurrenceID.map { "@\(Int($0.timeIntervalSince1970))" } ?? ""
        let kind = occurrence.extensions["X-OUTAGECAL-KIND"].flatMap(WindowKind.init(rawValue:))
            ?? FeedWindow.guessKind(occurrence.summary + "\n" + occurrence.description)
        var beforeStart: [Int] = []
        var beforeEnd: [Int] = []
        for alarm in occurrence.alarms {
            switch alarm.trigger {
            case .beforeStart(let seconds):
                if seconds > 0 { beforeStart.append(seconds) }
            case .beforeEnd(let seconds):
                if seconds > 0 { beforeEnd.append(seconds) }
            case .at(let instant):
                if instant < occurrence.start {
                    beforeStart.append(Int(occurrence.start.timeIntervalSince(instant)))
                } else if instant < occurrence.end {
                    beforeEnd.append(Int(occurrence.end.timeIntervalSince(instant)))
                }
            }
        }
        self.init(
            key: occurrence.uid + recurrence, uid: occurrence.uid, start: occurrence.start, end: occurrence.end,
            summary: occurrence.summary.isEmpty ? "計画停止" : occurrence.summary,
            action: occurrence.extensions["X-OUTAGECAL-ACTION"] ?? FeedWindow.condense(occurrence.description, kind: kind),
            kind: kind,
            tentative: occurrence.status == .tentative || occurrence.summary.contains("予定"),
            cancelled: occurrence.status == .cancelled, sequence: occurrence.sequence,
            alarmsBeforeStart: beforeStart, alarmsBeforeEnd: beforeEnd)
    }

    static func guessKind(_ text: String) -> WindowKind? {
        if ["数分", "断続", "瞬断", "瞬間"].contains(where: text.contains) { return .intermittent }
        if ["長時間", "停止", "通信断", "利用できません", "メンテナンス"].contains(where: text.contains) { return .outage }
        return nil
    }

    /// The action to show in an alert, condensed from the event's guidance.
    static func condense(_ description: String, kind: WindowKind?) -> String {
        switch kind {
        case .intermittent: return "エラー時は少し待って再試行。直らなければカードリーダーを再起動。"
        case .outage: return "資格確認は代替手順で。10割負担にしない。"
        case nil:
            let lines = description.split(separator: "\n").map(String.init)
            if let action = lines.first(where: { $0.hasPrefix("対応：") }) { return String(action.dropFirst(3)) }
            guard let first = lines.first(where: { !$0.isEmpty }) else { return "詳しくはカレンダーの予定を確認してください。" }
            return first.count > 60 ? String(first.prefix(59)) + "…" : first
        }
    }
}
