import Foundation

/// The short Japanese an alert shows: what, where and when (in JST), and what to do.
struct AlertText {
    let kind: AlertKind
    let window: FeedWindow
    let lead: Int
    let time: Date
    let late: Bool
    let changed: Bool
    /// When the alert is raised; for a late one, "starts in" counts from here.
    let now: Date

    var title: String {
        let prefix = changed && kind != .changed ? "【変更】" : ""
        let head: String
        switch kind {
        case .beforeStart:
            let remaining = late ? Int(window.start.timeIntervalSince(now)) : lead
            head = remaining < 60 ? "まもなく開始" : "\(AlertText.duration(remaining))後に開始"
        case .start: head = "開始"
        case .beforeEnd: head = "\(AlertText.duration(lead))後に終了予定"
        case .end: head = "終了予定時刻"
        case .changed: head = "時刻変更"
        case .cancelled: head = "中止"
        }
        return "\(prefix)\(head)：\(window.summary)"
    }

    var body: String {
        let tentative = window.tentative ? "（予定）" : ""
        var lines: [String] = []
        if late { lines.append("（遅れて通知：本来は\(JST.short(time))）") }
        switch kind {
        case .beforeStart, .changed:
            lines.append(JST.range(window.start, window.end) + tentative)
            lines.append("対応：\(window.action)")
        case .start:
            lines.append("\(JST.time(window.end))まで\(tentative)")
            lines.append("対応：\(window.action)")
        case .beforeEnd:
            lines.append("\(JST.time(window.end))に終了予定")
            lines.append("終了後にエラーが出たら、少し待って再試行してください。")
        case .end:
            lines.append("いまから再試行してください。")
            lines.append(window.kind == .outage
                         ? "つながらない場合は、しばらく代替手順で対応してください。"
                         : "エラーが続くときは、カードリーダーを再起動してください。")
        case .cancelled:
            lines.append("\(JST.range(window.start, window.end))の予定は中止になりました。通常どおり使えます。")
        }
        return lines.joined(separator: "\n")
    }

    /// An outage beginning is the one moment that must interrupt.
    var urgency: Urgency {
        switch kind {
        case .start: window.kind == .intermittent ? .normal : .critical
        case .cancelled, .end: .low
        default: .normal
        }
    }

    /// 10分, 2時間, 2時間30分, 1日
    static func duration(_ seconds: Int) -> String {
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes)分" }
        if minutes % 1440 == 0 { return "\(minutes / 1440)日" }
        if minutes % 60 == 0 { return "\(minutes / 60)時間" }
        return "\(minutes / 60)時間\(minutes % 60)分"
    }
}
