import Foundation

/// A date beside a link in a list of articles: 2025年1月20日, 令和7年1月20日, 2025/01/20,
/// 2025.01.20, 2025-01-20.
enum ListingDate {
    static let pattern = try? NSRegularExpression(pattern: #"((?:19|20)\d\d|令和\s*(?:元|\d{1,2}))\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}日?"#)

    static func first(in text: String) -> String? {
        let folded = text.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? text
        guard let pattern, let match = pattern.firstMatch(in: folded, range: NSRange(folded.startIndex..., in: folded)),
            let range = Range(match.range, in: folded)
        else { return nil }
        return String(folded[range])
    }

    /// The year of a listing's date (a feed's `2027-02-01T…`, `Mon, 01 Feb 2027`, 令和9年…).
    static func year(_ text: String?) -> Int? {
        guard let text else { return nil }
        if let range = text.range(of: "令和") {
            let rest = text[range.upperBound...].drop { $0 == " " }
            if rest.hasPrefix("元") { return 2019 }
            if let number = Int(rest.prefix { $0.isNumber }) { return 2018 + number }
        }
        return text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.first { (2000...2100).contains($0) }
    }
}
