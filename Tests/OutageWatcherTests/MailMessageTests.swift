import Foundation
import Testing

@testable import OutageWatcher

/// The MIME reader, on the end-to-end test's mails (written by a helper who never saw this
/// reader, as Japanese mailers and list servers write them) and on hand-made edge cases.
@Suite struct MailMessageTests {
    static let mail = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Watch/fixtures/mail").path

    /// The mail numbered `number` (Q<n> in its file name) of a round.
    static func message(_ number: Int, round: Int = 1) throws -> MailMessage {
        let folder = "\(mail)/round\(round)/new"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.contains("Q\(number).") })
        return MailMessage([UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))))
    }

    @Test("ISO-2022-JP: a subject in encoded words split over folded lines, and the body")
    func iso2022JP() throws {
        let message = try Self.message(1)
        #expect(message.subject == "[shizuoka-med:01234] 【事務連絡】オンライン資格確認等システムの計画停止について")
        let body = try #require(message.parts.first?.text)
        // The phrases the mail's writer listed (fixtures/mail/EXPECTED.md).
        #expect(body.contains("基盤更改作業に伴い"))
        // JIS's 〜 (1-33) is U+301C to Python and U+FF5E to Foundation, as Windows reads it; the
        // importer takes both as a range.
        #expect(body.replacingOccurrences(of: "～", with: "〜").contains("令和9年2月20日（土）21:00〜翌6:00"))
    }

    @Test("Shift_JIS attachment with Windows' ① and ～, named in RFC 2231 pieces")
    func shiftJISAttachment() throws {
        let message = try Self.message(2)
        let attachment = try #require(message.parts.first { $0.isAttachment })
        #expect(attachment.fileName == "【事務連絡】公的個人認証サービス計画停止について.txt")
        let text = try #require(attachment.text)
        #expect(text.contains("①"))
        #expect(text.contains("～"))
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test("a PDF attachment is found as a PDF, its bytes whole")
    func pdfAttachment() throws {
        let message = try Self.message(3)
        let pdf = try #require(message.parts.first { $0.isPDF })
        #expect(pdf.bytes.starts(with: Array("%PDF-".utf8)))
        #expect(pdf.text == nil)
        #expect(pdf.fileName?.hasSuffix(".pdf") == true)
    }

    @Test("a forward of a forward: the innermost letter, with its own subject")
    func forwardOfForward() throws {
        let message = try Self.message(4)
        let inner = try #require(message.parts.last { $0.forwardedSubject != nil && $0.text?.contains("5月8日") == true })
        #expect(inner.forwardedSubject == "【日医】オンライン請求システムの計画停止について")
    }

    @Test("multipart/alternative: the HTML twin of the text is set aside; an HTML-only mail is read as text")
    func alternatives() throws {
        let both = try Self.message(5)
        #expect(both.parts.contains { $0.type == "text/html" && $0.isAlternative })
        #expect(both.parts.contains { $0.type == "text/plain" && !$0.isAlternative })
        let html = try Self.message(6)
        let text = try #require(html.parts.first?.text)
        #expect(text.contains("マイナポータル"))
        #expect(!text.contains("<p"))
    }

    @Test("hand-made: Q encoding with underscores, RFC 2231 in UTF-8, folding, soft line breaks, base64 with breaks")
    func handMade() throws {
        let raw = """
            Subject: =?UTF-8?Q?=E5=81=9C=E6=AD=A2_=E3=81=AE?=
             =?UTF-8?B?44GK55+l44KJ44Gb?=
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            =E5=81=9C=E6=AD=A2=
            =E3=81=97=E3=81=BE=E3=81=99
            --b1
            Content-Type: text/plain; charset=UTF-8
            Content-Disposition: attachment; filename*=UTF-8''%E9%80%9A%E7%9F%A5.txt
            Content-Transfer-Encoding: base64

            5YGc5q2i
            44Gu5pel
            --b1--

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let message = MailMessage(Array(raw.utf8))
        #expect(message.subject == "停止 のお知らせ")
        #expect(message.parts.count == 2)
        #expect(message.parts[0].text == "停止します")
        #expect(message.parts[1].fileName == "通知.txt")
        #expect(message.parts[1].text == "停止の日")
    }

    @Test("hostile: forwards nested a thousand deep and ten thousand parts are cut, not followed")
    func hostile() {
        var nested = "Subject: x\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
        for _ in 0..<1000 { nested = "Subject: fwd\r\nContent-Type: message/rfc822\r\n\r\n" + nested }
        #expect(MailMessage(Array(nested.utf8)).parts.isEmpty)
        var many = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        for _ in 0..<10_000 { many += "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" }
        #expect(MailMessage(Array(many.utf8)).parts.count <= MailMessage.maxParts)
    }
}
