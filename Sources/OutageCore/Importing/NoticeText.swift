import Foundation

/// A notice's text made regular: full-width digits and punctuation folded (NFKC), lines that a
/// PDF wrapped joined again, letter-spaced headings (日 薬 業 発) closed up. Keeps where each
/// piece came from, so the report can quote it.
struct NoticeText {
    /// Non-empty lines, NFKC-normalised and trimmed.
    let lines: [String]
    /// All lines joined without separators (Japanese has no spaces between words), with spaces
    /// next to Japanese characters removed.
    let joined: String

    init(_ raw: String) {
        var normalized = raw.precomposedStringWithCompatibilityMapping
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{0C}", with: "\n")
        // Other control characters (stray bytes of a PDF extraction) carry no meaning and
        // could not stand in a YAML file: they go (found by fuzzing the importer).
        // Every decimal digit ASCII (٣, ३ …), as the reader sees them: Int() reads only ASCII.
        normalized = String(String.UnicodeScalarView(normalized.unicodeScalars.map { ReaderText.asciiDigit($0) ?? $0 }))
        // The same characters the loader refuses in a notice file (bidi controls too: found by
        // fuzzing, a U+2067 from a letter reached the draft's guidance), so that a draft loads back.
        normalized.unicodeScalars.removeAll { scalar in
            (Fields.isForbidden(scalar) && scalar != "\n" && scalar != "\t") || scalar.properties.generalCategory == .surrogate
                || scalar.value == 0xFEFF
        }
        lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
            .map { NoticeText.closeUp($0.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.isEmpty }
        joined = NoticeText.join(lines)
    }

    /// Joins wrapped lines: nothing between Japanese text, nor inside a URL cut by a wrap.
    static func join(_ lines: [String]) -> String {
        var text = ""
        var end = TrailingRun()
        for line in lines {
            if let last = text.last, let first = line.first, last.isASCIIWordish, first.isASCIIWordish, !text.hasSuffix("-"),
                !end.holdsURL {
                text += " "
                end.take(" ")
            }
            text += line
            for character in line { end.take(character) }
        }
        return text
    }

    /// The text's last run of ASCII without spaces, as far as ``join(_:)`` needs it: whether it
    /// holds `http` (the text ends in an address, which a line break must not cut with a space). Kept as the text grows, a character at a time: searching the whole text
    /// backwards for `http` at each line made 100 KB of 「3:00」 lines take 38 s.
    struct TrailingRun {
        private(set) var holdsURL = false
        /// The run's last four characters, to see an `http` that ends at the next one.
        private var last: [Character] = []

        mutating func take(_ character: Character) {
            guard character != " ", character.isASCII else {
                holdsURL = false
                last.removeAll(keepingCapacity: true)
                return
            }
            if last.count == 4 { last.removeFirst() }
            last.append(character)
            if last == ["h", "t", "t", "p"] { holdsURL = true }
        }
    }

    /// Removes spaces next to Japanese characters, and inside letter-spaced numbers (3 6 2 号).
    static func closeUp(_ line: String) -> String {
        let characters = Array(line)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character == " " || character == "\u{3000}" {
                let before = index > 0 ? characters[index - 1] : " "
                let after = index + 1 < characters.count ? characters[index + 1] : " "
                if before.isJapanese || after.isJapanese || (before.isNumber && after.isNumber && NoticeText.isLetterSpaced(characters)) {
                    continue
                }
                if out.last == " " { continue }
            }
            out.append(character)
        }
        return out
    }

    /// A line set out as 日 薬 業 発 第 3 6 2 号: single characters between spaces.
    static func isLetterSpaced(_ characters: [Character]) -> Bool {
        let words = String(characters).split(separator: " ")
        return words.count >= 4 && words.filter { $0.count == 1 }.count * 4 >= words.count * 3
    }
}

extension Character {
    var isJapanese: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF: return true
        default: return false
        }
    }

    var isASCIIWordish: Bool { isASCII && (isLetter || isNumber) }
}
