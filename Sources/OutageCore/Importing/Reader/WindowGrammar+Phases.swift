import Foundation
import Civil

/// Phases of one window said in times without a date: 「22時から翌6時までは全ての機能が停止しますが、
/// 6時から8時までは閲覧のみ停止します」 splits the window 22:00–8:00 into an outage and a partial stop.
extension WindowGrammar {
    /// A time range with no date of its own (22時から翌6時まで), with the words that follow it up to the
    /// next time (what stops then).
    struct Phase {
        var start: TimeToken
        var end: TimeToken
        var endNextDay: Bool
        var tokens: ClosedRange<Int>
        var kind: WindowKind
        var words: String
    }

    static let phaseLimit = 24

    /// Every time range with no date of its own (drafted or not: a time under a date may have been
    /// read as a window of that date), with the kind its own words give.
    func loosePhases() -> [Phase] {
        var phases: [Phase] = []
        var i = 0
        while i + 2 < tokens.count {
            guard case .time(let from) = tokens[i].kind, tokens[i + 1].kind == .rangeSeparator,
                i == 0 || !(tokens[i - 1].isDate || tokens[i - 1].weekdayValue != nil) else {
                i += 1
                continue
            }
            var j = i + 2
            var nextDay = false
            if case .date(let date) = tokens[j].kind, date.relativeDays == 1, j + 1 < tokens.count {
                nextDay = true
                j += 1
            }
            guard case .time(let to) = tokens[j].kind,
                tokens[j].range.lowerBound - tokens[i].range.upperBound <= 8 else {
                i += 1
                continue
            }
            // What stops then: the words after it, up to the next time or the clause's end.
            let clause = outline.clause(of: tokens[i].range)
            var k = j + 1
            var said: [Token] = []
            while k < tokens.count, tokens[k].range.lowerBound < clause.upperBound {
                if case .time = tokens[k].kind { break }
                if tokens[k].isDate { break }
                said.append(tokens[k])
                k += 1
            }
            let kind: WindowKind?
            if said.contains(where: { $0.kind == .whole }) {
                kind = .outage
            } else if said.contains(where: { $0.kind == .impact(.intermittent) }) {
                kind = .intermittent
            } else if said.contains(where: { $0.kind == .impact(.partial) || $0.kind == .only }) {
                kind = .partial
            } else if said.contains(where: { $0.kind == .impact(.outage) }) {
                kind = .outage
            } else {
                kind = nil
            }
            if let kind {
                let words = text.text(tokens[i].range.lowerBound..<(said.last?.range.upperBound ?? tokens[j].range.upperBound))
                phases.append(Phase(start: from, end: to, endNextDay: nextDay, tokens: i...j, kind: kind, words: words))
            }
            i = j + 1
        }
        return phases
    }

    /// Splits each drafted window that loose phases cover exactly, end to end, into those phases
    /// (two or more; the first starting at the window's start and the last ending at its end).
    /// Returns the token indices the phases used and the text each phase was read from (a window
    /// drafted from those words alone is the phase said again).
    func splitPhases(_ windows: inout [FoundWindow], readings: inout [DateReading]) -> (tokens: Set<Int>, spans: [Range<Int>]) {
        let phases = loosePhases()
        // Phases are a few sentences about one or two windows; dozens of loose ranges are a table
        // of their own (and pairing every window with every range would grow as their product).
        guard phases.count >= 2, phases.count <= Self.phaseLimit, windows.count <= Self.phaseLimit else { return ([], []) }
        var used = Set<Int>()
        var spans: [Range<Int>] = []
        var i = 0
        while i < windows.count {
            guard case .timed(let from, .some(let to)) = windows[i].timing,
                !phases.contains(where: { phase in windows[i].source.contains(tokens[phase.tokens.lowerBound].range.lowerBound) }) else {
                i += 1
                continue
            }
            let day = JST.day(from)
            var placed: [(start: Date, end: Date, phase: Phase)] = []
            for phase in phases {
                var start = instant(day, phase.start)
                if start < from { start = start.addingTimeInterval(86_400) }
                var end = instant(phase.endNextDay ? day.next : day, phase.end)
                while end <= start { end = end.addingTimeInterval(86_400) }
                if start >= from, end <= to { placed.append((start, end, phase)) }
            }
            placed.sort { $0.start < $1.start }
            let joined = zip(placed, placed.dropFirst()).allSatisfy { $0.end == $1.start }
            guard placed.count >= 2, joined, placed.first?.start == from, placed.last?.end == to,
                Set(placed.map(\.phase.kind)).count >= 2 else {
                i += 1
                continue
            }
            let window = windows[i]
            var parts: [FoundWindow] = []
            for part in placed {
                var copy = window
                copy.timing = .timed(start: part.start, end: part.end)
                copy.kind = part.phase.kind
                copy.whole = part.phase.kind == .outage
                copy.checks.append("a phase of the window '\(window.words)', from '\(part.phase.words)'")
                parts.append(copy)
                for token in part.phase.tokens { used.insert(token) }
                spans.append(tokens[part.phase.tokens.lowerBound].range.lowerBound..<tokens[part.phase.tokens.upperBound].range.upperBound)
            }
            windows.replaceSubrange(i...i, with: parts)
            for r in readings.indices {
                if let w = readings[r].window, w > i { readings[r].window = w + parts.count - 1 }
            }
            i += parts.count
        }
        return (used, spans)
    }
}
