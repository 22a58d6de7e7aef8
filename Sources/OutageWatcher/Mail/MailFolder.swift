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
