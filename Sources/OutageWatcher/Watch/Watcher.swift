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
            report.warnings += await tell(entry)
        }
        return report
    }

    /// Tells every messenger of a draft; what could not be told, as warnings.
    func tell(_ entry: Inbox.Entry) async -> [String] {
        var warnings: [String] = []
        for messenger in messengers {
            do {
                try await messenger.tell(entry)
            } catch {
                warnings.append("\(messenger.name) could not tell of the draft \(entry.record.id): \(error)")
            }
        }
        return warnings
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

    /// The state of one run; what it does is in Watcher+Web, Watcher+Mail and Watcher+Drafting.
    struct Run {
        let watcher: Watcher
        var state: WatchState
        var drafted: [DraftRecord] = []
        /// Said once, not of a source (a draft that could not be told of).
        var warnings: [String] = []

        init(watcher: Watcher, state: WatchState) {
            self.watcher = watcher
            self.state = state
        }

        var settings: Settings { watcher.settings }
    }

    /// The windows the importer finds in `letter`, as one line, empty when it finds none: two
    /// parts of a mail that give the same are the same letter.
    func windowSummary(_ letter: Letter) -> String {
        let importer = NoticeImporter(regions: settings.catalog.regions, systems: settings.catalog.systems, referenceYear: letter.year ?? JST.day(now()).year)
        guard let draft = try? importer.importText(letter.text) else { return "" }
        return draft.notice.windows.map { $0.occurrences.map(\.when).joined(separator: ",") + ($0.cancelled ? "x" : "") }.joined(separator: ";")
    }
}
