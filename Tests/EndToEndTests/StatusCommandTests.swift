import Foundation
import Testing

/// `outagecal status` run as the desk runs it, on feeds generated from the test catalog.
@Suite("outagecal status", .timeLimit(.minutes(2)))
struct StatusCommandTests {
    typealias CLI = CommandLineTests

    /// Feeds generated from Tests/OutageCoreTests/Catalog (the seed notice), in a fresh folder.
    static func feeds() throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-status-\(UUID().uuidString)").path
        let catalog = CLI.repository.appendingPathComponent("Tests/OutageCoreTests/Catalog").path
        let result = try CLI.run(["generate", "--feeds", catalog, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    static func status(_ arguments: [String]) throws -> CLI.Run {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-status-xdg-\(UUID().uuidString)").path
        return try CLI.run(["status"] + arguments, environment: ["XDG_CACHE_HOME": scratch, "XDG_CONFIG_HOME": scratch, "XDG_STATE_HOME": scratch])
    }

    @Test("before, during and after the west outage, in Fukuoka: the lines and the exit status", arguments: [
        ("2024-12-31T02:00:00+09:00", Int32(0), [
            "現在の状況（2024年12月31日(火) 2:00 時点）",
            "停止中のシステムはありません。",
            "次の予定：2024年12月31日(火) 3:00〜5:20（予定）　【西日本】オンライン資格確認等システム 長時間の通信断（予定）",
            "予定の確認：2024年12月31日(火) 2:00 に確認",
        ]),
        ("2024-12-31T04:00:00+09:00", Int32(2), [
            "現在の状況（2024年12月31日(火) 4:00 時点）",
            "■ 停止中：【西日本】オンライン資格確認等システム 長時間の通信断（予定）",
            "  2024年12月31日(火) 5:20まで（予定）",
            "  対応：資格確認は代替手順で。10割負担にしない。",
            "次の予定：2024年12月31日(火) 8:00〜2025年1月1日(水) 3:00（予定）　【西日本】オンライン資格確認等システム 数分間の通信断（予定）",
            "予定の確認：2024年12月31日(火) 4:00 に確認",
        ]),
        ("2025-01-01T03:00:00+09:00", Int32(0), [
            "現在の状況（2025年1月1日(水) 3:00 時点）",
            "停止中のシステムはありません。",
            "次の予定：ありません。",
            "予定の確認：2025年1月1日(水) 3:00 に確認",
        ]),
    ])
    func moments(_ now: String, _ code: Int32, _ lines: [String]) throws {
        let feeds = try Self.feeds()
        let result = try Self.status(["--feed", feeds + "/prefectures/40-fukuoka.ics", "--now", now])
        #expect(result.status == code, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map(String.init) == lines)
    }

    @Test("a feed that cannot be read: nothing is claimed, and the exit status says so")
    func unreadable() throws {
        let result = try Self.status(["--feed", "http://127.0.0.1:9/prefectures/40-fukuoka.ics", "--now", "2024-12-31T04:00:00+09:00"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("停止の予定を読めていないため、停止中かどうか分かりません。"))
        #expect(!result.stdout.contains("停止中のシステムはありません"))
    }

    @Test("--json: one object a script can read, also through the `now` alias")
    func json() throws {
        let feeds = try Self.feeds()
        let result = try Self.status(["--feed", feeds + "/prefectures/40-fukuoka.ics", "--now", "2024-12-31T04:00:00+09:00", "--json"])
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["condition"] as? String == "in-effect")
        #expect((object["in_effect"] as? [[String: Any]])?.first?["end"] as? String == "2024-12-31T05:20:00+09:00")
        let alias = try CLI.run(["now", "--feed", feeds + "/prefectures/40-fukuoka.ics", "--now", "2024-12-31T02:00:00+09:00"])
        #expect(alias.status == 0)
    }
}
