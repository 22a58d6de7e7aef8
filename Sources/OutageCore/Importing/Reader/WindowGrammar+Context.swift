import Foundation
import Civil

/// The words around a window: its clause, the sentences after it, its headings, its kind and area.
extension WindowGrammar {
    func clauseTokens(_ clause: Range<Int>) -> [Token] { Array(tokens(in: clause)) }

    /// The tokens that begin inside `range`, found by binary search (tokens are in text order).
    func tokens(in range: Range<Int>) -> ArraySlice<Token> {
        func firstIndex(atOrAfter offset: Int) -> Int {
            var low = 0, high = tokens.count
            while low < high {
                let mid = (low + high) / 2
                if tokens[mid].range.lowerBound < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let from = firstIndex(atOrAfter: range.lowerBound)
        return tokens[from..<max(from, firstIndex(atOrAfter: range.upperBound))]
    }

    /// The sentences after a window's clause, up to the next date or time, at most three lines on:
    /// what qualifies or hedges it there (閲覧機能のみ停止, 前後する可能性, 復旧の見込みは立っておりません).
    func followingTokens(after offset: Int, from line: Int) -> [Token] {
        guard line < text.lines.count else { return [] }
        let lastLine = min(text.lines.count - 1, line + 3)
        var out: [Token] = []
        for token in tokens(in: offset..<max(offset, text.lines[lastLine].upperBound + 1)) {
            // A heading of another section (not the next question of a Q&A) ends what qualifies the window.
            let at = text.line(of: token.range.lowerBound)
            // Any heading passed on the way, with words of its own or none (■経過).
            if at > line, ((line + 1)...at).contains(where: { outline.headings[$0].map { $0.mark != .question } ?? false }) { return out }
            switch token.kind {
            case .date, .time: return out
            default: out.append(token)
            }
        }
        return out
    }

    /// The note under a list for every row of it (「※上記実施日に一部機能のサービス停止が発生
    /// いたします」): the list's rows from `line` to its last, and the note's tokens up to the next
    /// date or time if the note begins with ※ or speaks of them all (上記, 各日, いずれも), else
    /// none. A row before the last reads it so (the last reads it as its following sentences);
    /// the rows after `line` share the answer, which ``read()`` keeps instead of walking the
    /// list again for each of them.
    func listNote(afterRowAt line: Int) -> (rows: ClosedRange<Int>, tokens: [Token])? {
        guard line < text.lines.count, !text.lines[line].isEmpty, lineHasDateOrTime(line) else { return nil }
        let shape = Self.rowShape(text.scalars[text.lines[line].lowerBound])
        var last = line
        while last + 1 < text.lines.count, !text.lines[last + 1].isEmpty, lineHasDateOrTime(last + 1),
            Self.rowShape(text.scalars[text.lines[last + 1].lowerBound]) == shape {
            last += 1
        }
        var note = last + 1
        while note < text.lines.count, note <= last + 2, text.lineText(note).allSatisfy(\.isWhitespace) { note += 1 }
        guard note < text.lines.count, outline.headings[note] == nil else { return (line...last, []) }
        let said = text.lineText(note).trimmingCharacters(in: .whitespaces)
        guard said.hasPrefix("※") || ["上記", "各日", "いずれも"].contains(where: said.contains) else { return (line...last, []) }
        var out: [Token] = []
        for token in lineTokens(note...note) {
            if token.isDate || token.isTime { break }
            out.append(token)
        }
        return (line...last, out)
    }

    func line(ofOffset offset: Int) -> Int { text.line(of: offset) }

    /// Sections that are not the notice's plan: under a heading of history (履歴, 過去, 障害情報)
    /// or reference (参考), up to the next heading of the same kind of mark (■, 【, ●, ◆, <).
    func asideSections() -> [(lines: Range<Int>, why: String)] {
        var sections: [(lines: Range<Int>, why: String)] = []
        for index in text.lines.indices where !lineHasDateOrTime(index) {
            let line = text.lineText(index)
            let tokens = lineTokens(index...index)
            let why: String
            if line.count <= 24 && tokens.contains(where: { $0.kind == .history }) {
                why = "history"
            } else if line.count <= 12 && tokens.contains(where: { $0.kind == .reference }) {
                why = "reference (参考)"
            } else {
                continue
            }
            let mark = line.unicodeScalars.first
            var end = index + 1
            while end < text.lines.count {
                let next = text.lineText(end)
                if !lineHasDateOrTime(end), let first = next.unicodeScalars.first, Self.headingMarks.contains(first), first == mark || mark == "(" {
                    break
                }
                end += 1
            }
            sections.append((index..<end, why))
        }
        return sections
    }

    static let headingMarks: Set<Unicode.Scalar> = ["■", "【", "●", "◆", "<", "□", "◇", "〔", "["]

    func line(_ tokenIndex: Int) -> Int { text.line(of: tokens[tokenIndex].range.lowerBound) }

    func lineHasDateOrTime(_ line: Int) -> Bool {
        lineTokens(line...line).contains { $0.isTime || $0.isDate }
    }

    func lineTokens(_ lines: ClosedRange<Int>) -> ArraySlice<Token> {
        tokens[byLine[lines.lowerBound].lowerBound..<byLine[lines.upperBound].upperBound]
    }

    /// The window's own lines and the heading lines just above them (lines with no date or time).
    func headingLines(above line: Int) -> [Int] {
        var result: [Int] = []
        var current = line - 1
        // Rows of the same list or table above (each a date of its own) share the headings above the first.
        let shape = text.lines[line].isEmpty ? nil : Self.rowShape(text.scalars[text.lines[line].lowerBound])
        while current >= 0, line - current <= 24, lineHasDateOrTime(current), let shape,
            Self.rowShape(text.scalars[text.lines[current].lowerBound]) == shape {
            current -= 1
        }
        while current >= 0, result.count < 3, !lineHasDateOrTime(current) {
            result.append(current)
            current -= 1
        }
        return result
    }

    /// What a list's or table's row starts with: a digit, |, or its bullet.
    static func rowShape(_ first: Unicode.Scalar) -> Unicode.Scalar {
        ReaderText.isDigit(first) ? "0" : ReaderText.isJapanese(first) && !"・●■□◆◇○※".unicodeScalars.contains(first) ? "あ" : first
    }

    /// The window's own lines, the plain heading lines just above them, and the headings that
    /// govern them (■停止予定日時 above a list makes each of its dates 予定).
    func contextTokens(_ lines: ClosedRange<Int>, around source: Range<Int>? = nil) -> [Token] {
        let above = headingLines(above: lines.lowerBound)
        let governing = outline.governing[lines.lowerBound].filter { !above.contains($0) && outline.headings[$0]?.mark != .question }
        // The window's own lines, but no further than a clause's reach from it on a very long line.
        var own = text.lines[lines.lowerBound].lowerBound..<text.lines[lines.upperBound].upperBound
        if let source {
            own = max(own.lowerBound, source.lowerBound - DocumentOutline.reach)..<min(own.upperBound, source.upperBound + DocumentOutline.reach)
        }
        return (governing + above).flatMap { lineTokens($0...$0).prefix(64) } + Array(tokens(in: own))
    }

    /// Whether words for a stop stand near a window: on its lines, the line just above or the
    /// line just after (…から再開します) for whole days (a range of dates is as often a closure
    /// or a deadline), and for a timed window also further up or in the title.
    func saysSomethingStops(_ lines: ClosedRange<Int>, wholeDays: Bool) -> Bool {
        func hasImpact(_ range: ClosedRange<Int>) -> Bool {
            lineTokens(range).contains(where: \.isImpact)
        }
        let near = max(0, lines.lowerBound - 1)
        if hasImpact(near...lines.upperBound) { return true }
        // A short label under the dates (影響を受ける患者】, 停止します) still speaks of them.
        if lines.upperBound + 1 < text.lines.count, text.lines[lines.upperBound + 1].count <= 20,
            hasImpact((lines.upperBound + 1)...(lines.upperBound + 1)) { return true }
        // A heading that names a stop (■停止日, １．作業日時 under a stop's title) governs every date under it.
        if outline.governing[lines.lowerBound].contains(where: { hasImpact($0...$0) || Self.namesAStopTime(text.lineText($0)) }) { return true }
        if lines.upperBound + 1 < text.lines.count, lineTokens((lines.upperBound + 1)...(lines.upperBound + 1)).contains(where: { $0.kind == .resumes }) {
            return true
        }
        // The new value of a change (変更後, 訂正後) is what the notice's stop became.
        if lineTokens(lines).contains(where: { $0.kind == .replacement }),
            tokens.contains(where: \.isImpact) { return true }
        if wholeDays { return false }
        return hasImpact(max(0, lines.lowerBound - 8)...lines.upperBound) || hasImpact(0...min(4, text.lines.count - 1))
    }

    /// 停止日時, 作業日時, メンテナンス日時, 停止期間: a heading that says its dates are the stop's.
    static func namesAStopTime(_ line: String) -> Bool {
        ["停止日", "停止期間", "停止時間", "作業日", "作業期間", "作業時間", "メンテナンス日", "メンテナンス期間", "休止期間", "休止日", "影響期間", "実施日時", "日時"]
            .contains(where: line.contains)
    }

    /// The nearest heading above that names a kind of stop — (1)長時間の通信断 — without its
    /// number and its bracketed aside; nil when the nearest heading names a time (停止日時) or a
    /// subject (…について) instead.
    func wording(above line: Int) -> String? {
        // A table's header row (No. | 停止日 | 停止時間 | 備考) names its columns, not the stop.
        for above in stride(from: line - 1, through: max(0, line - 8), by: -1) where !lineHasDateOrTime(above) && !outline.headerLines.contains(above) {
            // A question (Q1 いつ停止しますか。) is not a name.
            let said = text.lineText(above)
            if outline.headings[above]?.mark == .question || said.hasSuffix("か。") || said.hasSuffix("か?") || said.hasSuffix("?") { continue }
            let tokens = lineTokens(above...above)
            guard tokens.contains(where: \.isImpact) else { continue }
            var name = Substring(text.lineText(above))
            while let first = name.first, "()（）0123456789.、. ■●◆□◇・-【】".contains(first) { name = name.dropFirst() }
            let cut = String(name.prefix { !"(（:：".contains($0) }).trimmingCharacters(in: .whitespaces)
            let namesWhen = ["日時", "期間", "日程", "時間帯", "について", "お知らせ", "予定"].contains { cut.contains($0) }
            return (2...16).contains(cut.count) && !namesWhen ? cut : nil
        }
        return nil
    }

    /// What the nearest words for what stops say: on the window's own lines first, then the
    /// sentences after it (閲覧機能のみ停止します。資格確認は通常どおり), then line by line above it
    /// (a heading such as (2)数分間の通信断 rules the windows under it). 断続・数分・瞬断 make it
    /// intermittent, 一部 or のみ partial, something that still works beside a stop partial;
    /// otherwise an outage. `read` is false when no word said it.
    /// `runOn`: the window's own sentence where it runs on past its lines (「…17時まで\n原則…受け入れを
    /// 行いません。」), read as its own words.
    func kind(_ lines: ClosedRange<Int>, runOn: [Token] = [], following: [Token] = []) -> (kind: WindowKind, read: Bool) {
        func kinds(_ tokens: some Sequence<Token>) -> [WindowKind] {
            tokens.compactMap { token -> WindowKind? in
                if case .impact(let kind) = token.kind { return kind }
                return nil
            }
        }
        if lineTokens(lines).contains(where: { $0.kind == .whole }) { return (.outage, true) }
        let own = kinds(lineTokens(lines)) + kinds(runOn)
        if own.contains(.intermittent) { return (.intermittent, true) }
        if own.contains(.partial) { return (.partial, true) }
        let after = kinds(following)
        if after.contains(.intermittent) { return (.intermittent, true) }
        // A 制限 after a window its own words call a stop is as often the next section's (面会制限).
        let afterPartial = following.contains { $0.kind == .impact(.partial) && (text.text($0.range) != "制限" || !own.contains(.outage)) }
        if afterPartial || ((!own.isEmpty || !after.isEmpty) && following.contains { $0.kind == .works }) { return (.partial, true) }
        if own.contains(.outage) { return (.outage, true) }
        for above in stride(from: lines.lowerBound - 1, through: max(0, lines.lowerBound - 8), by: -1) {
            let found = kinds(lineTokens(above...above))
            if found.contains(.intermittent) { return (.intermittent, true) }
            if found.contains(.partial) { return (.partial, true) }
            if found.contains(.outage) { return (.outage, true) }
        }
        if after.contains(.outage) { return (.outage, true) }
        return (.outage, false)
    }

    /// Region and prefecture names on the window's line before it, else on a line of its list
    /// labelled as the area (対象地域：北海道、青森県…), else in its headings, else nationwide.
    func scope(_ lines: ClosedRange<Int>, before offset: Int) -> [ScopeItem] {
        let own = text.text(text.lines[lines.lowerBound].lowerBound..<offset)
        let headings = headingLines(above: lines.lowerBound).map(text.lineText)
        for candidate in [own] + areaLines(near: lines) + headings {
            var items: [ScopeItem] = []
            for region in regions.regions where candidate.contains(region.name) { items.append(.region(region.id)) }
            for prefecture in Prefecture.all where candidate.contains(prefecture.name) && !items.contains(.prefecture(prefecture)) {
                items.append(.prefecture(prefecture))
            }
            if candidate.contains("全国") { return [.nationwide] }
            if !items.isEmpty { return items }
        }
        return [.nationwide]
    }

    /// The labels that say a line names the area a stop covers.
    static let areaLabels = ["対象地域", "対象エリア", "対象区域", "対象都道府県", "停止地域", "停止エリア", "地域", "エリア"]

    /// Lines beside the window's, in its list (up to a blank line, at most six away, nearest
    /// first), that are labelled as its area: 「対象地域：北海道、青森県、岩手県」. A letter that
    /// lists the prefectures means them, though its title says 東日本.
    func areaLines(near lines: ClosedRange<Int>) -> [String] {
        var found: [String] = []
        for step in 1...6 {
            for line in [lines.upperBound + step, lines.lowerBound - step] where line >= 0 && line < text.lines.count {
                let said = text.lineText(line).trimmingCharacters(in: .whitespaces)
                guard let label = Self.areaLabels.first(where: { said.hasPrefix($0) }) else { continue }
                let rest = said.dropFirst(label.count).drop { $0 == " " || $0 == "　" }
                guard let mark = rest.first, "：:".contains(mark) else { continue }
                // Stop at a blank line between: another paragraph's area is not this list's.
                let between = line > lines.upperBound ? (lines.upperBound + 1)..<line : (line + 1)..<lines.lowerBound
                guard !between.contains(where: { text.lineText($0).trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
                found.append(String(rest.dropFirst()))
            }
        }
        return found
    }

    func snippet(_ range: Range<Int>) -> String {
        text.text(max(0, range.lowerBound - 10)..<min(text.scalars.count, range.upperBound + 10)).replacingOccurrences(of: "\n", with: " ")
    }

    /// 「請求書の手動郵送機能がご利用いただけません」「…を取得する機能が利用できません」: a function
    /// named by what it does stops, not the system (「全機能」「各種機能」「〇〇の機能」 are the whole).
    static func namesOneFunction(_ said: String) -> Bool {
        // A regular expression is made for each call: only where 機能 stands.
        guard said.unicodeScalars.contains("機") else { return false }
        return said.range(of: "[^の全各種、・\\s]機能(が|は)(ご)?(利用|使用)(いただけ|でき|出来)(ません|なく)", options: .regularExpression) != nil
    }

    /// The notice's own general hedge and partial qualifier, from sentences that name no date.
    func noticeQualifiers() -> (hedge: String?, partial: String?, intermittent: String?, openEnd: String?) {
        var hedge: String?, partial: String?, intermittent: String?, openEnd: String?
        // The parts of each sentence that stand on lines naming no day (a sentence run on from a
        // window's line counts from the next line on).
        var parts: [Range<Int>] = []
        var offset = 0
        while offset < text.scalars.count {
            let clause = outline.clause(of: offset..<(offset + 1))
            offset = max(clause.upperBound, offset + 1)
            var part: Range<Int>?
            for line in text.line(of: clause.lowerBound)...text.line(of: max(clause.lowerBound, clause.upperBound - 1)) {
                let piece = max(clause.lowerBound, text.lines[line].lowerBound)..<min(clause.upperBound, text.lines[line].upperBound + 1)
                if lineTokens(line...line).contains(where: { $0.isDay && piece.contains($0.range.lowerBound) }) {
                    if let done = part { parts.append(done) }
                    part = nil
                } else {
                    part = part.map { $0.lowerBound..<piece.upperBound } ?? piece
                }
            }
            if let done = part { parts.append(done) }
        }
        // 全医療機関様で同事象を確認, 全機能が停止: a sentence that says everything or everyone is hit
        // outweighs one that says only some are.
        var wholeSaid = false
        // 「一部の機能に限った停止ではございますが」: the stop itself said to be partial, which a
        // list naming one system's 全機能 among what stops does not outweigh.
        var partialStopSaid = false
        for part in parts {
            let words = clauseTokens(part)
            if words.contains(where: { $0.kind == .whole }) { wholeSaid = true }
            if !words.contains(where: { $0.kind == .negated || $0.kind == .whole }),
                let some = words.firstIndex(where: { $0.kind == .impact(.partial) && text.text($0.range) == "一部" }),
                words[some...].contains(where: { $0.kind == .impact(.outage) }) {
                partialStopSaid = true
            }
            // A month alone (3月の第3日曜日) names no day: the sentence still speaks of the notice's windows.
            guard !words.isEmpty, !words.contains(where: \.isDay) else { continue }
            let said = text.text(part)
            let stops = words.contains(where: \.isImpact)
            // 「作業が早く終わった場合、5:00より前に利用を再開することがあります」: a condition that may move the times.
            // (Looked at only where 場 stands: most sentences of a long letter have none.)
            let flat = said.unicodeScalars.contains("場") ? said.filter { !$0.isWhitespace } : ""
            let mayHappen = flat.contains("場合") && ["ことがあります", "ことがございます", "場合があります", "場合がございます"].contains(where: flat.contains)
            if hedge == nil, words.contains(where: { $0.kind == .hedge || $0.kind == .approximate }) || (stops && words.contains { $0.kind == .tentative }) || mayHappen,
                ["時刻", "時間", "終了", "開始", "延長", "前後", "早まる", "遅れる", "日程", "作業", "瞬断", "停止", "中断"].contains(where: said.contains) {
                hedge = said
            }
            if partial == nil, !words.contains(where: { $0.kind == .negated }),
                // 制限 far from any window is as often a rule of use (利用時間制限を設けます) as a stop's degree.
                words.contains(where: { ($0.kind == .impact(.partial) && text.text($0.range) != "制限") || $0.kind == .except })
                    || (words.contains { $0.kind == .only } && words.contains { $0.kind == .works }) || Self.namesOneFunction(said) {
                partial = said
            }
            // 復旧の見込みは立っておりません, 再開時期は未定: of recovery, not 決まり次第お知らせ.
            if openEnd == nil, !words.contains(where: { $0.kind == .negated }),
                words.contains(where: { $0.kind == .openEnd && ["見込", "見通", "目処", "目途", "めど", "未定", "復旧次第", "当面", "当分"].contains(where: text.text($0.range).contains) }) {
                openEnd = said
            }
            if intermittent == nil, !words.contains(where: { $0.kind == .negated }),
                // 瞬断, 断続, 数分: the stops themselves are short (not つながりにくい after the work is over).
                words.contains(where: { $0.kind == .impact(.intermittent) && ["瞬断", "断続", "数分"].contains(text.text($0.range)) })
                    || (said.unicodeScalars.contains("回") && said.unicodeScalars.contains("分")
                        && said.range(of: "[0-9０-９一二三四五六七八九十数]+分(間|程度)?の[^。]*(停止|中断|断)[^。]*[0-9０-９一二三四五六七八九十数]+回", options: .regularExpression) != nil) {
                intermittent = said
            }
        }
        return (hedge, wholeSaid && !partialStopSaid ? nil : partial, intermittent, openEnd)
    }
}
