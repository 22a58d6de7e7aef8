import Foundation

/// What changed between two versions of the notices, in the words a subscriber would use. What
/// must not happen without a new revision, or at all, is ``RevisionRules``' to say: the same
/// rules `validate` and `generate` apply against the published feed.
public enum NoticeDiff {
    public static func changes(from old: [Notice], to new: [Notice], regions: RegionMap, systems: SystemRegistry) -> [String] {
        let names = Names(regions: regions, systems: systems)
        let findings = Dictionary(grouping: RevisionRules.findings(
            from: WindowVersion.versions(of: old, regions: regions, systems: systems),
            to: WindowVersion.versions(of: new, regions: regions, systems: systems)), by: \.noticeID)
        var lines: [String] = []
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (nil, let added?):
                lines.append("【新しい通知】\(added.title)（\(names.systems(added.systems))）")
                for window in added.windows { lines.append("  【追加】\(names.describe(window, added))") }
            case (let removed?, nil) where findings[id]?.contains(.noticeRemoved(noticeID: id)) ?? false:
                lines.append("【通知の削除】\(removed.title): その予定はカレンダーに残ったままになります。中止なら cancelled: true にしてください。")
            case (let old?, let new?):
                lines += compare(old, new, names, findings: findings[id] ?? [])
            default: break
            }
        }
        return lines
    }

    /// Each window of `notice` in words, as the diff lists an added one: what an administrator
    /// is told of a new draft.
    public static func windows(of notice: Notice, regions: RegionMap, systems: SystemRegistry) -> [String] {
        let names = Names(regions: regions, systems: systems)
        return notice.windows.map { "\(names.describe($0, notice))\($0.cancelled ? "【中止】" : "")" }
    }

    static func compare(_ old: Notice, _ new: Notice, _ names: Names, findings: [RevisionRules.Finding]) -> [String] {
        let regions = names.regions
        var lines: [String] = []
        for window in new.windows {
            guard let previous = old.windows.first(where: { $0.id == window.id }) else {
                lines.append("【追加】\(names.describe(window, new))")
                continue
            }
            if window.cancelled && !previous.cancelled {
                lines.append("【中止】\(names.describe(previous, old))")
            } else if !window.cancelled && previous.cancelled {
                lines.append("【再開】\(names.describe(window, new))")
            } else if window.timing != previous.timing {
                lines.append("【時刻変更】\(names.label(window, new)): \(Names.when(previous)) → \(Names.when(window))")
            }
            if window.backup != previous.backup {
                lines.append("【予備日】\(names.label(window, new))" + (window.backup ? " は予備日になりました" : " は予備日ではなくなりました（実施されます）"))
            }
            if new.systemIDs(of: window) != old.systemIDs(of: previous) {
                lines.append("【システムの変更】\(names.label(window, new)): \(names.systems(old.systemIDs(of: previous))) → \(names.systems(new.systemIDs(of: window)))")
            }
            if window.affects != previous.affects || window.guidance != previous.guidance {
                lines.append("【対応の変更】\(names.label(window, new))")
            }
            if window.scope != previous.scope {
                lines.append("【対象の変更】\(names.label(window, new)): \(regions.names(of: previous.scope)) → \(regions.names(of: window.scope))")
            }
            if window.kind != previous.kind {
                lines.append("【内容の変更】\(names.label(previous, old)) → \(window.kind.label)")
            }
            if window.tentative != previous.tentative {
                lines.append("【確定】\(names.label(window, new))" + (window.tentative ? " は予定に戻りました" : " の時刻が確定しました"))
            }
        }
        var unrevised = false
        for finding in findings {
            switch finding {
            case .windowRemoved(_, let id):
                guard let window = old.windows.first(where: { $0.id == id }) else { continue }
                lines.append("【削除】\(names.describe(window, old)): カレンダーには残ります。中止なら削除せず cancelled: true にしてください。")
            case .datesRemoved(_, let id, let published, let now):
                guard let window = new.windows.first(where: { $0.id == id }) else { continue }
                lines.append("【日付の削除】\(names.label(window, new)): \(published)日目以降がなくなりました（いまは\(now)日分）。カレンダーには残ります。中止なら cancelled: true にしてください。")
            case .unrevised, .revisionDown:
                unrevised = true
            case .noticeRemoved:
                break
            }
        }
        for kind in WindowKind.allCases where old.guidance[kind] != new.guidance[kind] && new.windows.contains(where: { $0.kind == kind }) {
            lines.append("【対応の変更】\(kind.label)のときの対応: \(new.guidance[kind]?.short ?? "（なし）")")
        }
        if old.url != new.url { lines.append("【詳細の変更】\(new.url ?? "（URLなし）")") }
        if !lines.isEmpty {
            lines.insert("\(new.title)（第\(old.revision)版 → 第\(new.revision)版）", at: 0)
            if unrevised { lines.append("  注意: 版が上がっていません。カレンダーに反映させるには revision を \(old.revision + 1) にしてください。") }
        }
        return lines
    }

}

/// How the diff names windows and systems.
struct Names {
    let regions: RegionMap
    let registry: SystemRegistry

    init(regions: RegionMap, systems: SystemRegistry) {
        self.regions = regions
        self.registry = systems
    }

    func systems(_ ids: [String]) -> String {
        ids.map { registry.system(id: $0)?.name ?? $0 }.joined(separator: "・")
    }

    func label(_ window: Window, _ notice: Notice) -> String {
        "【\(regions.names(of: window.scope))】\(systems(notice.systemIDs(of: window))) \(window.label)"
    }

    func describe(_ window: Window, _ notice: Notice) -> String {
        "\(label(window, notice)) \(Names.when(window))\(window.tentative ? "（予定）" : "")\(window.backup ? "（予備日）" : "")"
    }

    /// Every date and time of a window.
    static func when(_ window: Window) -> String {
        window.occurrences.map(\.when).joined(separator: "、")
    }
}
