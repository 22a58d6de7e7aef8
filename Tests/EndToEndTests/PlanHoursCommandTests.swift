import Foundation
import Testing

/// `outagecal plan` with the desk's hours in notify.yaml, on feeds generated from the test
/// catalog (the seed notice), as the person setting up the reception PC checks them.
@Suite("outagecal plan in the desk's hours", .timeLimit(.minutes(2)))
struct PlanHoursCommandTests {
    typealias CLI = CommandLineTests

    /// Runs `plan` for Fukuoka's feed with `config` (nil: none) as notify.yaml, in a fresh XDG home.
    static func plan(config: String?, _ arguments: [String] = []) throws -> CLI.Run {
        let feeds = try StatusCommandTests.feeds()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hours-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var options = ["plan", "--feed", feeds + "/prefectures/40-fukuoka.ics", "--now", "2024-12-30T12:00:00+09:00", "--days", "3"]
        if let config {
            try config.write(toFile: scratch + "/notify.yaml", atomically: true, encoding: .utf8)
            options += ["--config", scratch + "/notify.yaml"]
        }
        return try CLI.run(options + arguments, environment: ["XDG_CACHE_HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_STATE_HOME": scratch])
    }

    @Test("月-金 9:00-18:00: the 03:00 start told at 17:59 the evening before, 現在も停止中 at 9:00 for the window still on, nothing at night")
    func seed() throws {
        let result = try Self.plan(config: "prefecture: 福岡\nhours: {月-金: \"9:00-18:00\"}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == [
            "今: 2024年12月30日(月) 12:00（3日先まで）",
            "診療時間：月-金 9:00-18:00、土-日 休み、祝 休み（時間外に当たる通知は移します）",
            "",
            "【西日本】オンライン資格確認等システム 数分間の通信断（予定）",
            "  2024年12月31日(火) 8:00〜2025年1月1日(水) 3:00（予定）",
            "  対応：エラー時は少し待って再試行。直らなければカードリーダーを再起動。",
            "  12/30 17:00  開始前  15時間後に開始：【西日本】オンライン資格確認等システム 数分間の通信断（予定）",
            "  12/30 17:59  開始前  12/31 8:00に開始：【西日本】オンライン資格確認等システム 数分間の通信断（予定）",
            "    └ 元は12/31 7:30 開始前・12/31 8:00 開始。診療時間外のため前日17:59に",
            "  12/31 9:00  停止中  現在も停止中：【西日本】オンライン資格確認等システム 数分間の通信断（予定）",
            "    └ 診療時間外に始まり、開院時も続くため",
            "  1/1 2:50  終了前  通知なし：祝日（元日）のうちに終わるため",
            "  1/1 3:00  終了　  通知なし：祝日（元日）のうちに終わるため",
            "",
            "【西日本】オンライン資格確認等システム 長時間の通信断（予定）",
            "  2024年12月31日(火) 3:00〜5:20（予定）",
            "  対応：資格確認は代替手順で。10割負担にしない。",
            "  12/30 17:00  開始前  10時間後に開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）",
            "  12/30 17:59  開始前  12/31 3:00に開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）",
            "    └ 元は12/31 2:30 開始前・12/31 3:00 開始。診療時間外のため前日17:59に",
            "  12/31 5:10  終了前  通知なし：診療時間外のうちに終わるため",
            "  12/31 5:20  終了　  通知なし：診療時間外のうちに終わるため",
            "",
        ])
    }

    @Test("--json: where each alert went and why; those left out marked silenced")
    func json() throws {
        let result = try Self.plan(config: "hours:\n  月-金: \"9:00-18:00\"\n", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let moved = try #require(objects.first { ($0["uid"] as? String)?.contains("west-outage") == true && $0["reason"] != nil && $0["silenced"] == nil })
        #expect(moved["time"] as? String == "2024-12-30T17:59:00+09:00")
        #expect(moved["reason"] as? String == "診療時間外のため前日17:59に")
        #expect((moved["moved_from"] as? [[String: String]])?.map { $0["time"] } == ["2024-12-31T02:30:00+09:00", "2024-12-31T03:00:00+09:00"])
        let still = try #require(objects.first { $0["kind"] as? String == "still-on" })
        #expect(still["time"] as? String == "2024-12-31T09:00:00+09:00")
        #expect(objects.filter { $0["silenced"] as? Bool == true }.count == 4)
    }

    @Test("a notify.yaml without hours: plan says what it said before, byte for byte", arguments: [[String](), ["--json"]])
    func noHours(_ arguments: [String]) throws {
        let without = try Self.plan(config: nil, arguments)
        let with = try Self.plan(config: "prefecture: 福岡\n", arguments)
        #expect(without.status == 0 && with.status == 0, "\(without.stderr) \(with.stderr)")
        #expect(with.stdout == without.stdout)
        #expect(!without.stdout.contains("診療時間") && !without.stdout.contains("still-on") && !without.stdout.contains("reason"))
        #expect(without.stdout.contains("12/31 3:00  開始") || without.stdout.contains("\"time\":\"2024-12-31T03:00:00+09:00\""))
    }

    @Test("a mistake in the hours: plan names the file and line, and what to write")
    func mistake() throws {
        let result = try Self.plan(config: "hours:\n  月-金: \"9:00-18:00\"\n  土: \"9:00\"\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("notify.yaml:3: 土: '9:00' is not a span of hours; give the open hours as 9:00-18:00"), "\(result.stderr)")
    }

    @Test("notify --once in the desk's hours: the start told at 17:59, nothing at 03:00, 現在も停止中 at 9:00, each once")
    func notifyOnce() throws {
        let feeds = try StatusCommandTests.feeds()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hours-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try "feeds: [\"\(feeds)/prefectures/40-fukuoka.ics\"]\nsinks: [terminal]\nhours: {月-金: \"9:00-18:00\"}\n"
            .write(toFile: scratch + "/notify.yaml", atomically: true, encoding: .utf8)
        func once(_ now: String) throws -> String {
            let result = try CLI.run(["notify", "--once", "--config", scratch + "/notify.yaml", "--now", now],
                                     environment: ["XDG_CACHE_HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_STATE_HOME": scratch])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let evening = try once("2024-12-30T17:59:10+09:00")
        #expect(evening.contains("[2024-12-30 17:59 JST] 12/31 3:00に開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）"), "\(evening)")
        #expect(evening.contains("12/31 8:00に開始：【西日本】オンライン資格確認等システム 数分間の通信断（予定）"))
        #expect(try once("2024-12-30T17:59:50+09:00").isEmpty)
        #expect(try once("2024-12-31T03:00:30+09:00").isEmpty)
        let morning = try once("2024-12-31T09:00:20+09:00")
        #expect(morning.contains("[2024-12-31 09:00 JST] 現在も停止中：【西日本】オンライン資格確認等システム 数分間の通信断（予定）"), "\(morning)")
        #expect(try once("2024-12-31T09:01:00+09:00").isEmpty)
    }

    @Test("setup again keeps the hours written by hand; without them, the file shows how to write them")
    func setupKeepsHours() throws {
        let feeds = try StatusCommandTests.feeds()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hours-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let path = scratch + "/notify.yaml"
        let environment = ["XDG_CACHE_HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_STATE_HOME": scratch]
        let first = try CLI.run(["setup", "--prefecture", "40", "--base", feeds, "--no-enable", "--config", path], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("hours: を書いてください"))
        var text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("# hours: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\", 日: 休み, 祝: 休み}"))
        text += "hours: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\"}\nclosed: [12/29-1/3]\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let again = try CLI.run(["setup", "--prefecture", "13", "--base", feeds, "--no-enable", "--config", path], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("prefecture: \"東京都\""))
        #expect(written.contains("hours: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\", 日: \"休み\", 祝: \"休み\"}"), "\(written)")
        #expect(written.contains("closed: [\"12/29-1/3\"]"))
    }

    @Test("the PC's notify.yaml is read when no feed is named, as status does; a feed named alone is planned as always")
    func defaultFile() throws {
        let feeds = try StatusCommandTests.feeds()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-hours-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch + "/outagecal", withIntermediateDirectories: true)
        let feed = feeds + "/prefectures/40-fukuoka.ics"
        try "feeds: [\"\(feed)\"]\nhours: {月-金: \"9:00-18:00\"}\n".write(toFile: scratch + "/outagecal/notify.yaml", atomically: true, encoding: .utf8)
        let environment = ["XDG_CACHE_HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_STATE_HOME": scratch]
        let own = try CLI.run(["plan", "--now", "2024-12-30T12:00:00+09:00", "--days", "3"], environment: environment)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("12/30 17:59  開始前  12/31 3:00に開始："))
        let named = try CLI.run(["plan", "--feed", feed, "--now", "2024-12-30T12:00:00+09:00", "--days", "3"], environment: environment)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("12/31 3:00  開始　  開始："))
        #expect(!named.stdout.contains("診療時間"))
    }
}
