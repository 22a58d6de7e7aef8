import Foundation
import OutageCore

/// A mail folder: each new mail read, its body and attachments as letters.
extension Watcher.Run {
    mutating func readMail(_ source: WatchSource, folder: String, into result: inout Watcher.SourceResult) async throws {
        let files = try MailFolder.messages(in: folder)
        var newMail = 0
        for file in files {
            let fileKey = "mailfile:" + file.name
            if state.articles[fileKey] != nil { continue }
            if let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int, size > settings.mailBytes {
                result.lines.append("\(file.path): larger than \(settings.mailBytes >> 20) MB; not read (open it in a mail client)")
                state.articles[fileKey] = WatchState.Article(digest: String(size), noticeID: nil, read: watcher.now())
                try save()
                continue
            }
            guard let data = FileManager.default.contents(atPath: file.path) else {
                result.lines.append("\(file.path): cannot be read (permission?); tried again next run")
                continue
            }
            newMail += 1
            let message = MailMessage([UInt8](data))
            let key = "mail:" + (message.messageID ?? file.name)
            var letters: [Letter] = []
            let described = [message.subject, message.from, message.date].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
            for part in message.parts where !part.isAlternative {
                var read: String?
                if part.isPDF {
                    do {
                        read = try await PDFText.text(of: part.bytes, runner: watcher.runner)
                    } catch {
                        result.lines.append("\(message.subject): the attachment \(part.fileName ?? "PDF") was not read (\(error))")
                    }
                } else {
                    read = part.text
                }
                guard let whole = read, !whole.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
                let text = bounded(whole, "\(message.subject) (\(part.fileName ?? "本文"))", into: &result)
                let name = part.fileName ?? (part.forwardedSubject.map { "転送されたメール「\($0)」の本文" } ?? "本文")
                letters.append(Letter(key: key + "#" + name, title: part.forwardedSubject ?? message.subject, text: text, mail: described, part: name, file: file.path,
                                      year: MailDate.year(message.date)))
            }
            let all = letters.map(\.text).joined(separator: "\n")
            if source.isRelevant(message.subject + "\n" + all) {
                // The parts that hold a stop, each once (the same letter as body and attachment
                // gives the same windows); when none does, the mail is listed as read.
                var seen = Set<String>()
                let withStops = letters.filter { letter in
                    let windows = watcher.windowSummary(letter)
                    return !windows.isEmpty && seen.insert(windows).inserted
                }
                let chosen = withStops.isEmpty
                    ? [Letter(key: key, title: message.subject, text: all, mail: described, part: nil, file: file.path, year: MailDate.year(message.date))] : withStops
                for letter in chosen { try await consider(letter, from: source, into: &result) }
            }
            state.articles[fileKey] = WatchState.Article(digest: String(data.count), noticeID: nil, read: watcher.now())
            try save()
        }
        if newMail == 0 { result.lines.append("no new mail (\(files.count) read before)") }
    }

    /// `text` cut to ``Settings/letterCharacters``, saying so on `result`.
    func bounded(_ text: String, _ what: String, into result: inout Watcher.SourceResult) -> String {
        guard text.unicodeScalars.count > settings.letterCharacters else { return text }
        result.lines.append("\(what): longer than \(settings.letterCharacters) characters; only the first were read")
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(settings.letterCharacters)))
    }
}
