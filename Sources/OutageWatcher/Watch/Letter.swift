import Digest
import Foundation

/// A letter found by a source: an article's words, or one part of a mail (its body or an
/// attachment), ready for the importer.
struct Letter: Sendable {
    /// What was read, for the watcher's memory: the article's address, or `mail:` and the
    /// Message-ID (and the part, when a mail holds several letters).
    var key: String
    var title: String
    var text: String
    /// The article's address (web).
    var url: URL?
    /// The mail's subject, sender and date (mail).
    var mail: String?
    /// 本文, or an attachment's name (mail).
    var part: String?
    /// The mail's file (mail).
    var file: String?
    /// The year the listing dates the article in: a date in the letter without one is read in it.
    var year: Int?

    /// A tag for the letter's words, blind to spacing and line breaks: a page whose layout or
    /// counter changes but whose words do not is not a revision.
    var digest: String {
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(FNV1a.hash(Array(words.utf8)), radix: 16)
    }
}
