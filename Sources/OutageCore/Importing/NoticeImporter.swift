import Foundation
import Civil

/// Reads a notice letter's text (as pdftotext gives it) and drafts a notice file from it:
/// windows with start, end, kind, scope and 予定; guidance per kind; the forwarding chain;
/// the portal URL. Pure: text and regions in, a notice and a report out.
public struct NoticeImporter: Sendable {
    public let regions: RegionMap
    public let systems: SystemRegistry
    /// The year to read a date in when the text gives no year at all and no weekday (today's,
    /// from the caller: the importer reads no clock).
    public let referenceYear: Int

    public init(regions: RegionMap, systems: SystemRegistry, referenceYear: Int) {
        self.regions = regions
        self.systems = systems
        self.referenceYear = referenceYear
    }

    public struct Draft: Sendable {
        public var notice: Notice
        public var report: ImportReport
    }

    /// - Parameter headline: the article's own title (a web page's), for a text without a
    ///   letter head to take its subject from.
    public func importText(_ input: String, id: String? = nil, updated: Date? = nil, headline: String? = nil) throws(ImportError) -> Draft {
        let (raw, reader, tokens, found) = try read(input)
        let text = NoticeText(raw)
        let joined = text.joined
        var report = ImportReport()
        guard !found.windows.isEmpty else { throw .noWindows(notUsed: found.notUsed) }
        report.cancellations = Self.cancellations(tokens, found)
        let letters = Letters(text.lines)
        var windows = Self.windows(found.windows)
        // A date that heads one of the letters is that letter's date.
        report.notUsed += found.notUsed.map { line in
            guard let letter = letters.chain.first(where: { $0.dateText.map { line.hasPrefix($0 + ":") || line.hasPrefix($0 + "(") } ?? false }),
                let dateText = letter.dateText
            else { return line }
            return "\(dateText): date of the letter from \(letter.issuer)"
        }
        report.warnings += found.warnings
        report.readings = found.readings
        report.text = String(String.UnicodeScalarView(reader.scalars))
        report.windowChecks = found.windows.map(\.checks)
        // A partial stop must say what stops (validate refuses it otherwise): the reader names the
        // kind, the administrator names the functions, from the letter.
        for (index, window) in windows.enumerated() where window.kind == .partial && window.affects == nil {
            report.windowChecks[index].append("partial: write what stops and what still works from the letter, as affects: {stops: […], works: […]}")
            if !report.warnings.contains(where: { $0.hasPrefix("partial windows") }) {
                report.warnings.append("partial windows need affects: {stops: […]} from the letter before validate accepts them")
            }
        }
        for (window, source) in zip(windows, found.windows) {
            let when = window.occurrences.map(\.when).joined(separator: "、")
            report.understood.append("window \(window.id): \(source.words) → \(when)\(window.tentative ? "（予定）" : "")\(window.backup ? "（予備日）" : "") — \(window.label), line \(source.line + 1)")
        }
        checkAreaLists(joined, report: &report)
        let (guidance, notes) = readGuidance(joined)
        let original = letters.chain.first
        let subject = letters.title ?? headline
        let system = self.system(in: subject ?? "", fallback: joined)
        if system == nil { report.warnings.append("no system of systems.yaml is named in the letter; set systems: by hand") }
        // A system named on a window's own line (・電子処方箋管理サービス：…) narrows that window.
        var noticeSystems = system.map { [$0.id] } ?? []
        // 「オンライン資格確認等システム及び電子処方箋管理サービスの計画停止について」: every system
        // the title names stops.
        for other in systems.systems where other.id != system?.id && (subject ?? "").contains(other.name) { noticeSystems.append(other.id) }
        for (index, item) in found.windows.enumerated() {
            let line = reader.lineText(item.line)
            let named = systems.systems.filter { line.contains($0.name) }.map(\.id)
            guard !named.isEmpty, named != noticeSystems else { continue }
            windows[index].systems = named
            for id in named where !noticeSystems.contains(id) { noticeSystems.append(id) }
        }
        if let found = Self.url(in: joined), !WebAddress.isValid(found) {
            report.warnings.append("the letter's web address '\(found.prefix(80))' is not an https address OutageCal accepts; set url: by hand")
        }
        let issued = original?.date
        for letter in letters.chain {
            report.understood.append("letter: \(letter.issuer)\(letter.number.map { " \($0)" } ?? "")\(letter.date.map { "（\($0.japanese)）" } ?? "（日付なし）")")
        }
        let first = windows.map(\.start).min() ?? Date(timeIntervalSince1970: 0)
        let start = JST.civil(first)
        let noticeID = id ?? String(format: "%04d-%02d-", start.year, start.month) + (system?.id ?? "maintenance")
        let notice = Notice(
            id: noticeID, title: subject ?? "\(system?.name ?? "システム")の計画停止", systems: noticeSystems,
            issuer: original?.issuer ?? "（発出者を記入）", issued: issued,
            references: letters.chain.map { Reference(issuer: $0.issuer, number: $0.number, date: $0.date, to: $0.to) },
            url: Self.url(in: joined).flatMap { WebAddress.isValid($0) ? $0 : nil }, revision: 1,
            updated: updated ?? Self.noon(of: letters.chain.compactMap(\.date).max() ?? issued ?? JST.day(first)),
            impact: Self.impact(in: joined), notes: notes,
            windows: windows, guidance: guidance)
        var bounded = report
        return Draft(notice: Self.withinLimits(notice, report: &bounded), report: bounded)
    }

    /// The stops a letter calls off (中止, 見送り, 取りやめ), as the reader reads them, whether or
    /// not it drafts a window: a letter that only cancels drafts none, and `outagecal watch`
    /// marks the windows of the notice it cancels from these.
    /// A letter that says a stop is called off (停止を中止いたします) and that on its dates the
    /// system works as usual (通常どおりご利用いただけます) cancels those dates too.
    /// A letter that drafts windows gives them in ``ImportReport/cancellations`` too.
    public func cancellations(in input: String) -> [WindowTiming] {
        guard let (_, _, tokens, found) = try? read(input) else { return [] }
        return Self.cancellations(tokens, found)
    }

    static func cancellations(_ tokens: [Token], _ found: WindowGrammar.Result) -> [WindowTiming] {
        guard tokens.contains(where: { $0.kind == .cancelled }) else { return found.cancelled }
        return found.cancelled + found.negated.filter { !found.cancelled.contains($0) }
    }

    /// The letter's words, tokens and what the grammar found in them; what stops a letter from
    /// being read at all is thrown.
    private func read(_ input: String) throws(ImportError) -> (raw: String, reader: ReaderText, tokens: [Token], found: WindowGrammar.Result) {
        // A saved portal page is read for its words.
        let raw = HTMLText.looksLikeHTML(input) ? HTMLText.plain(input) : input
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty }
        if raw.unicodeScalars.contains(where: { $0.value == 0 || $0 == "\u{FFFD}" }) { throw .binary }
        let reader = ReaderText(raw)
        let tokens = Tokenizer(reader).tokens()
        let written = tokens.indices.compactMap { index -> (DateToken, Range<Int>)? in
            guard case .date(let date) = tokens[index].kind, date.day != nil || date.relativeDays != nil else { return nil }
            // With its weekday, as the administrator reads it: 令和7年2月30日(日).
            let end = index + 1 < tokens.count && tokens[index + 1].weekdayValue != nil ? tokens[index + 1].range.upperBound : tokens[index].range.upperBound
            return (date, tokens[index].range.lowerBound..<end)
        }
        guard !written.isEmpty || tokens.contains(where: \.isTime) else { throw .noDates }
        for (date, range) in written {
            // A leap year when the text gives none, so that 2月29日 stands.
            if let month = date.month, let day = date.day, !CivilTime(year: date.year ?? 2024, month: month, day: day).isValid {
                throw .impossibleDate(reader.text(range))
            }
        }
        return (raw, reader, tokens, WindowGrammar(text: reader, tokens: tokens, regions: regions, referenceYear: referenceYear).read())
    }

    /// `notice` with every text within ``NoticeLimits`` (a long run of a letter read as one
    /// sentence can be thousands of characters): cut, with a CHECK saying so, so that the draft
    /// always loads back.
    static func withinLimits(_ notice: Notice, report: inout ImportReport) -> Notice {
        var notice = notice
        var cut: Set<String> = []
        func clip(_ text: String, _ what: String) -> String {
            guard text.utf16.count > NoticeLimits.textCharacters else { return text }
            cut.insert(what)
            var kept = ""
            var length = 0
            for character in text {
                length += character.utf16.count
                guard length < NoticeLimits.textCharacters else { break }
                kept.append(character)
            }
            return kept + "…"
        }
        notice.title = clip(notice.title, "title")
        notice.issuer = clip(notice.issuer, "issuer")
        notice.impact = notice.impact.map { clip($0, "impact") }
        var notes: [String] = []
        var total = 0
        for note in notice.notes.map({ clip($0, "notes") }) {
            total += note.utf16.count
            guard total <= NoticeLimits.notesCharacters else {
                cut.insert("notes")
                break
            }
            notes.append(note)
        }
        notice.notes = notes
        notice.references = notice.references.map { reference in
            var reference = reference
            reference.issuer = clip(reference.issuer, "references")
            reference.number = reference.number.map { clip($0, "references") }
            reference.to = reference.to.map { clip($0, "references") }
            return reference
        }
        notice.guidance = notice.guidance.mapValues { guidance in
            var guidance = guidance
            guidance.short = clip(guidance.short, "guidance")
            guidance.japanese = clip(guidance.japanese, "guidance")
            return guidance
        }
        for index in notice.windows.indices {
            notice.windows[index].wording = notice.windows[index].wording.map { clip($0, "label") }
        }
        for what in cut.sorted() {
            report.warnings.append("\(what): the letter's text was longer than a notice may hold (\(NoticeLimits.textCharacters) characters a text, \(NoticeLimits.notesCharacters) of notes); it was cut: shorten it to what staff need")
        }
        return notice
    }

    // MARK: Windows

    /// Model windows from what the grammar found, with ids from their area and kind.
    static func windows(_ found: [FoundWindow]) -> [Window] {
        var ids = Set<String>()
        return found.map { item in
            var id = "\(scopeSlug(item.scope))-\(item.kind.rawValue)" + (item.backup ? "-backup" : "")
            var suffix = 2
            while ids.contains(id) {
                id = "\(scopeSlug(item.scope))-\(item.kind.rawValue)\(item.backup ? "-backup" : "")-\(suffix)"
                suffix += 1
            }
            ids.insert(id)
            return Window(id: id, kind: item.kind, wording: item.wording, scope: item.scope, timing: item.timing, tentative: item.tentative,
                          backup: item.backup)
        }
    }

    func scope(_ area: String) -> [ScopeItem]? {
        if area.hasPrefix("全国") { return [.nationwide] }
        let name = area.replacingOccurrences(of: "エリア", with: "").replacingOccurrences(of: "地域", with: "")
        if let region = regions.regions.first(where: { $0.name == name }) { return [.region(region.id)] }
        let parts = name.split(whereSeparator: { "、・".contains($0) }).compactMap { Prefecture.find(String($0)) }
        return parts.isEmpty ? nil : parts.map { .prefecture($0) }
    }

    /// The scope's part of a window id: `west`, `tokyo-kanagawa`; a long list of areas is cut
    /// to its first two and a count (`toyama-fukui-and-10-more`), so that the id stays within
    /// what an id may be (80 characters) and still says where.
    static func scopeSlug(_ scope: [ScopeItem]) -> String {
        let parts = scope.map { item -> String in
            switch item {
            case .nationwide: "nationwide"
            case .region(let id): id.replacingOccurrences(of: "-japan", with: "")
            case .prefecture(let prefecture): prefecture.romaji
            }
        }
        let whole = parts.joined(separator: "-")
        guard whole.utf8.count > 40, parts.count > 2 else { return whole }
        return parts.prefix(2).joined(separator: "-") + "-and-\(parts.count - 2)-more"
    }

    /// `・東日本エリア:北海道、青森県、…` compared with regions.yaml.
    func checkAreaLists(_ joined: String, report: inout ImportReport) {
        for region in regions.regions {
            guard let start = joined.range(of: "\(region.name)エリア:", options: .backwards) else { continue }
            let rest = joined[start.upperBound...]
            let names = Prefecture.all.map(\.name)
            var listed: [Prefecture] = []
            var cursor = rest.startIndex
            while cursor < rest.endIndex {
                let remainder = rest[cursor...]
                guard let name = names.first(where: { remainder.hasPrefix($0) }) else { break }
                listed.append(Prefecture.find(name)!)
                cursor = rest.index(cursor, offsetBy: name.count)
                while cursor < rest.endIndex, "、,・ ".contains(rest[cursor]) { cursor = rest.index(after: cursor) }
            }
            guard !listed.isEmpty else { continue }
            let missing = Set(region.prefectures).subtracting(listed).sorted()
            let extra = Set(listed).subtracting(region.prefectures).sorted()
            if missing.isEmpty && extra.isEmpty {
                report.understood.append("area list of \(region.name): the same \(listed.count) prefectures as regions.yaml")
            } else {
                report.warnings.append("the notice's \(region.name) list differs from regions.yaml:"
                    + (missing.isEmpty ? "" : " not in the notice: \(missing.map(\.name).joined(separator: "、"))")
                    + (extra.isEmpty ? "" : " only in the notice: \(extra.map(\.name).joined(separator: "、"))"))
            }
        }
    }

    // MARK: Guidance, URL, system

    static let guidanceHeadings = try? NSRegularExpression(pattern: #"\(\d\)([^()。]{0,20}?(?:長時間|数分|断続|瞬断|停止|通信断)[^()。]{0,30}?)について"#)

    /// `(1)長時間の通信断について …` and `(2)数分間の通信断について …` in the section on what to do.
    func readGuidance(_ joined: String) -> ([WindowKind: Guidance], [String]) {
        guard let section = joined.range(of: #"\d\.[^。]{0,40}対応"#, options: .regularExpression) else { return ([:], []) }
        var body = String(joined[section.upperBound...])
        if let stop = body.range(of: #"\(参考\)|https?://"#, options: .regularExpression) { body = String(body[..<stop.lowerBound]) }
        guard let headings = Self.guidanceHeadings else { return ([:], []) }
        let ns = body as NSString
        let matches = headings.matches(in: body, range: NSRange(location: 0, length: ns.length))
        var result: [WindowKind: Guidance] = [:]
        var notes: [String] = []
        for (index, match) in matches.enumerated() {
            let heading = ns.substring(with: match.range(at: 1))
            let kind: WindowKind = ["数分", "断続", "瞬断"].contains(where: heading.contains) ? .intermittent : .outage
            let from = match.range.location + match.range.length
            let to = index + 1 < matches.count ? matches[index + 1].range.location : ns.length
            var text = ns.substring(with: NSRange(location: from, length: to - from)).trimmingCharacters(in: .whitespaces)
            // ※ asides become notes.
            while let aside = text.range(of: #"※[^※]*?。"#, options: .regularExpression) {
                notes.append(String(text[aside].dropFirst()).trimmingCharacters(in: .whitespaces))
                text.removeSubrange(aside)
            }
            text = text.replacingOccurrences(of: #"^\d\(\d\)の[^、]*、"#, with: "", options: .regularExpression)
            guard !text.isEmpty, result[kind] == nil else { continue }
            result[kind] = Guidance(short: Self.short(text, kind: kind), japanese: text)
        }
        return (result, notes)
    }

    static func short(_ text: String, kind: WindowKind) -> String {
        if kind == .outage && text.contains("10割") { return "資格確認は代替手順で。10割負担にしない。" }
        if kind == .intermittent && text.contains("再起動") { return "エラー時は少し待って再試行。直らなければカードリーダーを再起動。" }
        let sentence = text.split(separator: "。").first.map { String($0) + "。" } ?? text
        return sentence.count > 40 ? String(sentence.prefix(39)) + "…" : sentence
    }

    static func url(in joined: String) -> String? {
        guard let range = joined.range(of: #"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"#, options: .regularExpression) else { return nil }
        // A sentence's punctuation after the address is not part of it.
        var url = Substring(joined[range])
        while let last = url.last, ".,:;!?'".contains(last) { url = url.dropLast() }
        return String(url)
    }

    /// The system of systems.yaml the title names, else the one the text names most often.
    func system(in title: String, fallback text: String) -> System? {
        if let named = systems.systems.first(where: { title.contains($0.name) }) { return named }
        return systems.systems.map { ($0, text.components(separatedBy: $0.name).count - 1) }
            .filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
    }

    /// The sentence that says what stops working: 利用できなくなります, else 接続ができなくなります.
    static func impact(in joined: String) -> String? {
        let sentences = joined.split(separator: "。")
        for marker in ["利用できなく", "接続ができなく", "使用できなく"] {
            guard var text = sentences.first(where: { $0.contains(marker) }).map(String.init) else { continue }
            if let comma = text.range(of: "間は、") { text = String(text[comma.upperBound...]) }
            return text + "。"
        }
        return nil
    }

    static func context(of range: Range<String.Index>, in text: String) -> String {
        let from = text.index(range.lowerBound, offsetBy: -12, limitedBy: text.startIndex) ?? text.startIndex
        let to = text.index(range.upperBound, offsetBy: 12, limitedBy: text.endIndex) ?? text.endIndex
        return String(text[from..<to])
    }

    static func noon(of date: CivilDate) -> Date {
        CivilTime(year: date.year, month: date.month, day: date.day, hour: 12).instant(offsetSeconds: JST.offsetSeconds)
    }
}

extension CivilDate {
    init(_ civil: CivilTime) {
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }
}
