import Foundation

/// A notice's text as the reader sees it: NFKC-normalised (full-width digits and punctuation,
/// ⽇ and other compatibility forms folded), every Unicode decimal digit made ASCII, control
/// characters gone, lines trimmed and kept apart. One index space: offsets into `scalars`.
struct ReaderText {
    /// The text, one scalar per offset; lines end in "\n".
    let scalars: [Unicode.Scalar]
    /// For each line: the offset where it starts, and where it ends (its "\n").
    let lines: [Range<Int>]

    init(_ raw: String) {
        var out: [Unicode.Scalar] = []
        var lines: [Range<Int>] = []
        for line in raw.precomposedStringWithCompatibilityMapping.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var scalars: [Unicode.Scalar] = []
            var blanks = 0
            var tab = false
            for scalar in ReaderText.unquoted(line.unicodeScalars) {
                if scalar == "\t" || scalar == " " || scalar == "\u{3000}" {
                    blanks += 1
                    tab = tab || scalar == "\t"
                    continue
                }
                if blanks > 0 {
                    // A tab or a run of blanks inside a line is a column boundary (a table as
                    // pdftotext or a mail lays it out); a single blank is a word space.
                    scalars.append(!scalars.isEmpty && (tab || blanks >= 2) ? "|" : " ")
                    blanks = 0
                    tab = false
                }
                if let digit = ReaderText.asciiDigit(scalar) {
                    scalars.append(digit)
                } else if scalar == "│" || scalar == "┃" || scalar == "║" {
                    // A box-drawn table's rule (│変更後│令和8年11月21日…│) is a column boundary.
                    scalars.append("|")
                } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0xFEFF {
                    continue
                } else {
                    scalars.append(scalar)
                }
            }
            let closed = ReaderText.closeUp(scalars)
            guard !closed.isEmpty else { continue }
            let start = out.count
            out += closed
            lines.append(start..<out.count)
            out.append("\n")
        }
        self.scalars = out
        self.lines = lines
    }

    /// A line without the quote marks of a mail reply (`> > 停止日時…`).
    static func unquoted(_ line: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var rest = line[...]
        while let first = rest.first(where: { $0 != " " && $0 != "\t" && $0 != "\u{3000}" }), first == ">" {
            rest = rest[rest.index(after: rest.firstIndex(of: ">")!)...]
        }
        return rest
    }

    /// Any Unicode decimal digit (Arabic-Indic ٣, Devanagari, mathematical forms …) as ASCII.
    static func asciiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard !scalar.isASCII, scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
            value >= 0, value <= 9
        else { return nil }
        return Unicode.Scalar(UInt8(48 + Int(value)))
    }

    /// Trims a line and removes spaces that only stand between Japanese characters or digits
    /// (令和 6 年 12 月, 日 薬 業 発): they carry no meaning in Japanese text.
    static func closeUp(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        let trimmed = line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        let chars = Array(trimmed)
        // 日 薬 業 発 第 3 6 2 号: a line set out letter by letter, digits included.
        let words = chars.split(separator: " ")
        let letterSpaced = words.count >= 4 && words.filter { $0.count == 1 }.count * 4 >= words.count * 3
        for (index, scalar) in chars.enumerated() {
            if scalar == " " {
                let before = out.last
                let after = chars[(index + 1)...].first { $0 != " " }
                if let before, let after, isJapanese(before) || isJapanese(after) || before == "|" || after == "|"
                    || (letterSpaced && isDigit(before) && isDigit(after)) { continue }
                if out.last == " " { continue }
            }
            out.append(scalar)
        }
        return out
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func isJapanese(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF: true
        default: false
        }
    }

    /// The line holding `offset`.
    func line(of offset: Int) -> Int {
        var low = 0, high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[max(0, range.lowerBound)..<min(scalars.count, range.upperBound)])
        return String(view)
    }

    func lineText(_ index: Int) -> String { text(lines[index]) }

    /// Where `word` ends when it stands at `offset`, read across the line breaks a wrapped
    /// text puts inside words (見込みは⏎立っておりません); nil when it does not stand there.
    func end(of word: [Unicode.Scalar], at offset: Int) -> Int? {
        var at = offset
        for (i, scalar) in word.enumerated() {
            if i > 0, at < scalars.count, scalars[at] == "\n", scalar != "\n" { at += 1 }
            guard at < scalars.count, scalars[at] == scalar else { return nil }
            at += 1
        }
        return at
    }

    /// Whether `word` stands at `offset`.
    func has(_ word: [Unicode.Scalar], at offset: Int) -> Bool {
        guard offset >= 0, offset + word.count <= scalars.count else { return false }
        for (i, s) in word.enumerated() where scalars[offset + i] != s { return false }
        return true
    }
}
