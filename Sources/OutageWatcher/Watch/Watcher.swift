import Foundation
import OutageCore
import OutageNotifier
import Processes

/// One run of `outagecal watch`: reads every source, finds the articles and mails that are new
/// or changed since the last run, keeps those that speak of a stop, drafts a notice from each
/// and puts it in the inbox, and tells the administrator once per draft.
///
/// A draft is written whole before the watcher's memory says it was read, and the memory says
/// a draft was told of before it is told: a watcher killed at any point drafts nothing twice
/// and tells nothing twice (a kill between the two leaves a draft in the inbox, untold).
public struct Watcher: Sendable {
    public struct Settings: Sendable {
        public var feeds: String
        public var catalog: Catalog
        public var sources: [WatchSource]
        /// At most this many relevant articles a source's listing is read for in one run, newest
        /// first as the listing orders them: a first run over a long archive stays short.
        public var articlesPerSource = 20
        /// At most this many PDFs linked from one article.
        public var pdfsPerArticle = 3
        /// At most this many characters of a letter are read: the longest of the corpus's letters is
        /// under 2,000, a forward of a forward a few thousand; a
        /// page of megabytes of text would hold the run for minutes.
        public var letterCharacters = 50_000
        /// Larger mails are not read (a notice with its PDF is well under a megabyte).
        public var mailBytes = 25 << 20

        public init(feeds: String, catalog: Catalog, sources: [WatchSource]) {
            self.feeds = feeds
            self.catalog = catalog
            self.sources = sources
        }
    }

    /// What became of one source.
    public struct SourceResult: Sendable {
        public var source: WatchSource
        /// Why the source could not be read; nil when it was.
        public var failure: String?
        /// One line per thing worth saying: a draft made, an article with no stop, the page unchanged.
        public var lines: [String] = []
    }

    public struct Report: Sendable {
        public var results: [SourceResult] = []
        public var drafts: [DraftRecord] = []
        /// Said once, not of a source: the memory was damaged, a draft could not be told of.
        public var warnings: [String] = []
        /// Every source failed: the run exits non-zero.
        public var allFailed: Bool { !results.isEmpty && results.allSatisfy { $0.failure != nil } }
    }

    public enum Problem: Error, CustomStringConvertible {
        case state(String)
        case inbox(String)

        public var description: String {
            switch self {
            case .state(let why), .inbox(let why): why
            }
        }
    }

    let settings: Settings
    let fetcher: PageFetcher
    let runner: ProcessRunner
    let messengers: [DraftMessenger]
    let now: @Sendable () -> Date
    let inbox: Inbox
    let store: WatchStateStore

    public init(settings: Settings, fetcher: PageFetcher, runner: ProcessRunner, messengers: [DraftMessenger], now: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.fetcher = fetcher
        self.runner = runner
        self.messengers = messengers
        self.now = now
        inbox = Inbox(feeds: settings.feeds)
        store = WatchStateStore(path: (inbox.folder as NSString).appendingPathComponent(".watch.json"))
    }

    public func run() async throws(Problem) -> Report {
        do {
            try FileManager.default.createDirectory(atPath: inbox.folder, withIntermediateDirectories: true)
        } catch {
            throw .inbox("cannot make the inbox \(inbox.folder): \(error.localizedDescription); make \(settings.feeds) writable for this user")
        }
        // Two watchers (a timer's run and one by hand) take turns: the second reads what the
        // first remembered, and drafts nothing the first drafted.
        let lock: WatchStateStore.Lock
        do {
            lock = try await store.lock()
        } catch {
            throw .state(error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        inbox.clearLeftovers()
        var report = Report()
        var (state, warning) = store.load(now: now())
        if let warning { report.warnings.append(warning) }
        recall(into: &state)
        var run = Run(watcher: self, state: state)
        for source in settings.sources {
            var result = SourceResult(source: source)
            do {
                switch source.location {
                case .web(let url, let shape): try await run.readWeb(source, url: url, shape: shape, into: &result)
                case .mail(let folder): try await run.readMail(source, folder: folder, into: &result)
                }
            } catch let problem as Problem {
                throw problem
            } catch {
                result.failure = "\(error)"
            }
            report.results.append(result)
        }
        report.drafts = run.drafted
        report.warnings += run.warnings
        // Drafts in the inbox that nobody was told of: made by a run killed before it could tell.
        for entry in inbox.entries() where entry.record.kind != .nothingFound && run.state.told[entry.record.id] == nil {
            run.state.told[entry.record.id] = now()
            do {
                try store.save(run.state)
            } catch {
                throw .state(error.description)
            }
            for messenger in messengers {
                do {
                    try await messenger.tell(entry)
                } catch {
                    report.warnings.append("\(messenger.name) could not tell of the draft \(entry.record.id): \(error)")
                }
            }
        }
        return report
    }

    /// What the inbox holds is known to have been read, even when the memory was lost or a
    /// run was killed between writing a draft and remembering it.
    func recall(into state: inout WatchState) {
        for entry in inbox.entries() {
            let record = entry.record
            if state.articles[record.key]?.digest != record.digest {
                state.articles[record.key] = WatchState.Article(digest: record.digest, noticeID: record.noticeID, read: record.found)
            }
        }
    }

    /// The state of one run.
    struct Run {
        let watcher: Watcher
        var state: WatchState
        var drafted: [DraftRecord] = []

        init(watcher: Watcher, state: WatchState) {
            self.watcher = watcher
            self.state = state
        }

        var settings: Settings { watcher.settings }

        // MARK: Web

        mutating func readWeb(_ source: WatchSource, url: URL, shape: WatchSource.Shape, into result: inout SourceResult) async throws {
            let memo = state.pages[source.id]
            guard let page = try await watcher.fetcher.get(url, etag: memo?.etag, lastModified: memo?.lastModified) else {
                result.lines.append("unchanged since the last run (HTTP 304)")
                return
            }
            var listed: [ListedArticle]
            switch shape {
            case .article:
                try await readArticle(source, ListedArticle(url: url, title: "", date: nil, summary: ""), page: page, into: &result)
                state.pages[source.id] = WatchState.Page(etag: page.etag, lastModified: page.lastModified)
                try save()
                return
            case .feed:
                listed = try FeedListing.articles(page.bytes, base: url)
            case .links:
                listed = Self.datedLinks(page, base: url)
            case .auto:
                listed = FeedListing.looksLikeFeed(page.bytes, contentType: page.contentType)
                    ? try FeedListing.articles(page.bytes, base: url) : Self.datedLinks(page, base: url)
            }
            guard !listed.isEmpty else {
                throw SourceProblem.nothingListed(shape: shape)
            }
            let relevant = listed.filter { source.isRelevant([$0.title, $0.summary].joined(separator: " ")) }
            var seen = Set<URL>()
            var read = 0
            var unread = 0
            for article in relevant where seen.insert(article.url).inserted {
                guard read < settings.articlesPerSource else {
                    result.lines.append("\(relevant.count - read) more articles about stops are left for the next run")
                    break
                }
                read += 1
                do {
                    guard let fetched = try await watcher.fetcher.get(article.url, etag: nil, lastModified: nil) else { continue }
                    try await readArticle(source, article, page: fetched, into: &result)
                } catch let problem as Problem {
                    throw problem
                } catch {
                    unread += 1
                    result.lines.append("\(article.url.absoluteString): not read (\(error)); tried again next run")
                }
            }
            if relevant.isEmpty { result.lines.append("\(listed.count) articles listed, none about a stop") }
            // An article not read is tried again: the listing is fetched whole next run, not
            // answered 304.
            if unread == 0 { state.pages[source.id] = WatchState.Page(etag: page.etag, lastModified: page.lastModified) }
            try save()
        }

        /// The links of a page of links that stand beside a date: the articles. Navigation, a
        /// footer's links and the like have none.
        static func datedLinks(_ page: HTTPFeedFetcher.Download, base: URL) -> [ListedArticle] {
            let document = HTMLDocument(bytes: page.bytes, url: base, charset: HTMLDocument.charset(ofContentType: page.contentType))
            return document.links.compactMap { link in
                guard let date = ListingDate.first(in: link.context) else { return nil }
                return ListedArticle(url: link.url, title: link.text, date: date, summary: link.context)
            }
        }

        mutating func readArticle(_ source: WatchSource, _ article: ListedArticle, page: HTTPFeedFetcher.Download, into result: inout SourceResult) async throws {
            var title = article.title
            var text: String
            var pdfs: [URL] = []
            if page.bytes.starts(with: Array("%PDF".utf8)) {
                text = try await PDFText.text(of: page.bytes, runner: watcher.runner)
            } else {
                let document = HTMLDocument(bytes: page.bytes, url: article.url, charset: HTMLDocument.charset(ofContentType: page.contentType))
                text = document.text
                if title.isEmpty { title = document.title }
                pdfs = document.links.map(\.url).filter { $0.path.lowercased().hasSuffix(".pdf") }
            }
            if title.isEmpty { title = article.url.lastPathComponent }
            text = bounded(text, article.url.absoluteString, into: &result)
            var letter = Letter(key: article.url.absoluteString, title: title, text: text, url: article.url, year: ListingDate.year(article.date))
            // An article that only points to its PDF letter: the letter is read instead.
            if !watcher.hasWindows(letter), !pdfs.isEmpty {
                var letters: [String] = []
                for pdf in pdfs.prefix(settings.pdfsPerArticle) {
                    guard let bytes = try await watcher.fetcher.get(pdf, etag: nil, lastModified: nil)?.bytes else { continue }
                    letters.append(try await PDFText.text(of: bytes, runner: watcher.runner))
                }
                if !letters.isEmpty { letter.text = bounded(text + "\n\n" + letters.joined(separator: "\n\n"), article.url.absoluteString, into: &result) }
            }
            try await consider(letter, from: source, into: &result)
        }

        // MARK: Mail

        mutating func readMail(_ source: WatchSource, folder: String, into result: inout SourceResult) async throws {
            let files = try MailFolder.messages(in: folder)
            var newMail = 0
            for file in files {
                let fileKey = "mailfile:" + file.name
                if state.articles[fileKey] != nil { continue }
                if let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int, size > settings.mailBytes {
                    result.lines.append("\(file.path): larger than \(settings.mailBytes >> 20) MB; not read (open it in a mail client)")
                    state.articles[fileKey] = WatchState.Article(digest: String(size), noticeID: nil, read: watcher.now())
                    try save()
                    continue
                }
                guard let data = FileManager.default.contents(atPath: file.path) else {
                    result.lines.append("\(file.path): cannot be read (permission?); tried again next run")
                    continue
                }
                newMail += 1
                let message = MailMessage([UInt8](data))
                let key = "mail:" + (message.messageID ?? file.name)
                var letters: [Letter] = []
                let described = [message.subject, message.from, message.date].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
                for part in message.parts where !part.isAlternative {
                    var read: String?
                    if part.isPDF {
                        do {
                            read = try await PDFText.text(of: part.bytes, runner: watcher.runner)
                        } catch {
                            result.lines.append("\(message.subject): the attachment \(part.fileName ?? "PDF") was not read (\(error))")
                        }
                    } else {
                        read = part.text
                    }
                    guard let whole = read, !whole.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
                    let text = bounded(whole, "\(message.subject) (\(part.fileName ?? "本文"))", into: &result)
                    let name = part.fileName ?? (part.forwardedSubject.map { "転送されたメール「\($0)」の本文" } ?? "本文")
                    letters.append(Letter(key: key + "#" + name, title: part.forwardedSubject ?? message.subject, text: text, mail: described, part: name, file: file.path,
                                          year: MailDate.year(message.date)))
                }
                let all = letters.map(\.text).joined(separator: "\n")
                if source.isRelevant(message.subject + "\n" + all) {
                    // The parts that hold a stop; when none does, the mail is listed as read.
                    let withStops = letters.filter(watcher.hasWindows)
                    var chosen = withStops.isEmpty
                        ? [Letter(key: key, title: message.subject, text: all, mail: described, part: nil, file: file.path, year: MailDate.year(message.date))] : withStops
                    if !withStops.isEmpty, Set(chosen.map { watcher.windowSummary($0) }).count < chosen.count {
                        // The same letter as body and attachment: one draft.
                        var kept: [Letter] = []
                        for letter in chosen where !kept.contains(where: { watcher.windowSummary($0) == watcher.windowSummary(letter) }) { kept.append(letter) }
                        chosen = kept
                    }
                    for letter in chosen { try await consider(letter, from: source, into: &result) }
                }
                state.articles[fileKey] = WatchState.Article(digest: String(data.count), noticeID: nil, read: watcher.now())
                try save()
            }
            if newMail == 0 { result.lines.append("no new mail (\(files.count) read before)") }
        }

        /// `text` cut to ``Settings/letterCharacters``, saying so on `result`.
        func bounded(_ text: String, _ what: String, into result: inout SourceResult) -> String {
            guard text.unicodeScalars.count > settings.letterCharacters else { return text }
            result.lines.append("\(what): longer than \(settings.letterCharacters) characters; only the first were read")
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(settings.letterCharacters)))
        }

        // MARK: Drafting

        /// Drafts `letter` unless its words were read before.
        mutating func consider(_ letter: Letter, from source: WatchSource, into result: inout SourceResult) async throws {
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
            let pending = watcher.inbox.entries().filter { $0.record.kind != .nothingFound }
            // The stops the letter calls off: a letter may only cancel (中止のお知らせ), or cancel
            // one date of several and confirm the rest.
            let cancelled = importer.cancellations(in: letter.text)
            let cancelledSystems = Revisions.named(in: letter.title + "\n" + letter.text, catalog: catalog, fallback: source.systems)
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
            // A revision of what was drafted or accepted from this article, or of a notice
            // whose stop this letter speaks of (a correction, a cancellation, sent apart).
            var target: Revisions.Target?
            if let imported {
                target = Revisions.target(for: imported.notice, noticeID: previous?.noticeID, source: source.id, accepted: catalog.notices, pending: pending, catalog: catalog)
            } else if !cancelled.isEmpty {
                target = Revisions.target(cancelling: cancelled, systems: cancelledSystems, noticeID: previous?.noticeID, source: source.id, accepted: catalog.notices, pending: pending, catalog: catalog)
                if target == nil { why = "中止の知らせですが、中止される停止が公開済みの通知にも下書きにも見つかりません" }
            }
            guard imported != nil || target != nil else {
                try await write(DraftRecord(id: draftID(source, now), kind: .nothingFound, source: source.id, sourceName: source.name, key: letter.key,
                                            url: letter.url?.absoluteString, mail: letter.mail, part: letter.part, file: letter.file, title: letter.title, found: now,
                                            digest: digest, noticeID: previous?.noticeID, revises: nil, changes: [why]),
                                notice: nil, review: nil, letter: letter)
                result.lines.append("\(label): read, no stop found (\(why)); listed in the inbox")
                return
            }
            var report = imported?.report ?? ImportReport()
            if imported == nil { report.text = letter.text.hasSuffix("\n") ? letter.text : letter.text + "\n" }
            var record = DraftRecord(id: draftID(source, now), kind: .new, source: source.id, sourceName: source.name, key: letter.key,
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
                for other in Revisions.sameDay(as: notice, pending: pending, catalog: catalog) {
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
            let taken = Set(settings.catalog.notices.map(\.id) + pending.compactMap(\.record.noticeID))
            guard taken.contains(id) else { return id }
            var number = 2
            while taken.contains("\(id)-\(number)") { number += 1 }
            return "\(id)-\(number)"
        }

        /// `20270213-210000-mhlw-news`, and -2, -3 when one run drafts more from a source.
        func draftID(_ source: WatchSource, _ now: Date) -> String {
            let civil = JST.civil(now)
            let stem = String(format: "%04d%02d%02d-%02d%02d%02d-", civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second) + source.id
            let taken = Set(watcher.inbox.entries().map(\.record.id) + drafted.map(\.id))
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
                throw Problem.inbox(error.description)
            }
            state.articles[letter.key] = WatchState.Article(digest: record.digest, noticeID: record.noticeID, read: record.found)
            if record.kind != .nothingFound { state.told[record.id] = watcher.now() }
            try save()
            guard record.kind != .nothingFound, let entry = try? watcher.inbox.entry(record.id) else { return }
            for messenger in watcher.messengers {
                do {
                    try await messenger.tell(entry)
                } catch {
                    warnings.append("\(messenger.name) could not tell of the draft \(record.id): \(error)")
                }
            }
        }

        var warnings: [String] = []

        func save() throws {
            do {
                try watcher.store.save(state)
            } catch {
                throw Problem.state(error.description)
            }
        }
    }

    /// Whether the importer finds a stop in `letter`.
    func hasWindows(_ letter: Letter) -> Bool {
        let importer = NoticeImporter(regions: settings.catalog.regions, systems: settings.catalog.systems, referenceYear: letter.year ?? JST.day(now()).year)
        return (try? importer.importText(letter.text)).map { !$0.notice.windows.isEmpty } ?? false
    }

    /// The windows the importer finds in `letter`, as one line: two parts of a mail that give
    /// the same are the same letter.
    func windowSummary(_ letter: Letter) -> String {
        let importer = NoticeImporter(regions: settings.catalog.regions, systems: settings.catalog.systems, referenceYear: letter.year ?? JST.day(now()).year)
        guard let draft = try? importer.importText(letter.text) else { return "" }
        return draft.notice.windows.map { $0.occurrences.map(\.when).joined(separator: ",") + ($0.cancelled ? "x" : "") }.joined(separator: ";")
    }
}

/// Why a source gave nothing to read.
enum SourceProblem: Error, CustomStringConvertible {
    case nothingListed(shape: WatchSource.Shape)

    var description: String {
        switch self {
        case .nothingListed(.feed): "the feed lists no items; check its address in sources.yaml"
        case .nothingListed: "no article found on the page (no link stands beside a date): its layout may have changed; open it in a browser, and set `shape:` in sources.yaml (links, feed or article)"
        }
    }
}
