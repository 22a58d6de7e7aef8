import Foundation

/// The short Japanese an alert shows: what, where and when (in JST), and what to do, as the
/// feed says it. Nothing here speaks for one system: what to do comes from the feed.
struct AlertText {
    let kind: AlertKind
    let window: FeedWindow
    let lead: Int
    let time: Date
    let late: Bool
    let changed: Bool
    /// When the alert is raised; for a late one, "starts in" counts from here.
    let now: Date
    /// The desk's hours moved it earlier, into the last open minute: it says when the window
    /// starts, not in how long.
    var moved = false

    var title: String {
        if kind == .heldBack { return "【注意】通知が多すぎるため一部を表示していません" }
        let prefix = changed && kind != .changed ? "【変更】" : ""
        let head: String
        switch kind {
        case .beforeStart where moved:
            let at = JST.short(window.start)
            head = window.backup ? "予備日：\(at)から停止の可能性" : "\(at)に開始"
        case .beforeStart:
            let remaining = late ? Int(window.start.timeIntervalSince(now)) : lead
            let when = remaining < 60 ? "まもなく" : "\(AlertText.duration(remaining))後に"
            head = window.backup ? "予備日：\(when)停止の可能性" : "\(when)開始"
        case .start: head = window.backup ? "予備日の時間帯（停止の可能性）" : "開始"
        case .stillOn: head = window.backup ? "予備日の時間帯（停止の可能性）" : "現在も停止中"
        case .beforeEnd: head = "\(AlertText.duration(lead))後に終了予定"
        case .end: head = "終了予定時刻"
        case .changed: head = "時刻変更"
        case .cancelled: head = "中止"
        case .heldBack: head = "通知が多すぎるため一部を表示していません"
        }
        return "\(prefix)\(head)：\(window.summary)"
    }

    var body: String {
        var lines: [String] = []
        if late { lines.append("（遅れて通知：本来は\(JST.short(time))）") }
        switch kind {
        case .beforeStart, .changed, .stillOn:
            lines.append(window.when)
            if window.backup { lines.append("作業が延びた場合にだけ停止します。") }
            lines += guidance
        case .start:
            if window.isAllDay, let end = window.end {
                lines.append("\(JST.date(end.addingTimeInterval(-1)))の終わりまで" + (window.tentative ? "（予定）" : ""))
            } else if let end = window.end {
                lines.append("\(JST.time(end))まで" + (window.tentative ? "（予定）" : ""))
            } else {
                lines.append("終了未定（終わりの時刻は知らされていません）")
            }
            if window.backup { lines.append("作業が延びた場合にだけ停止します。") }
            lines += guidance
        case .beforeEnd:
            if let end = window.end { lines.append("\(JST.time(end))に終了予定") }
            lines.append("終了後にエラーが出たら、少し待ってからもう一度お試しください。")
        case .end:
            lines.append("終了予定時刻になりました。使えるか確かめてください。")
        case .cancelled:
            lines.append("\(window.when)の予定は中止になりました。通常どおり使えます。")
        case .heldBack:
            lines.append("一度に\(lead)件の通知が届いたため、表示していません。")
            lines.append("停止予定の配信元に誤りがあるおそれがあります。管理者にお知らせください。")
        }
        return lines.joined(separator: "\n")
    }

    /// What to do and what still works, as the feed says; the event's own words when the feed
    /// gives no action.
    var guidance: [String] {
        var lines: [String] = []
        if let stops = window.stops { lines.append("止まる機能：\(stops)") }
        if let works = window.works { lines.append("使える機能：\(works)") }
        if let action = window.action {
            lines.append("対応：" + action.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n　　　"))
        } else if let details = window.details {
            lines.append(details)
        }
        return lines
    }

    /// A stop beginning is the one moment that must interrupt; short drops, partial stops and
    /// a backup day that may not happen do not.
    var urgency: Urgency {
        switch kind {
        case .start, .stillOn: window.kind == .outage && !window.backup ? .critical : .normal
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
