import Foundation
import OutageCore

/// A letter read: drafted as a new notice, a revision of one drafted or published, or listed
/// as read with no stop; then remembered and told of.
extension Watcher.Run {
    /// Drafts `letter` unless its words were read before.
    mutating func consider(_ letter: Letter, from source: WatchSource, into result: inout Watcher.SourceResult) async throws {
        let digest = letter.digest
        let previous = state.articles[letter.key]
        if previous?.digest == digest { return }
        guard source.isRelevant(letter.title + "\n" + letter.text) else {
            state.articles[letter.key] = WatchState.Article(digest: digest, noticeID: previous?.noticeID, read: watcher.now())
            try save()
            return
        }
        let label = letter.url?.absoluteString ?? "\(letter.title)（\(letter.part ?? "本文")）"
        let now = watcher.now()
        let importer = NoticeImporter(regions: settings.catalog.regions, systems: settings.catalog.systems, referenceYear: letter.year ?? JST.day(now).year)
        let catalog = settings.catalog
        // The inbox as it stands, read once for this letter.
        let entries = watcher.inbox.entries()
        let pending = entries.filter { $0.record.kind != .nothingFound }
        let waiting = Revisions.waiting(pending, catalog: catalog)
        var imported: NoticeImporter.Draft?
        var why = ""
        do {
            imported = try importer.importText(letter.text, updated: now, headline: letter.url != nil ? Self.headline(letter.title) : nil)
        } catch {
            switch error {
            case .noDates: why = "日付がありません（日程未定の予告など）"
            case .noWindows: why = "停止の日時が読み取れません"
            default: why = error.description
            }
        }
        // The stops the letter calls off: a letter may only cancel (中止のお知らせ), or cancel
        // one date of several and confirm the rest. Read with the rest when it drafts windows.
        let cancelled = imported?.report.cancellations ?? importer.cancellations(in: letter.text)
        let cancelledSystems = Revisions.named(in: letter.title + "\n" + letter.text, catalog: catalog, fallback: source.systems)
        // A revision of what was drafted or accepted from this article, or of a notice
        // whose stop this letter speaks of (a correction, a cancellation, sent apart).
        var target: Revisions.Target?
        if let imported {
            target = Revisions.target(for: imported.notice, noticeID: previous?.noticeID, source: source.id, accepted: catalog.notices, waiting: waiting)
        } else if !cancelled.isEmpty {
            target = Revisions.target(cancelling: cancelled, systems: cancelledSystems, noticeID: previous?.noticeID, source: source.id, accepted: catalog.notices, waiting: waiting)
            if target == nil { why = "中止の知らせですが、中止される停止が公開済みの通知にも下書きにも見つかりません" }
        }
        guard imported != nil || target != nil else {
            try await write(DraftRecord(id: draftID(source, now, inbox: entries), kind: .nothingFound, source: source.id, sourceName: source.name, key: letter.key,
                                        url: letter.url?.absoluteString, mail: letter.mail, part: letter.part, file: letter.file, title: letter.title, found: now,
                                        digest: digest, noticeID: previous?.noticeID, revises: nil, changes: [why]),
                            notice: nil, review: nil, letter: letter)
            result.lines.append("\(label): read, no stop found (\(why)); listed in the inbox")
            return
        }
        var report = imported?.report ?? ImportReport()
        if imported == nil { report.text = letter.text.hasSuffix("\n") ? letter.text : letter.text + "\n" }
        var record = DraftRecord(id: draftID(source, now, inbox: entries), kind: .new, source: source.id, sourceName: source.name, key: letter.key,
                                 url: letter.url?.absoluteString, mail: letter.mail, part: letter.part, file: letter.file, title: letter.title, found: now,
                                 digest: digest, noticeID: nil, revises: nil, changes: [])
        var replaced: Inbox.Entry?
        var notice: Notice
        switch target {
        case .accepted(let old), .pending(_, let old):
            var merged = imported.map { Revisions.merge(old, with: $0.notice) } ?? old
            Revisions.cancel(cancelled, systems: cancelledSystems, in: &merged, keeping: imported?.notice.windows ?? [])
            var shown = merged
            shown.revision = old.revision + 1
            var changes = NoticeDiff.changes(from: [old], to: [shown], regions: catalog.regions, systems: catalog.systems)
            if case .accepted = target {
                merged = shown
                merged.updated = now
                record.revises = "notices/\(old.id).yaml"
            } else if case .pending(let entry, _) = target {
                // Never published: the words of the change, without the revision's.
                changes = changes.filter { $0.hasPrefix("【") || $0.hasPrefix("  【") }
                record.revises = entry.record.id
                replaced = entry
            }
            guard !changes.isEmpty else {
                state.articles[letter.key] = WatchState.Article(digest: digest, noticeID: old.id, read: now)
                try save()
                result.lines.append("\(label): read again, but what it says of \(old.id) is unchanged")
                return
            }
            notice = merged
            report.windowChecks = []
            record.kind = .revision
            record.changes = changes
        case nil:
            guard var fresh = imported?.notice else { return }
            if fresh.windows.allSatisfy({ ($0.end ?? $0.start) < now }) {
                state.articles[letter.key] = WatchState.Article(digest: digest, noticeID: previous?.noticeID, read: now)
                try save()
                result.lines.append("\(label): its stops are all past; not drafted")
                return
            }
            if let url = letter.url?.absoluteString, WebAddress.isValid(url) { fresh.url = url }
            fresh.id = uniqueID(fresh.id, pending: pending)
            notice = fresh
            record.changes = NoticeDiff.windows(of: notice, regions: catalog.regions, systems: catalog.systems)
            for other in Revisions.sameDay(as: notice, waiting: waiting) {
                record.changes.append("注意: 同じ日の停止を別の下書き \(other.record.id)（\(other.record.sourceName)）も告げています。両方を読み比べてください。")
            }
        }
        record.noticeID = notice.id
        let yaml = DraftWriter.yaml(notice, report: report)
        let review = try? ReviewPage.html(source: letter.url?.absoluteString ?? "\(letter.title)（\(letter.part ?? "本文")）",
                                          notice: imported?.notice ?? notice, report: imported?.report ?? report, draft: yaml)
        try await write(record, notice: yaml, review: review, letter: letter)
        if let replaced { try? watcher.inbox.remove(replaced) }
        drafted.append(record)
        result.lines.append("\(label): \(record.kind == .new ? "new draft" : "revision draft") \(record.id)")
    }

    /// A page's title without the site's name after it (「… - 医療機関等向け総合ポータルサイト」,
    /// 「…｜社会保険診療報酬支払基金」).
    static func headline(_ title: String) -> String {
        for separator in [" - ", "｜", " | ", " ‐ "] {
            if let range = title.range(of: separator, options: .backwards) { return String(title[..<range.lowerBound]).trimmingCharacters(in: .whitespaces) }
        }
        return title
    }

    /// A notice id not used in notices/ nor by a draft: the importer's, else with -2, -3….
    func uniqueID(_ id: String, pending: [Inbox.Entry]) -> String {
        Self.unused(id, taken: Set(settings.catalog.notices.map(\.id) + pending.compactMap(\.record.noticeID)))
    }

    /// `20270213-210000-mhlw-news`, and -2, -3 when one run drafts more from a source.
    func draftID(_ source: WatchSource, _ now: Date, inbox: [Inbox.Entry]) -> String {
        let civil = JST.civil(now)
        let stem = String(format: "%04d%02d%02d-%02d%02d%02d-", civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second) + source.id
        return Self.unused(stem, taken: Set(inbox.map(\.record.id) + drafted.map(\.id)))
    }

    /// `stem`, else `stem-2`, `stem-3` …, the first not `taken`.
    static func unused(_ stem: String, taken: Set<String>) -> String {
        guard taken.contains(stem) else { return stem }
        var number = 2
        while taken.contains("\(stem)-\(number)") { number += 1 }
        return "\(stem)-\(number)"
    }

    /// Writes the draft, then remembers it was read and that it is being told of, then tells
    /// (here, not at the end of the run: a later source's failure holds nothing back).
    mutating func write(_ record: DraftRecord, notice: String?, review: String?, letter: Letter) async throws {
        do {
            try watcher.inbox.write(record, notice: notice, review: review)
        } catch {
            throw Watcher.Problem.inbox(error.description)
        }
        state.articles[letter.key] = WatchState.Article(digest: record.digest, noticeID: record.noticeID, read: record.found)
        if record.kind != .nothingFound { state.told[record.id] = watcher.now() }
        try save()
        guard record.kind != .nothingFound else { return }
        warnings += await watcher.tell(watcher.inbox.entry(for: record))
    }


    func save() throws {
        do {
            try watcher.store.save(state)
        } catch {
            throw Watcher.Problem.state(error.description)
        }
    }
}
