import Foundation
import OutageNotifier
import Testing

@Suite("The notifier's configuration file")
struct NotifyConfigTests {
    @Test("what setup writes reads back the same")
    func roundTrip() throws {
        var config = NotifyConfig()
        config.prefecture = "福岡県"
        config.base = "https://feeds.example.jp/outagecal/"
        config.sinks = ["desktop", "terminal"]
        config.before = "60m,10m"
        config.exec = "logger -t outagecal \"$OUTAGECAL_TITLE\""
        #expect(try NotifyConfig.parse(config.yaml, path: "notify.yaml") == config)
        // Without hours, setup's file shows how to give them, commented out.
        #expect(config.yaml.contains("# hours: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\", 日: 休み, 祝: 休み}"))
        config.hours = try NotifyConfig.parse("hours: {月-金: \"9:00-12:30,14:00-18:00\", 土: 9-13, 祝: 通常}\nclosed: [12/29-1/3]\n", path: "x").hours
        #expect(config.hours != nil)
        #expect(try NotifyConfig.parse(config.yaml, path: "notify.yaml") == config)
    }

    @Test("the desk's hours, as a block or on one line, with the days it is closed")
    func hours() throws {
        let block = try NotifyConfig.parse("""
            prefecture: 福岡
            hours:
              月-金: "9:00-18:00"
              土: 9:00-13:00
              日: 休み
              祝: closed
            closed:
              - 12/29-1/3
              - 2025-08-13〜2025-08-15
            """, path: "notify.yaml")
        let line = try NotifyConfig.parse("""
            prefecture: 福岡
            hours: {mon-fri: 9-18, sat: 9-13}
            closed: 12/29-1/3, 2025-08-13〜2025-08-15
            """, path: "notify.yaml")
        let hours = try #require(block.hours)
        #expect(line.hours == hours)
        #expect(hours.week[1] == [.init(start: 540, end: 1080)])
        #expect(hours.week[0].isEmpty)
        #expect(hours.holidays == .closed)
        #expect(hours.closed.count == 2)
        #expect(try NotifyConfig.parse("prefecture: 福岡\n", path: "notify.yaml").hours == nil)
    }

    @Test("every mistake in the file is told at once, each at its line")
    func collected() {
        let text = """
            prefecture: 福岡
            hours:
              月-金: "9:00-18:00"
              munday: "9-18"
              土: "9:00"
            closed: [13/1]
            befor: 10m
            """
        do {
            _ = try NotifyConfig.parse(text, path: "notify.yaml")
            Issue.record("parsed")
        } catch {
            let lines = error.description.split(separator: "\n").map { String($0.prefix(40)) }
            #expect(lines == [
                "notify.yaml:4: 'munday': 'munday' is not",
                "notify.yaml:5: 土: '9:00' is not a span of",
                "notify.yaml:6: closed: '13/1' is not a d",
                "notify.yaml:7: unknown key 'befor'; did ",
            ].map { String($0.prefix(40)) })
        }
    }

    @Test("a mistake names the file, the line, and what the key takes",
          arguments: [("prefectur: 福岡\n", "notify.yaml:1: unknown key 'prefectur'; did you mean 'prefecture'?"),
                      ("base: x\nprefecture: ふくしまけん\n", "notify.yaml:2: 'ふくしまけん' is not a prefecture"),
                      ("sinks: {a: b}\n", "notify.yaml:1: 'sinks' takes a list of desktop, terminal"),
                      ("- 福岡\n", "notify.yaml: expected `key: value` lines"),
                      ("hours: 9-18\n", "notify.yaml:1: 'hours' takes the desk's open hours per day: {月-金: \"9:00-18:00\""),
                      ("hours: {月-金: [9, 18]}\n", "notify.yaml:1: '月-金' takes hours in quotes, such as \"9:00-18:00\", or 休み"),
                      ("closed: [12/29-1/3]\n", "notify.yaml:1: 'closed' needs 'hours'"),
                      ("hours: {月-金: 9:00-12:30,14:00-18:00}\n", "notify.yaml:1: '14:00-18:00' is hours, not a day: on one line in { }, put hours that hold a comma in quotes"),
                      ("hours: {日: 休み}\n", "notify.yaml:1: 'hours' never opens the desk")])
    func mistakes(text: String, message: String) {
        #expect(throws: NotifyConfig.Problem.self) { try NotifyConfig.parse(text, path: "notify.yaml") }
        do {
            _ = try NotifyConfig.parse(text, path: "notify.yaml")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }

    @Test("the user's file wins over the PC's; neither gives nil")
    func search() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-config-\(UUID().uuidString)").path
        let user = root + "/user", system = root + "/etc"
        for folder in [user, system] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        #expect(NotifyConfig.defaultPath(user: user, system: system) == nil)
        try "prefecture: 40\n".write(toFile: system + "/notify.yaml", atomically: true, encoding: .utf8)
        #expect(NotifyConfig.defaultPath(user: user, system: system) == system + "/notify.yaml")
        try "prefecture: 13\n".write(toFile: user + "/notify.yaml", atomically: true, encoding: .utf8)
        #expect(NotifyConfig.defaultPath(user: user, system: system) == user + "/notify.yaml")
    }
}
