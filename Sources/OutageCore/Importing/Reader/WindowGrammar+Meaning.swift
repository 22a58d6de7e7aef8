import Foundation
import Civil

/// What each date means: the rules an administrator reads a date's clause and section by.
extension WindowGrammar {
    /// What the words around a candidate say it is: the first rule that applies, in the order
    /// an administrator reads them (the section it stands in, a change, its own clause, the
    /// words of a stop).
    func classify(source: Range<Int>, lines: ClosedRange<Int>, clause: Range<Int>, context: [Token], timings: [WindowTiming],
                  asides: [(lines: Range<Int>, why: String)]) -> (DateReading.Meaning, String) {
        let firstLine = lines.lowerBound
        // The section: headings that govern the line (■変更前, ２．説明会, ■メンテナンス履歴).
        for heading in outline.governing[firstLine].reversed() + headingLines(above: firstLine) where !outline.headerLines.contains(heading) {
            let words = lineTokens(heading...heading)
            let said = text.lineText(heading)
            // A label (■変更前, 【中止】, ２．説明会) classes its section; a subject line
            // (…計画停止の一部中止・見送りについて) only names what the section is about.
            guard said.count <= 16, !said.contains("について"), !said.contains("のお知らせ") else { continue }
            if let token = words.first(where: { $0.kind == .replaced }) { return (.replaced, "under '\(said)' (\(text.text(token.range)))") }
            if words.contains(where: { $0.kind == .replacement }) { break }
            if let token = words.first(where: { $0.kind == .cancelled }) { return (.cancelled, "under '\(said)' (\(text.text(token.range)))") }
            if let reason = words.lazy.compactMap(\.notAWindowReason).first, reason != "already happened" {
                return (.otherPeriod, "under '\(said)' (\(reason))")
            }
        }
        // A list introduced by a sentence in the past (以下の日程で…実施されました), or a notice whose
        // title says it is over (※終了しました).
        for above in headingLines(above: firstLine) {
            if let word = lineTokens(above...above).first(where: { $0.notAWindowReason == "already happened" }) {
                return (.past, "under '\(text.lineText(above))' (\(text.text(word.range)))")
            }
        }
        if let title = text.lines.indices.first, title != firstLine,
            let word = lineTokens(title...title).first(where: { $0.notAWindowReason == "already happened" }) {
            return (.past, "the title says it is over (\(text.text(word.range)))")
        }
        if let aside = asides.first(where: { $0.lines.contains(firstLine) }) {
            return (aside.why == "history" ? .past : .reference, "in a section of \(aside.why)")
        }
        // The old column of a change's table (誤, 変更前).
        if let cell = outline.cell(at: source.lowerBound, line: firstLine), cell.column == .old {
            return (.replaced, "in the old value's column (誤 / 変更前) of its table")
        }
        // A change on the line: what stands before → (or after 【変更前】) is the old value.
        let own = lineTokens(lines)
        if let arrow = own.first(where: { $0.kind == .arrow && $0.range.lowerBound >= source.upperBound }),
            !own.contains(where: { $0.isDate && $0.range.lowerBound >= source.upperBound && $0.range.upperBound <= arrow.range.lowerBound }) {
            let after = own.filter { $0.range.lowerBound >= arrow.range.upperBound }
            // 「② 3月27日(土)22:00～5:00 → 中止」「① … → 予定どおり実施」: no new date or time
            // after the arrow, only what becomes of the window.
            if after.contains(where: { $0.isDate || $0.isTime }) {
                return (.replaced, "before '\(text.text(arrow.range))': the old value of a change")
            }
            if let token = after.first(where: { $0.kind == .cancelled }) { return (.cancelled, "'\(text.text(arrow.range)) \(text.text(token.range))' after it") }
            if let token = after.first(where: { $0.kind == .negated }) { return (.negated, "'\(text.text(arrow.range)) \(text.text(token.range))' after it") }
            // → 予定どおり実施: read on, as a window.
        }
        if let label = own.last(where: { ($0.kind == .replaced || $0.kind == .replacement) && $0.range.upperBound <= source.lowerBound }),
            label.kind == .replaced {
            return (.replaced, "after '\(text.text(label.range))'")
        }
        // Its own clause, the marker nearest to it (no other date between).
        let nearWords = nearest(clauseTokens(clause), to: source)
        // 「5月16日の作業で完了した場合、5月23日の停止は行いません」: a condition, not a negation (the
        // window stays, 予定; see ``conditionalDays``).
        let condition = conditionOffset(in: clause)
        let clauseWords = nearWords.filter { token in
            guard let condition, token.kind == .negated || token.kind == .cancelled || token.kind == .works else { return true }
            return token.range.lowerBound < condition
        }
        if let token = correctionWord(in: clause, near: source) {
            return (.replaced, "a correction (\(text.text(token.range))): the new value is applied to the window")
        }
        if let token = clauseWords.first(where: { $0.kind == .resumes }),
            !clauseWords.contains(where: \.isImpact) {
            return (.notAStop, "\(text.text(token.range)): the day it starts again, not a stop")
        }
        if let token = clauseWords.first(where: { $0.kind == .negated }),
            !clauseWords.contains(where: \.isImpact) {
            return (.negated, text.text(token.range))
        }
        if let token = clauseWords.first(where: { $0.kind == .works }),
            !clauseWords.contains(where: \.isImpact) {
            return (.negated, text.text(token.range))
        }
        // ② 7月10日(土)22:00～7月11日(日)6:00 / → 中止となりました。: what the arrow line under it says.
        let next = lines.upperBound + 1
        if next < text.lines.count, let first = text.scalars[text.lines[next]].first, first == "→" || first == "⇒" {
            let said = lineTokens(next...next)
            if let token = said.first(where: { $0.kind == .cancelled }) { return (.cancelled, text.text(token.range)) }
            if let token = said.first(where: { $0.kind == .negated }) { return (.negated, text.text(token.range)) }
        }
        if let token = clauseWords.first(where: { $0.kind == .cancelled }) ?? lineTokens(lines).first(where: {
            $0.kind == .cancelled && $0.range.lowerBound >= source.upperBound && $0.range.lowerBound - source.upperBound <= 3 }) {
            return (.cancelled, text.text(token.range))
        }
        if let token = clauseWords.first(where: { $0.kind == .past || $0.notAWindowReason == "already happened" }) {
            return (.past, text.text(token.range))
        }
        // Another kind of period: said in its own clause, or by a label above it (受付時間, ■説明会);
        // a sentence above that only mentions 掲載 or 受付 does not make the dates under it something else.
        let labels = (outline.governing[firstLine] + headingLines(above: firstLine)).filter { text.lines[$0].count <= 16 }
        let periodWords = labels.flatMap { lineTokens($0...$0) } + clauseWords
        if let reason = periodWords.lazy.compactMap({ $0.notAWindowReason }).first(where: { $0 != "already happened" }) {
            return (.otherPeriod, reason)
        }
        if !saysSomethingStops(lines, wholeDays: timings.allSatisfy { $0.isWholeDays }) {
            return (.notAStop, "nothing near it says a system stops (停止, メンテナンス, 利用できません …)")
        }
        if let backup = context.first(where: { $0.kind == .backup }) { return (.backup, text.text(backup.range)) }
        let stopWord = (context).first(where: \.isImpact)
            ?? outline.governing[firstLine].lazy.flatMap { self.lineTokens($0...$0) }.first(where: \.isImpact)
        return (.stop, stopWord.map { text.text($0.range) } ?? "a stop named in the letter's head")
    }

    /// Where 場合 stands in a clause that calls something off on a condition (…完了した場合、…停止は
    /// 行いません; 状況により中止する場合があります), if it does.
    func conditionOffset(in clause: Range<Int>) -> Int? {
        let said = text.scalars[clause]
        guard let at = said.indices.first(where: { $0 + 1 < clause.upperBound && said[$0] == "場" && said[$0 + 1] == "合" }) else { return nil }
        return clauseTokens(clause).contains { ($0.kind == .negated || $0.kind == .cancelled) && $0.range.lowerBound > at } ? at : nil
    }

    /// The days a condition hedges: those its clause names outside the part that states the
    /// condition (「5月16日の作業で完了した場合」 states it; 「5月23日の停止は行いません」 is what may
    /// not happen). A window on such a day is 予定.
    func conditionalDays() -> [(day: CivilDate, words: String)] {
        var days: [(CivilDate, String)] = []
        for (index, token) in tokens.enumerated() {
            guard let date = dates[index], case .date = token.kind else { continue }
            let clause = outline.clause(of: token.range)
            guard let at = conditionOffset(in: clause) else { continue }
            // The condition's own part: from the 、 (or the clause's start) before 場合 to 場合.
            var from = at
            while from > clause.lowerBound, text.scalars[from - 1] != "、" { from -= 1 }
            guard !(from..<at).contains(token.range.lowerBound) else { continue }
            days.append((date, text.text(clause)))
        }
        return days
    }

    /// The tokens of a clause that concern `source`: those with no other date between them and it
    /// (one pass: the dates just before and just after it bound what belongs to it).
    func nearest(_ clause: [Token], to source: Range<Int>) -> [Token] {
        var low = Int.min, high = Int.max
        for token in clause where token.isDate && !source.contains(token.range.lowerBound) {
            if token.range.upperBound <= source.lowerBound { low = max(low, token.range.upperBound) }
            if token.range.lowerBound >= source.upperBound { high = min(high, token.range.lowerBound) }
        }
        return clause.filter { $0.range.lowerBound >= low && $0.range.upperBound <= high }
    }

    /// 訂正 or 修正 in a clause that names no date (「終了時刻を5:00から6:00に訂正しました」): its times
    /// correct a window given elsewhere.
    func correctionWord(in clause: Range<Int>, near source: Range<Int>) -> Token? {
        let words = clauseTokens(clause)
        guard !words.contains(where: \.isDate) else { return nil }
        return nearest(words, to: source).first { $0.kind == .correction }
    }

    /// 「終了時刻を5:00から6:00に訂正しました」: the window whose end (or start) was the old time gets the new one.
    func applyCorrections(_ windows: inout [FoundWindow], readings: [DateReading]) {
        for reading in readings where reading.meaning == .replaced {
            let clause = outline.clause(of: reading.range)
            guard correctionWord(in: clause, near: reading.range) != nil else { continue }
            let times = clauseTokens(clause).compactMap { token -> TimeToken? in
                if case .time(let time) = token.kind { return time }
                return nil
            }
            guard times.count == 2 else { continue }
            let said = text.text(clause)
            let endOnly = said.contains("終了"), startOnly = said.contains("開始")
            for i in windows.indices {
                guard case .timed(let from, let to) = windows[i].timing else { continue }
                if !startOnly, let to, JST.civil(to).hour == times[0].hour % 24, JST.civil(to).minute == times[0].minute {
                    let moved = to.addingTimeInterval(Double((times[1].hour - times[0].hour) * 3600 + (times[1].minute - times[0].minute) * 60))
                    windows[i].timing = .timed(start: from, end: moved)
                    windows[i].checks.append("end corrected by '\(said)'")
                } else if !endOnly, JST.civil(from).hour == times[0].hour % 24, JST.civil(from).minute == times[0].minute {
                    let moved = from.addingTimeInterval(Double((times[1].hour - times[0].hour) * 3600 + (times[1].minute - times[0].minute) * 60))
                    windows[i].timing = .timed(start: moved, end: to)
                    windows[i].checks.append("start corrected by '\(said)'")
                }
            }
        }
    }
}
