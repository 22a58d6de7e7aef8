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
    }

    @Test("a mistake names the file, the line, and what the key takes",
          arguments: [("prefectur: 福岡\n", "notify.yaml:1: unknown key 'prefectur'; did you mean 'prefecture'?"),
                      ("base: x\nprefecture: ふくしまけん\n", "notify.yaml:2: 'ふくしまけん' is not a prefecture"),
                      ("sinks: {a: b}\n", "notify.yaml:1: 'sinks' takes a list of desktop, terminal"),
                      ("- 福岡\n", "notify.yaml: expected `key: value` lines")])
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
