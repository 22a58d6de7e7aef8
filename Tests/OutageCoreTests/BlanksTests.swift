import Foundation
import Testing

@testable import OutageCore

@Suite("Trimming blanks without Foundation")
struct BlanksTests {
    /// Texts with every kind of blank at either end, inside, or nowhere: ideographic space
    /// (U+3000), no-break space, en space, tab, LF, CR, NEL, line separator; and a combining
    /// mark after a trailing space, which must not be cut off with it.
    static let texts = [
        "", " ", "\u{3000}", "福岡", " 福岡 ", "\u{3000}福岡県\u{3000}", "\t40\t", "\u{00A0}fukuoka\u{2002}",
        "\n前日17:00\r\n", "\u{0085}30m\u{2028}", "a b", " \n ", "x \u{0301}", "\u{200B}zero width\u{200B}",
    ]

    @Test("trimmingSpaces removes what CharacterSet.whitespaces removes", arguments: texts)
    func spaces(text: String) {
        #expect(String(text.trimmingSpaces()) == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("trimmingWhitespace removes what CharacterSet.whitespacesAndNewlines removes", arguments: texts)
    func whitespace(text: String) {
        #expect(String(text.trimmingWhitespace()) == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a prefecture is found through the blanks a notice puts around it")
    func prefecture() {
        #expect(Prefecture.find("\u{3000}福岡県\u{3000}")?.code == 40)
        #expect(Prefecture.find("\t13 ")?.code == 13)
        #expect(Prefecture.find("\u{3000}") == nil)
    }

    @Test("prefectures are equal, and hash, by their code")
    func identity() {
        let fukuoka = Prefecture.find(code: 40)!
        #expect(Set([fukuoka, Prefecture.find("福岡")!, Prefecture.find("fukuoka")!]).count == 1)
        #expect(Set(Prefecture.all).count == 47)
    }
}
