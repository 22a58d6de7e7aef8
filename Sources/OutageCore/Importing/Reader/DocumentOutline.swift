/// A notice's structure, read from its lines before any date is: headings and the lines they
/// govern, table rows with their cells and the header that names their columns. Same index
/// space as ``ReaderText``: line numbers and scalar offsets.
struct DocumentOutline {
    /// What a heading's mark is, so that a heading ends at the next of its own kind (or of a
    /// kind that stands above it).
    enum Mark: Hashable {
        /// ■ □ ● ○ ◆ ◇ ▼ ▽ ◎ ★ ☆ ◯ ◼ ▶ ▪, each its own kind.
        case symbol(Unicode.Scalar)
        /// 【…】 or [ … ] at the start of a line.
        case bracket
        /// 1. １． 1)
        case numbered
        /// (1) （１）
        case parenthesised
        /// ① ②
        case circled
        /// 一、 二、
        case kanji
        /// 第1 第一
        case chapter
        /// 記 … 以上
        case record
        /// Q1, Q.
        case question
        /// A short line ending in a colon: 停止日時：
        case label
    }

    struct Heading {
        let line: Int
        let mark: Mark
    }

    /// A column of a table, as its header cell names it.
    enum Column: Equatable {
        case date, start, end, other
        /// A change's columns: 誤 / 変更前 (the old value) and 正 / 変更後 (the new), each row
        /// naming what it gives (停止開始, 停止終了).
        case old, new
    }

    struct Row {
        /// Each cell's offsets (without the | between cells).
        var cells: [Range<Int>]
        /// The columns the header above names, cell by cell; empty when there is no header.
        var columns: [Column]
    }

    let text: ReaderText
    /// The heading each line is, if any.
    private(set) var headings: [Int: Heading] = [:]
    /// For each line, the heading lines that govern it, outermost first (its own line excluded).
    private(set) var governing: [[Int]] = []
    /// Table rows by line.
    private(set) var rows: [Int: Row] = [:]
    /// Lines that hold a date or a time.
    private(set) var datedLines: Set<Int> = []
    /// Header rows of tables (日付 | 開始 | 終了; 項目 | 変更前 | 変更後): they name columns, they
    /// do not head what stands under them.
    private(set) var headerLines: Set<Int> = []

    static let symbols: Set<Unicode.Scalar> = ["■", "□", "●", "○", "◆", "◇", "▼", "▽", "◎", "★", "☆", "◯", "◼", "▶", "▪", "◉", "◦"]

    init(_ text: ReaderText, hasDateOrTime: (Int) -> Bool) {
        self.text = text
        var stack: [Heading] = []
        var header: [Column] = []
        var lastRow = -2
        for index in text.lines.indices {
            let line = Array(text.scalars[text.lines[index]])
            let dated = hasDateOrTime(index)
            if dated { datedLines.insert(index) }
            let mark = Self.mark(of: line, hasDateOrTime: dated)
            // A heading of a kind already open closes it and everything under it.
            if let mark {
                if mark == .record && line.count > 1 { stack.removeAll() }
                if let open = stack.firstIndex(where: { $0.mark == mark }) { stack.removeSubrange(open...) }
            }
            if Self.isEnd(line) { stack.removeAll() }
            governing.append(stack.map(\.line))
            // A mark before dates on the same line (【変更前】7月4日…, (1)2026年9月12日…) labels that
            // line only; a mark on a line of words heads the lines under it.
            if let mark, !dated {
                let heading = Heading(line: index, mark: mark)
                headings[index] = heading
                stack.append(heading)
            }
            // Tables: cells between | (or a tab, or a run of blanks, which ReaderText made |).
            let cells = Self.cells(of: text.lines[index], in: text)
            if cells.count >= 2 {
                if lastRow != index - 1 { header = [] }
                let isSeparator = line.allSatisfy { "|-:= ".unicodeScalars.contains($0) }
                if isSeparator {
                    lastRow = index
                    continue
                }
                if !hasDateOrTime(index) {
                    let named = cells.map { Self.column(text.text($0)) }
                    if named.contains(where: { $0 != .other }) {
                        header = named
                        headerLines.insert(index)
                    }
                } else {
                    rows[index] = Row(cells: cells, columns: header)
                }
                lastRow = index
            }
        }
    }

    /// The heading mark a line starts with, when it is one.
    static func mark(of line: [Unicode.Scalar], hasDateOrTime: Bool) -> Mark? {
        guard let first = line.first else { return nil }
        if line == ["記"] { return .record }
        if symbols.contains(first) { return .symbol(first) }
        if first == "【" || first == "[" || first == "〔" || first == "<" || first == "《" { return .bracket }
        if "①②③④⑤⑥⑦⑧⑨⑩".unicodeScalars.contains(first) { return .circled }
        if first == "Q" || first == "q", line.count > 1, ReaderText.isDigit(line[1]) || line[1] == "." || line[1] == " " { return .question }
        if first == "第", line.count > 2, ReaderText.isDigit(line[1]) || "一二三四五六七八九十".unicodeScalars.contains(line[1]) { return .chapter }
        if first == "(" {
            var at = 1
            while at < line.count, ReaderText.isDigit(line[at]) { at += 1 }
            if at > 1, at < line.count, line[at] == ")" { return .parenthesised }
        }
        if ReaderText.isDigit(first) {
            var at = 0
            while at < line.count, ReaderText.isDigit(line[at]) { at += 1 }
            // 1. 1) 1、 but not 1.5 or 12/31 or 2026.7.4
            if at <= 2, at < line.count, [".", ")", "、"].contains(line[at]), at + 1 >= line.count || !ReaderText.isDigit(line[at + 1]) {
                return .numbered
            }
        }
        if "一二三四五六七八九十".unicodeScalars.contains(first), line.count > 1, line[1] == "、" { return .kanji }
        if !hasDateOrTime, line.count <= 20, let last = line.last, last == ":" { return .label }
        return nil
    }

    /// 以上, alone on its line, closes a 記 block and every heading in it.
    static func isEnd(_ line: [Unicode.Scalar]) -> Bool { line == Array("以上".unicodeScalars) }

    static func cells(of line: Range<Int>, in text: ReaderText) -> [Range<Int>] {
        guard text.scalars[line].contains("|") else { return [] }
        var cells: [Range<Int>] = []
        var start = line.lowerBound
        for offset in line where text.scalars[offset] == "|" {
            if offset > start { cells.append(start..<offset) }
            start = offset + 1
        }
        if line.upperBound > start { cells.append(start..<line.upperBound) }
        return cells
    }

    static func column(_ name: String) -> Column {
        let bare = name.trimmingCharacters(in: .whitespaces)
        if ["誤", "旧", "変更前", "訂正前", "修正前", "旧日程", "【誤】", "(誤)"].contains(bare) { return .old }
        if ["正", "新", "変更後", "訂正後", "修正後", "新日程", "【正】", "(正)"].contains(bare) { return .new }
        if ["終了", "再開", "まで", "復旧"].contains(where: name.contains) { return .end }
        if ["開始", "から", "停止時刻", "時間"].contains(where: name.contains) { return .start }
        if ["日付", "日程", "停止日", "実施日", "作業日", "月日", "日"].contains(where: name.contains) { return .date }
        return .other
    }

    /// The cell of a table row that holds `offset`, and its column.
    func cell(at offset: Int, line: Int) -> (index: Int, column: Column)? {
        guard let row = rows[line], let index = row.cells.firstIndex(where: { $0.contains(offset) }) else { return nil }
        return (index, index < row.columns.count ? row.columns[index] : .other)
    }

    /// The sentence (clause) that holds `range`: from the 。 before it, or its line's start, to
    /// the 。 after it, or its line's end; a line that does not end a sentence runs on into the
    /// next when that is plain text.
    /// A clause is at most `reach` scalars either side of what it holds: a line of thousands of
    /// dates without a 。 is no sentence, and every date's words must be found in bounded time.
    static let reach = 240

    func clause(of range: Range<Int>) -> Range<Int> {
        let s = text.scalars
        let line = text.line(of: range.lowerBound)
        var start = range.lowerBound
        while start > text.lines[line].lowerBound, s[start - 1] != "。", range.lowerBound - start < Self.reach { start -= 1 }
        var end = range.upperBound
        var current = text.line(of: max(range.lowerBound, range.upperBound - 1))
        while true {
            while end < text.lines[current].upperBound, s[end] != "。", end - range.upperBound < Self.reach { end += 1 }
            if end - range.upperBound >= Self.reach { return start..<end }
            if end < text.lines[current].upperBound { return start..<(end + 1) }
            // The line ends without 。: a wrapped sentence goes on into plain text on the next line,
            // unless the line ends in a date or time (a row of a list: 10月31日(火)23時50分~11月1日(水)5時00分).
            if let last = s[text.lines[current]].last, ReaderText.isDigit(last) || "分時)》".unicodeScalars.contains(last) {
                return start..<end
            }
            let next = current + 1
            guard next < text.lines.count, next - line < 3, headings[next] == nil, rows[next] == nil, rows[current] == nil,
                !datedLines.contains(next),
                let first = s[text.lines[next]].first, !"・-*※>".unicodeScalars.contains(first), s[text.lines[current]].last != ":"
            else { return start..<end }
            current = next
            end = text.lines[next].lowerBound
        }
    }
}
