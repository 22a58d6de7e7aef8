import Foundation
import ICal

/// Reads a notice letter's text (as pdftotext gives it) and drafts a notice file from it:
/// windows with start, end, kind, scope and 予定; guidance per kind; the forwarding chain;
/// the portal URL. Pure: text and regions in, a notice and a report out.
public struct NoticeImporter: Sendable {
    public let regions: RegionMap
    public let systems: SystemRegistry

    public init(regions: RegionMap, systems: SystemRegistry) {
        self.regions = regions
        self.systems = systems
    }

    public struct Draft: Sendable {
        public var notice: Notice
        public var report: ImportReport
    }

    public func importText(_ raw: String, id: String? = nil, updated: Date? = nil) throws(ImportError) -> Draft {
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty }
        if raw.unicodeScalars.contains(where: { $0.value == 0 || $0 == "\u{FFFD}" }) { throw .binary }
        let text = NoticeText(raw)
        let joined = text.joined
        var report = ImportReport()
        let dates = JapaneseDates.dates(in: joined)
        guard !dates.isEmpty else { throw .noDates }
        for date in dates where date.year != nil && date.month != nil {
            guard CivilTime(year: date.year!, month: date.month!, day: date.day).isValid else { throw .impossibleDate(date.text) }
        }
        let letters = Letters(text.lines)
        let windows = try readWindows(joined, dates: dates, letters: letters, report: &report)
        guard !windows.isEmpty else { throw .noWindows }
        checkAreaLists(joined, report: &report)
        let (guidance, notes) = readGuidance(joined)
        for kind in Set(windows.map(\.kind)) where guidance[kind] == nil {
            report.warnings.append("no guidance found for \(kind.rawValue) (\(kind.label)); write it in the draft by hand")
        }
        let original = letters.chain.first
        let system = self.system(in: letters.title ?? "", fallback: joined)
        if system == nil { report.warnings.append("no system of systems.yaml is named in the letter; set systems: by hand") }
        let issued = original?.date ?? windows.first.map { CivilDate(JST.civil($0.start)) } ?? CivilDate(year: 2000, month: 1, day: 1)
        for letter in letters.chain {
            report.understood.append("letter: \(letter.issuer)\(letter.number.map { " \($0)" } ?? "")\(letter.date.map { "（\($0.japanese)）" } ?? "（日付なし）")")
        }
        // Every date not inside a window: say what it is.
        let used = windows.flatMap(\.sourceRanges)
        for date in dates where !used.contains(where: { $0.overlaps(date.range) }) {
            let context = Self.context(of: date.range, in: joined)
            if let letter = letters.chain.first(where: { $0.dateText == date.text }) {
                report.notUsed.append("\(date.text): date of the letter from \(letter.issuer)")
            } else {
                report.notUsed.append("\(date.text): not a window (…\(context)…)")
            }
        }
        // And every time of day outside the windows: an office's hours, a deadline.
        for time in JapaneseDates.times(in: joined)
        where !used.contains(where: { $0.overlaps(time.range) }) && !dates.contains(where: { $0.range.overlaps(time.range) }) {
            let written = String(joined[time.range])
            guard written.contains(":") || written.contains("時") else { continue }
            report.notUsed.append("\(written): a time not in a window (…\(Self.context(of: time.range, in: joined))…)")
        }
        let first = windows.map(\.start).min()!
        let start = JST.civil(first)
        let noticeID = id ?? String(format: "%04d-%02d-", start.year, start.month) + (system?.id ?? "maintenance")
        let notice = Notice(
            id: noticeID, title: letters.title ?? "\(system?.name ?? "システム")の計画停止", systems: system.map { [$0.id] } ?? [],
            issuer: original?.issuer ?? "（発出者を記入）", issued: issued,
            references: letters.chain.map { Reference(issuer: $0.issuer, number: $0.number, date: $0.date, to: $0.to) },
            url: Self.url(in: joined), revision: 1, updated: updated ?? Self.noon(of: letters.chain.compactMap(\.date).max() ?? issued),
            impact: Self.impact(in: joined), notes: notes,
            windows: windows.map(\.window), guidance: guidance)
        return Draft(notice: notice, report: report)
    }

    // MARK: Windows

    struct FoundWindow {
        var window: Window
        var sourceRanges: [Range<String.Index>]
        var start: Date { window.start }
        var kind: WindowKind { window.kind }
    }

    /// `西日本エリア:令和6年12月31日(火)3:00~5:20(予定)` and the like, each under the nearest
    /// heading that names a kind.
    func readWindows(_ joined: String, dates: [WrittenDate], letters: Letters, report: inout ImportReport) throws(ImportError) -> [FoundWindow] {
        let areaNames = regions.regions.map { NSRegularExpression.escapedPattern(for: $0.name) } + ["全国"]
        let prefectureNames = Prefecture.all.map(\.name)
        let area = "((?:" + areaNames.joined(separator: "|") + ")(?:エリア|地域)?|全国|(?:" + prefectureNames.joined(separator: "|") + ")(?:[、・](?:" + prefectureNames.joined(separator: "|") + "))*)"
        let pattern = try! NSRegularExpression(pattern: area + #"\s*[:：]\s*(?=(?:令和|平成|\d))"#)
        let ns = joined as NSString
        let matches = pattern.matches(in: joined, range: NSRange(location: 0, length: ns.length))
        var found: [FoundWindow] = []
        var ids = Set<String>()
        var contextYear = letters.chain.last?.date?.year ?? dates.compactMap(\.year).first
        for (index, match) in matches.enumerated() {
            let areaText = ns.substring(with: match.range(at: 1))
            let segmentStart = match.range.location + match.range.length
            var segmentEnd = index + 1 < matches.count ? matches[index + 1].range.location : ns.length
            // A segment also ends at the next heading: (2), 2., ※, ・ (offsets in UTF-16, as NSString counts).
            let tail = ns.substring(with: NSRange(location: segmentStart, length: segmentEnd - segmentStart))
            if let stop = Self.headingPattern.firstMatch(in: tail, range: NSRange(location: 0, length: (tail as NSString).length)) {
                segmentEnd = segmentStart + stop.range.location
            }
            guard let segmentRange = Range(NSRange(location: segmentStart, length: segmentEnd - segmentStart), in: joined) else { continue }
            var segment = String(joined[segmentRange])
            guard let parsed = try parseRange(segment, in: joined, at: segmentRange, contextYear: contextYear, report: &report) else {
                report.warnings.append("\(areaText): could not read a time range from '\(segment)'")
                continue
            }
            contextYear = JST.civil(parsed.start).year
            // The window is the range and what qualifies it (まで, (予定), 頃), no more.
            segment = String(segment.prefix(parsed.length))
            let usedRange = segmentRange.lowerBound..<joined.index(segmentRange.lowerBound, offsetBy: parsed.length)
            guard let scope = scope(areaText) else {
                report.warnings.append("unknown area '\(areaText)'; add it to regions.yaml or fix the scope in the draft")
                continue
            }
            let kind = Self.kind(before: match.range.location, in: ns)
            let tentative = segment.contains("予定") || segment.contains("頃")
            var id = "\(Self.scopeSlug(scope))-\(kind.rawValue)"
            var suffix = 2
            while ids.contains(id) {
                id = "\(Self.scopeSlug(scope))-\(kind.rawValue)-\(suffix)"
                suffix += 1
            }
            ids.insert(id)
            let window = Window(id: id, kind: kind, scope: scope, start: parsed.start, end: parsed.end, tentative: tentative)
            report.understood.append("window \(id): \(areaText) \(JST.range(parsed.start, parsed.end))\(tentative ? "（予定）" : "") — \(window.label)")
            found.append(FoundWindow(window: window, sourceRanges: [usedRange]))
        }
        return found
    }

    static let headingPattern = try! NSRegularExpression(pattern: #"\(\d\)|(?<=[^\d:])\d\.(?=[^\d])|※|・"#)

    /// The kind named by the nearest heading before `location`.
    static func kind(before location: Int, in text: NSString) -> WindowKind {
        let before = text.substring(to: location)
        let markers: [(String, WindowKind)] = [("長時間", .outage), ("停止", .outage), ("数分", .intermittent), ("断続", .intermittent), ("瞬断", .intermittent)]
        var best: (Int, WindowKind) = (-1, .outage)
        for (word, kind) in markers {
            if let range = before.range(of: word, options: .backwards) {
                let position = before.distance(from: before.startIndex, to: range.lowerBound)
                if position > best.0 { best = (position, kind) }
            }
        }
        return best.1
    }

    /// A start and an end from `令和6年12月31日(火)8:00~令和7年1月1日(水)3:00(予定)` and its
    /// variants (から…まで, 翌, 24:00, an end without year or date).
    func parseRange(_ segment: String, in joined: String, at range: Range<String.Index>, contextYear: Int?, report: inout ImportReport) throws(ImportError) -> (start: Date, end: Date, length: Int)? {
        let dates = JapaneseDates.dates(in: segment)
        let times = JapaneseDates.times(in: segment).filter { time in !dates.contains { $0.range.overlaps(time.range) } }
        guard let startDate = dates.first, let startTime = times.first(where: { $0.range.lowerBound >= startDate.range.upperBound }),
            let endTime = times.first(where: { $0.range.lowerBound > startTime.range.upperBound })
        else { return nil }
        let separator = segment[startTime.range.upperBound..<endTime.range.lowerBound]
        guard separator.contains(where: { "~〜-−–—ー".contains($0) }) || separator.contains("から") || separator.contains("より") else { return nil }
        let endDate = dates.dropFirst().first { $0.range.lowerBound > startTime.range.upperBound && $0.range.upperBound <= endTime.range.lowerBound }
        guard let year = startDate.year ?? contextYear, let month = startDate.month else { return nil }
        let start = try resolve(year: year, month: month, day: startDate.day, weekday: startDate.weekday, time: startTime, text: startDate.text, report: &report)
        var endYear = endDate?.year ?? year
        let endMonth = endDate?.month ?? month
        if endDate?.year == nil, let endDate, endDate.month ?? month < month { endYear += 1 }
        var end = try resolve(year: endYear, month: endMonth, day: endDate?.day ?? startDate.day, weekday: endDate?.weekday, time: endTime, text: endDate?.text ?? startDate.text, report: &report)
        if end <= start && endDate == nil {
            end = end.addingTimeInterval(86_400)
            report.warnings.append("'\(segment.trimmingCharacters(in: .whitespaces))': the end is read as the next day (\(JST.range(start, end)))")
        }
        guard end > start else {
            report.warnings.append("'\(segment)': the end is not after the start")
            return nil
        }
        var consumed = endTime.range.upperBound
        let qualifiers = ["まで", "(予定)", "予定", "頃", "ごろ", " "]
        while let next = qualifiers.first(where: { segment[consumed...].hasPrefix($0) }) {
            consumed = segment.index(consumed, offsetBy: next.count)
        }
        return (start, end, segment.distance(from: segment.startIndex, to: consumed))
    }

    private func resolve(year: Int, month: Int, day: Int, weekday: String?, time: WrittenTime, text: String, report: inout ImportReport) throws(ImportError) -> Date {
        let civil = CivilTime(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
        guard CivilTime(year: year, month: month, day: day).isValid else { throw .impossibleDate(text) }
        if let weekday, JapaneseDates.weekday(year: year, month: month, day: day) != weekday {
            report.warnings.append("\(text): \(year)年\(month)月\(day)日 is a \(JapaneseDates.weekday(year: year, month: month, day: day))曜日, not \(weekday)曜日; check the date")
        }
        var instant = civil.instant(offsetSeconds: JST.offsetSeconds)
        if time.nextDay { instant = instant.addingTimeInterval(86_400) }
        return instant
    }

    func scope(_ area: String) -> [ScopeItem]? {
        if area.hasPrefix("全国") { return [.nationwide] }
        let name = area.replacingOccurrences(of: "エリア", with: "").replacingOccurrences(of: "地域", with: "")
        if let region = regions.regions.first(where: { $0.name == name }) { return [.region(region.id)] }
        let parts = name.split(whereSeparator: { "、・".contains($0) }).compactMap { Prefecture.find(String($0)) }
        return parts.isEmpty ? nil : parts.map { .prefecture($0) }
    }

    static func scopeSlug(_ scope: [ScopeItem]) -> String {
        scope.map { item -> String in
            switch item {
            case .nationwide: "nationwide"
            case .region(let id): id.replacingOccurrences(of: "-japan", with: "")
            case .prefecture(let prefecture): prefecture.romaji
            }
        }.joined(separator: "-")
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

    /// `(1)長時間の通信断について …` and `(2)数分間の通信断について …` in the section on what to do.
    func readGuidance(_ joined: String) -> ([WindowKind: Guidance], [String]) {
        guard let section = joined.range(of: #"\d\.[^。]{0,40}対応"#, options: .regularExpression) else { return ([:], []) }
        var body = String(joined[section.upperBound...])
        if let stop = body.range(of: #"\(参考\)|https?://"#, options: .regularExpression) { body = String(body[..<stop.lowerBound]) }
        let headings = try! NSRegularExpression(pattern: #"\(\d\)([^()。]{0,20}?(?:長時間|数分|断続|瞬断|停止|通信断)[^()。]{0,30}?)について"#)
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
