import Foundation

/// What changed between two versions of the notices, in the words a subscriber would use.
public enum NoticeDiff {
    public static func changes(from old: [Notice], to new: [Notice], regions: RegionMap) -> [String] {
        var lines: [String] = []
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (nil, let added?):
                lines.append("【新しい通知】\(added.title)（\(added.system)）")
                for window in added.windows { lines.append("  【追加】\(describe(window, added, regions))") }
            case (let removed?, nil):
                lines.append("【通知の削除】\(removed.title): その予定はカレンダーに残ったままになります。中止なら cancelled: true にしてください。")
            case (let old?, let new?):
                lines += compare(old, new, regions)
            default: break
            }
        }
        return lines
    }

    static func compare(_ old: Notice, _ new: Notice, _ regions: RegionMap) -> [String] {
        var lines: [String] = []
        for window in new.windows {
            guard let previous = old.windows.first(where: { $0.id == window.id }) else {
                lines.append("【追加】\(describe(window, new, regions))")
                continue
            }
            if window.cancelled && !previous.cancelled {
                lines.append("【中止】\(describe(previous, old, regions))")
            } else if !window.cancelled && previous.cancelled {
                lines.append("【再開】\(describe(window, new, regions))")
            } else if window.start != previous.start || window.end != previous.end {
                lines.append("【時刻変更】\(label(window, new, regions)): \(JST.range(previous.start, previous.end)) → \(JST.range(window.start, window.end))")
            }
            if window.scope != previous.scope {
                lines.append("【対象の変更】\(label(window, new, regions)): \(regions.names(of: previous.scope)) → \(regions.names(of: window.scope))")
            }
            if window.kind != previous.kind {
                lines.append("【内容の変更】\(label(previous, old, regions)) → \(window.kind.label)")
            }
            if window.tentative != previous.tentative {
                lines.append("【確定】\(label(window, new, regions))" + (window.tentative ? " は予定に戻りました" : " の時刻が確定しました"))
            }
        }
        for window in old.windows where !new.windows.contains(where: { $0.id == window.id }) {
            lines.append("【削除】\(describe(window, old, regions)): カレンダーには残ります。中止なら削除せず cancelled: true にしてください。")
        }
        for kind in WindowKind.allCases where old.guidance[kind] != new.guidance[kind] && new.windows.contains(where: { $0.kind == kind }) {
            lines.append("【対応の変更】\(kind.label)のときの対応: \(new.guidance[kind]?.short ?? "（なし）")")
        }
        if old.url != new.url { lines.append("【詳細の変更】\(new.url ?? "（URLなし）")") }
        if !lines.isEmpty {
            lines.insert("\(new.title)（第\(old.revision)版 → 第\(new.revision)版）", at: 0)
            if new.revision <= old.revision { lines.append("  注意: 版が上がっていません。カレンダーに反映させるには revision を \(old.revision + 1) にしてください。") }
        }
        return lines
    }

    static func label(_ window: Window, _ notice: Notice, _ regions: RegionMap) -> String {
        "【\(regions.names(of: window.scope))】\(notice.system) \(window.kind.label)"
    }

    static func describe(_ window: Window, _ notice: Notice, _ regions: RegionMap) -> String {
        "\(label(window, notice, regions)) \(JST.range(window.start, window.end))\(window.tentative ? "（予定）" : "")"
    }
}
