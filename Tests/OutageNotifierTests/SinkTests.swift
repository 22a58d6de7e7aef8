import Foundation
import OutageCore
import OutageNotifier
import Testing
import Processes

@Suite("Sinks")
struct SinkTests {
    @Test("notify-send gets an argument vector: app name, icon, urgency, title, escaped body")
    func desktopArguments() throws {
        let alert = try #require(FaultTests.sampleAlert())
        let arguments = DesktopSink.arguments(alert, replacing: nil)
        #expect(arguments.contains("--app-name=OutageCal"))
        #expect(arguments.contains("--urgency=critical"))
        #expect(arguments.contains("--icon=dialog-error"))
        #expect(arguments.suffix(2).first == "開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）")
        var tricky = alert
        tricky.body = "<b>$(rm -rf ~)</b> & ;"
        #expect(DesktopSink.arguments(tricky, replacing: 7).last == "&lt;b&gt;$(rm -rf ~)&lt;/b&gt; &amp; ;")
        #expect(DesktopSink.arguments(tricky, replacing: 7).contains("--replace-id=7"))
    }

    @Test("the next notification of a window replaces the last one")
    func replaces() async throws {
        let runner = FakeRunner()
        let sink = DesktopSink(runner: runner)
        let alert = try #require(FaultTests.sampleAlert())
        try await sink.deliver(alert)
        try await sink.deliver(alert)
        let calls = await runner.calls
        #expect(calls.map(\.executable) == ["notify-send", "notify-send"])
        #expect(!calls[0].arguments.contains { $0.hasPrefix("--replace-id") })
        #expect(calls[1].arguments.contains("--replace-id=42"))
    }

    @Test("詳細を見る opens the notice's page, clicking the notification too; 了解 opens nothing",
          arguments: [("details", true), ("default", true), ("ok", false)])
    func actions(chosen: String, opens: Bool) async throws {
        let runner = FakeRunner()
        await runner.configure(stdout: "42\n\(chosen)\n")
        let sink = DesktopSink(runner: runner, actions: true)
        var alert = try #require(FaultTests.sampleAlert())
        alert.window.url = "https://www.mhlw.go.jp/notice?id=1&x=2"
        try await sink.deliver(alert)
        var calls = await runner.calls
        for _ in 0..<1000 where calls.count < (opens ? 2 : 1) {
            await Task.yield()
            calls = await runner.calls
        }
        let arguments = try #require(calls.first?.arguments)
        #expect(arguments.contains("--action=details=詳細を見る") && arguments.contains("--action=ok=了解"))
        #expect(calls.dropFirst().map(\.executable) == (opens ? ["xdg-open"] : []))
        #expect(calls.dropFirst().first?.arguments == (opens ? ["https://www.mhlw.go.jp/notice?id=1&x=2"] : nil))
        // The next alert of the window replaces this notification.
        try await sink.deliver(alert)
        #expect(await runner.calls.last { $0.arguments.contains("--app-name=OutageCal") }?.arguments.contains("--replace-id=42") == true)
    }

    @Test("without a web page there is no 詳細を見る; with --once no action at all")
    func noActions() throws {
        let alert = try #require(FaultTests.sampleAlert())
        #expect(alert.window.url == nil)
        let arguments = DesktopSink.arguments(alert, replacing: nil, actions: true)
        #expect(!arguments.contains { $0.contains("詳細を見る") })
        #expect(arguments.contains("--action=ok=了解"))
        #expect(!DesktopSink.arguments(alert, replacing: nil).contains { $0.hasPrefix("--action") })
    }

    @Test("the terminal line is timestamped in JST; colour and bell only on a terminal")
    func terminal() async throws {
        let alert = try #require(FaultTests.sampleAlert())
        let plain = Lines()
        try await TerminalSink(write: plain.append, isTerminal: false, now: { alert.time }).deliver(alert)
        #expect(plain.all.first?.hasPrefix("[2024-12-30 13:00 JST] 開始：") == true)
        #expect(plain.all.first?.contains("\u{1B}") == false)
        let tty = Lines()
        try await TerminalSink(write: tty.append, isTerminal: true, now: { alert.time }).deliver(alert)
        #expect(tty.all.first?.contains("\u{1B}[1;31m") == true)
        #expect(tty.all.first?.hasSuffix("\u{07}") == true)
    }

    @Test("--exec runs the command with the alert in the environment and as JSON on stdin")
    func exec() async throws {
        let alert = try #require(FaultTests.sampleAlert())
        let out = Fixture.scratch() + "/hook.txt"
        let sink = ExecSink(command: "printf '%s|%s|' \"$OUTAGECAL_KIND\" \"$OUTAGECAL_WINDOW_START\" > '\(out)'; cat >> '\(out)'", runner: SystemProcessRunner())
        try await sink.deliver(alert)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("start|2024-12-30T13:00:00+09:00|{"))
        let json = try JSONDecoder().decode(AlertRecord.self, from: Data(written.split(separator: "|", maxSplits: 2)[2].utf8))
        #expect(json.kind == "start")
        #expect(json.window_end == "2024-12-30T14:00:00+09:00")
        #expect(json.late == false)
    }

    @Test("a failing --exec command is reported, and the alert still reaches the terminal")
    func execFails() async throws {
        let alert = try #require(FaultTests.sampleAlert())
        let lines = Lines()
        let terminal = TerminalSink(write: lines.append, isTerminal: false, now: { alert.time })
        await SinkSet([ExecSink(command: "exit 3", runner: SystemProcessRunner())], fallback: terminal, logger: Fixture.logger).deliver(alert)
        #expect(lines.all.count == 1)
    }
}

@Suite("Alert records as JSON")
struct AlertRecordTests {
    @Test("plan --json's hand-written line is byte for byte what JSONEncoder writes")
    func sameAsEncoder() throws {
        var alert = try #require(FaultTests.sampleAlert())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for text in ["plain", "quote \" backslash \\ slash / ", "lines\nand\r\ttabs", "\u{01}\u{08}\u{0C}\u{1F}\u{7F}", "日本語【中止】\u{2028}\u{FFFD}", "😀 emoji", ""] {
            alert.body = text
            alert.title = text
            alert.window.summary = text
            for end in [alert.window.end, nil] {
                alert.window.end = end
                let record = AlertRecord(alert)
                let encoded = String(decoding: try encoder.encode(record), as: UTF8.self)
                #expect(record.jsonLine == encoded, "\(text.debugDescription)")
            }
        }
        // Moved by the desk's hours, and left out by them (plan --json).
        alert.move = AlertMove(from: [.init(kind: .beforeStart, time: alert.time), .init(kind: .start, time: alert.window.start)],
                               reason: "診療時間外のため \"前日\" 17:59に\n")
        for silenced in [false, true] {
            let record = AlertRecord(alert, silenced: silenced)
            #expect(record.jsonLine == String(decoding: try encoder.encode(record), as: UTF8.self))
        }
        alert.move?.from = []
        #expect(!AlertRecord(alert).jsonLine.contains("moved_from"))
        #expect(AlertRecord(alert).jsonLine.contains(#""reason":"診療時間外のため \"前日\" 17:59に\n""#))
    }
}

/// A stop in effect stays on the desk (issue 24): the start card has no expiry, and the window's
/// next notification replaces it also from another process.
@Suite("The start card stays")
struct StartCardTests {
    @Test("the start alert never expires; the others do as the server likes")
    func noExpiry() throws {
        let start = try #require(FaultTests.sampleAlert())
        #expect(start.kind == .start)
        #expect(DesktopSink.arguments(start, replacing: nil).contains("--expire-time=0"))
        var end = start
        end.kind = .end
        #expect(!DesktopSink.arguments(end, replacing: 7).contains { $0.hasPrefix("--expire-time") })
        // 現在も停止中 when the desk opens (notify.yaml `hours:`) is a stop in effect too.
        var stillOn = start
        stillOn.kind = .stillOn
        #expect(DesktopSink.arguments(stillOn, replacing: 7).contains("--expire-time=0"))
    }

    @Test("the next process replaces the card the last one showed, in the same login only")
    func acrossProcesses() async throws {
        let path = Fixture.scratch() + "/state.json.notifications"
        let alert = try #require(FaultTests.sampleAlert())
        let first = FakeRunner()
        try await DesktopSink(runner: first, shownPath: path, session: "boot-1/2").deliver(alert)
        #expect(await !first.calls[0].arguments.contains { $0.hasPrefix("--replace-id") })
        // `notify --once` a minute later: a new process, the same login.
        let second = FakeRunner()
        try await DesktopSink(runner: second, shownPath: path, session: "boot-1/2").deliver(alert)
        #expect(await second.calls[0].arguments.contains("--replace-id=42"))
        // After a reboot the ids are another server's: never used.
        let third = FakeRunner()
        try await DesktopSink(runner: third, shownPath: path, session: "boot-2/2").deliver(alert)
        #expect(await !third.calls[0].arguments.contains { $0.hasPrefix("--replace-id") })
        #expect(try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    }
}
