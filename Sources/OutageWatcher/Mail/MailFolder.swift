import Foundation

/// The mails in a mail folder: a Maildir (new/ and cur/, as a mail server delivers and a mail
/// client files them) or a folder where .eml files are dropped.
enum MailFolder {
    struct File {
        var path: String
        /// The file's name without a Maildir client's flags (`:2,S`): the same mail once moved
        /// from new/ to cur/ and marked read.
        var name: String
    }

    enum Problem: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String, String)

        var description: String {
            switch self {
            case .missing(let path): "the mail folder \(path) does not exist; create it (a Maildir, or a folder for .eml files) or correct `mail:` in sources.yaml"
            case .unreadable(let path, let why): "cannot read the mail folder \(path) (\(why)); make it readable for this user"
            }
        }
    }

    /// Oldest first (by the file's time), so that a correction is read after what it corrects.
    static func messages(in folder: String) throws(Problem) -> [File] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { throw .missing(folder) }
        let isMaildir = ["new", "cur"].allSatisfy { FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent($0)) }
        var files: [(File, Date)] = []
        for sub in isMaildir ? ["new", "cur"] : [""] {
            let path = sub.isEmpty ? folder : (folder as NSString).appendingPathComponent(sub)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .unreadable(path, (error as NSError).localizedDescription)
            }
            for name in names where !name.hasPrefix(".") && (isMaildir || name.lowercased().hasSuffix(".eml")) {
                let file = (path as NSString).appendingPathComponent(name)
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file), attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let base = isMaildir ? String(name.split(separator: ":", maxSplits: 1).first ?? Substring(name)) : name
                files.append((File(path: file, name: base), attributes[.modificationDate] as? Date ?? .distantPast))
            }
        }
        return files.sorted { ($0.1, $0.0.name) < ($1.1, $1.0.name) }.map(\.0)
    }
}

/// The year a mail's Date header gives (`Tue, 08 Dec 2026 10:00:00 +0900`).
enum MailDate {
    static func year(_ header: String?) -> Int? {
        guard let header else { return nil }
        return header.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.first { (2000...2100).contains($0) }
    }
}

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
