import Foundation
import Processes
import Testing

@testable import OutageWatcher

/// How the administrator is told of a draft: a desktop notification whose 確認する opens the
/// review page (with stand-ins for notify-send and xdg-open), and their own command.
@Suite struct MessengerTests {
    static func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-tell-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func script(_ path: String, _ body: String) throws {
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    static func entry(_ folder: String) -> Inbox.Entry {
        let record = DraftRecord(id: "20270219-101500-portal", kind: .revision, source: "portal", sourceName: "ポータル", key: "https://a.jp/1",
                                 url: "https://a.jp/1", mail: nil, part: nil, file: nil, title: "計画停止について; rm -rf $HOME `x`", found: Date(timeIntervalSince1970: 0),
                                 digest: "0", noticeID: "2027-04-onshi", revises: nil, changes: ["【時刻変更】… 5:00 → 8:00"])
        return Inbox.Entry(record: record, path: folder + "/inbox/20270219-101500-portal")
    }

    static func waitFor(_ path: String) async throws -> String? {
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test("desktop: the title and the change reach notify-send as arguments; 確認する opens the review page; the watcher does not wait")
    func desktop() async throws {
        let folder = try Self.scratch()
        // It answers 確認する only once the test clicks, after telling has returned: a messenger
        // that waited for the click would run into its runner's timeout and fail.
        try Self.script(folder + "/notify-send", "printf '%s\\n' \"$@\" > \(folder)/args\nwhile [ ! -e \(folder)/click ]; do sleep 0.05; done\necho open\n")
        try Self.script(folder + "/opener", "printf '%s' \"$1\" > \(folder)/opened\n")
        let messenger = DesktopMessenger(runner: SystemProcessRunner(), notifySend: folder + "/notify-send", opener: folder + "/opener")
        // Clicked whatever happens, so that the stand-in never outlives the test.
        defer { _ = FileManager.default.createFile(atPath: folder + "/click", contents: nil) }
        try await messenger.tell(Self.entry(folder))
        _ = FileManager.default.createFile(atPath: folder + "/click", contents: nil)
        let arguments = try #require(try await Self.waitFor(folder + "/args"))
        #expect(arguments.contains("--action=open=確認する"))
        #expect(arguments.contains("計画停止の変更: 計画停止について; rm -rf $HOME `x`"))
        #expect(arguments.contains("【時刻変更】… 5:00 → 8:00"))
        let opened = try await Self.waitFor(folder + "/opened")
        #expect(opened == folder + "/inbox/20270219-101500-portal/review.html")
    }

    @Test("desktop without notify-send: an error that says what to install")
    func noNotifySend() async throws {
        let folder = try Self.scratch()
        let messenger = DesktopMessenger(runner: SystemProcessRunner(), notifySend: folder + "/missing")
        await #expect {
            try await messenger.tell(Self.entry(folder))
        } throws: { "\($0)".contains("libnotify-bin") }
    }

    @Test("a command: the draft as JSON on standard input and in OUTAGECAL_DRAFT_*; a failing command is an error")
    func command() async throws {
        let folder = try Self.scratch()
        let messenger = CommandMessenger(command: "cat > \(folder)/stdin; printf '%s' \"$OUTAGECAL_DRAFT_ID $OUTAGECAL_DRAFT_KIND\" > \(folder)/env",
                                         runner: SystemProcessRunner())
        try await messenger.tell(Self.entry(folder))
        let input = try String(contentsOfFile: folder + "/stdin", encoding: .utf8)
        let record = try Inbox.decoder.decode(DraftRecord.self, from: Data(input.utf8))
        #expect(record.noticeID == "2027-04-onshi")
        #expect(try String(contentsOfFile: folder + "/env", encoding: .utf8) == "20270219-101500-portal revision")
        await #expect(throws: CommandMessenger.Failure.self) {
            try await CommandMessenger(command: "exit 3", runner: SystemProcessRunner()).tell(Self.entry(folder))
        }
    }
}
