import Foundation
import Civil

/// The letters a forwarded notice is made of, each with its number, date, addressee and
/// sender, found from the letter heads: a number (日薬業発第362号, 事務連絡) and a date, then
/// the addressee (…殿, …御中), then the sender followed by a title or a ministry's name.
struct Letters {
    struct Letter {
        var issuer: String
        var number: String?
        var date: CivilDate?
        var dateText: String?
        var to: String?
    }

    /// Original first, as the notice file lists them.
    var chain: [Letter] = []
    /// The subject line of the original letter, without について(周知依頼).
    var title: String?

    // Constant patterns: a failure to compile one is a programming error the tests catch (every
    // letter test reads an issuer), so it disables the lookup instead of crashing a user's import.
    static let organization = try? NSRegularExpression(pattern: #"(?:公益社団法人|一般社団法人)?\s*([^\s、。]{2,30}?(?:省[^\s]*?課|省|庁|局|課|会|機構|協会|センター))(?:\s|$)"#)
    static let personTitle = try? NSRegularExpression(pattern: #"^(?:会長|副会長|専務理事|常務理事|理事|事務局長|課長|部長)"#)

    init(_ lines: [String]) {
        var found: [Letter] = []
        for (index, line) in lines.enumerated() where line.hasSuffix("殿") || line.hasSuffix("御中") {
            // A block of addressees may run over several lines, with 御中 on one of them.
            var letter = Letter(issuer: "")
            // The addressees: this line, and the organisation lines around it up to the sender.
            var addressees: [String] = []
            var first = index
            while first > 0, Letters.organizationName(lines[first - 1]) != nil, LetterDate.first(in: lines[first - 1]) == nil,
                Letters.number(lines[first - 1]) == nil {
                first -= 1
            }
            for block in first..<min(lines.count, index + 4) {
                let candidate = lines[block]
                guard block <= index || (Letters.organizationName(candidate) != nil && !Letters.isSender(lines, at: block)) else { break }
                addressees.append(Letters.addressee(candidate))
            }
            letter.to = addressees.joined(separator: "・")
            // Number and date: up to four lines above.
            for back in stride(from: index - 1, through: max(0, index - 5), by: -1) {
                let above = lines[back]
                if letter.date == nil, let date = LetterDate.first(in: above), above.count <= date.text.count + 2 {
                    letter.date = date.date
                    letter.dateText = date.text
                } else if letter.number == nil, let number = Letters.number(above) {
                    letter.number = number
                }
            }
            // The sender: an organisation followed by a person's title, or a ministry.
            for next in (index + 1)..<min(lines.count, index + 6) {
                let candidate = lines[next]
                guard let name = Letters.organizationName(candidate) else { continue }
                let followedByTitle = Letters.isFollowedByTitle(lines, at: next)
                if Letters.isSender(lines, at: next) {
                    letter.issuer = name
                    if title == nil || found.isEmpty {
                        // The subject follows the sender (and its title line).
                        title = Letters.subject(lines, after: followedByTitle ? next + 1 : next) ?? title
                    }
                    break
                }
            }
            if !letter.issuer.isEmpty && !found.contains(where: { $0.issuer == letter.issuer && $0.date == letter.date }) {
                found.append(letter)
            }
        }
        chain = found.reversed()
        // The original's subject is the one to keep.
        if let originalIndex = lines.lastIndex(where: { $0.hasSuffix("御中") || $0.hasSuffix("殿") }) {
            var after = originalIndex + 1
            while after < lines.count && (Letters.organizationName(lines[after]) != nil || Letters.personTitle?.firstMatch(in: lines[after], range: NSRange(location: 0, length: (lines[after] as NSString).length)) != nil) {
                after += 1
            }
            if let subject = Letters.subject(lines, after: after - 1) { title = subject }
        }
    }

    static func isFollowedByTitle(_ lines: [String], at index: Int) -> Bool {
        guard index + 1 < lines.count else { return false }
        let next = lines[index + 1]
        return personTitle?.firstMatch(in: next, range: NSRange(location: 0, length: (next as NSString).length)) != nil
    }

    /// An organisation line that signs a letter: followed by a title, or a ministry or agency.
    static func isSender(_ lines: [String], at index: Int) -> Bool {
        guard let name = organizationName(lines[index]), !lines[index].hasSuffix("御中"), !lines[index].hasSuffix("殿") else { return false }
        return isFollowedByTitle(lines, at: index) || name.contains("省") || name.contains("庁")
    }

    static func number(_ line: String) -> String? {
        if line.hasPrefix("事務連絡") { return "事務連絡" }
        guard let range = line.range(of: #"[^\s、。_]{1,12}?第\d+号"#, options: .regularExpression) else { return nil }
        return String(line[range])
    }

    static func organizationName(_ line: String) -> String? {
        let ns = line as NSString
        guard let match = organization?.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)),
            match.range.location <= 8
        else { return nil }
        return ns.substring(with: match.range(at: 1))
    }

    static func addressee(_ line: String) -> String {
        var text = line
        for suffix in ["御中", "殿"] where text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        for prefix in ["公益社団法人", "一般社団法人"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `年末年始のネットワーク更改に伴う` + `オンライン資格確認等システムへの影響について(周知依頼)`.
    static func subject(_ lines: [String], after index: Int) -> String? {
        for next in (index + 1)..<min(lines.count, index + 5) {
            let line = lines[next]
            guard let end = line.range(of: #"について(\((周知)?(依頼|お願い|ご案内)\))?$"#, options: .regularExpression) else { continue }
            var subject = String(line[..<end.lowerBound])
            if next > index + 1 && !lines[next - 1].hasSuffix("。") && lines[next - 1].count < 40 {
                subject = lines[next - 1] + subject
            }
            return subject
        }
        return nil
    }
}

/// A letter's own date on its head line (令和6年12月24日), read by the same tokenizer as the
/// windows: only a date with its year, month and day, and one that exists.
enum LetterDate {
    static func first(in line: String) -> (date: CivilDate, text: String)? {
        let text = ReaderText(line)
        for token in Tokenizer(text).tokens() {
            guard case .date(let written) = token.kind, let year = written.year, let month = written.month, let day = written.day,
                CivilTime(year: year, month: month, day: day).isValid
            else { continue }
            return (CivilDate(year: year, month: month, day: day), text.text(token.range))
        }
        return nil
    }
}
