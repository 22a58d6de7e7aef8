import Foundation

/// The Japanese text staff read in a calendar: titles, descriptions and reminders.
/// Short sentences, times in JST, what to do first.
struct EventText {
    let notice: Notice
    let window: Window
    let regions: RegionMap
    let prefectures: Set<Prefecture>

    /// 西日本, 全国, 福岡・佐賀.
    var scopeLabel: String {
        if prefectures.count == Prefecture.all.count { return "全国" }
        return regions.names(of: window.scope, shortPrefectures: true)
    }

    /// 【西日本】オンライン資格確認等システム 長時間の通信断（予定）, with 【中止】 first when called off.
    var summary: String {
        var text = window.cancelled ? "【中止】" : ""
        text += "【\(scopeLabel)】\(notice.system) \(window.kind.label)"
        if window.tentative && !window.cancelled { text += "（予定）" }
        return text
    }

    var when: String {
        JST.range(window.start, window.end) + (window.tentative ? "（予定）" : "")
    }

    var guidance: Guidance? { notice.guidance[window.kind] }

    /// Where, when, what stops, what to do, and the source notice.
    var description: String {
        var lines: [String] = []
        if window.cancelled {
            lines.append("この通信断は中止になりました。通常どおり業務を行えます。")
        }
        lines.append("日時：\(when)")
        lines.append("対象：\(areaDetail)")
        if let impact = notice.impact { lines.append("影響：\(impact)") }
        if let guidance, !window.cancelled {
            lines.append("対応：\(guidance.short)")
            lines.append("")
            lines.append(guidance.japanese)
        }
        if !notice.notes.isEmpty && !window.cancelled {
            lines.append("")
            lines += notice.notes.map { "※\($0)" }
        }
        if window.tentative && !window.cancelled {
            lines.append("※時刻は予定です。変更されることがあります。")
        }
        lines.append("")
        lines.append("出典：\(source)")
        if let url = notice.url { lines.append("詳細：\(url)") }
        if let english = guidance?.english, !window.cancelled {
            lines.append("")
            lines.append("[English] \(english)")
        }
        return lines.joined(separator: "\n")
    }

    /// 西日本（富山県、石川県、…）; the whole list, so that staff can check their prefecture.
    var areaDetail: String {
        if prefectures.count == Prefecture.all.count { return "全国（47都道府県）" }
        return "\(scopeLabel)（\(prefectures.sorted().map(\.name).joined(separator: "、"))）"
    }

    /// 厚生労働省… 事務連絡（2024年12月24日）→ 日本薬剤師会 日薬業発第362号（2024年12月26日）…
    var source: String {
        var parts = notice.references.map { reference -> String in
            var text = reference.issuer
            if let number = reference.number { text += " \(number)" }
            if let date = reference.date { text += "（\(date.japanese)）" }
            return text
        }
        if parts.isEmpty { parts = ["\(notice.issuer)（\(notice.issued.japanese)）"] }
        return "「\(notice.title)」 " + parts.joined(separator: " → ")
    }

    /// A reminder before the start: what, when, what to do.
    var beforeStartAlarm: String {
        var text = "\(summary)\n\(when)"
        if let guidance { text += "\n対応：\(guidance.short)" }
        return text
    }

    /// A reminder before the end: when it should be over, and to retry then.
    var beforeEndAlarm: String {
        "まもなく終了予定（\(JST.time(window.end))）：\(summary)\n終了後もエラーが続く場合は、少し待って再試行してください。"
    }

    /// CATEGORIES: the system, the kind, and that it is planned.
    var categories: [String] { [notice.system, window.kind.label, "計画停止"] }
}
