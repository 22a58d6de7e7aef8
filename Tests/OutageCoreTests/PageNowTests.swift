import Foundation
import Testing

@testable import OutageCore

/// The windows the page embeds for its 現在の状況 block (issue 24): the script in the browser
/// only compares their instants with the clock, so every word it shows is made here.
/// Tests/Page runs the script in Chromium at chosen instants.
@Suite("現在の状況 on the page")
struct PageNowTests {
    func windows(_ catalog: Catalog) -> [SubscriptionPage.NowWindow] {
        SubscriptionPage().nowWindows(catalog, feeds: FeedSet(catalog))
    }

    @Test("every shape of window, earliest first, with its kind, area and end as the desk reads them; cancelled ones left out")
    func shapes() throws {
        let windows = windows(try Fixtures.shapesCatalog())
        #expect(windows.map(\.start) == ["2025-05-05T00:00:00+09:00", "2025-05-10T22:00:00+09:00", "2025-06-01T21:00:00+09:00",
                                         "2025-06-08T21:00:00+09:00", "2025-08-17T00:00:00+09:00"])
        let day = windows[0], open = windows[1], night = windows[2], backup = windows[3]
        #expect(day.end == "2025-05-06T00:00:00+09:00")
        #expect((day.kind, day.stopped, day.area, day.stops) == ("partial", "一部停止", "全国", "電子処方箋の発行"))
        #expect(day.until == "2025年5月5日(月)の終わりまで")
        #expect(open.end == nil)
        #expect(open.until == "終了未定（終わりの時刻は知らされていません）")
        #expect((open.stopped, open.area) == ("停止", "西日本"))
        #expect(night.system == "オンライン請求システム" && night.area == "福岡・佐賀")
        #expect(night.until == "2025年6月2日(月) 6:00まで（予定）")
        #expect(night.when == "2025年6月1日(日) 21:00〜2025年6月2日(月) 6:00（予定）")
        #expect(!night.backup && backup.backup)
        #expect(!windows.contains { $0.summary.contains("中止") })
    }

    @Test("a window on consecutive days is one entry, from the first day to the end of the last")
    func consecutiveDays() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows[0].timing = .days((20...24).map { CivilDate(year: 2024, month: 12, day: $0) })
        catalog.notices[0].windows[0].tentative = false
        let days = windows(catalog).filter { $0.label == "長時間の通信断" }
        #expect(days.count == 1)
        #expect(days.first?.start == "2024-12-20T00:00:00+09:00")
        #expect(days.first?.end == "2024-12-25T00:00:00+09:00")
        #expect(days.first?.until == "2024年12月24日(火)の終わりまで")
    }

    @Test("a window of two regions is embedded once")
    func once() throws {
        var catalog = try Fixtures.seedCatalog()
        catalog.notices[0].windows[0].scope = [.nationwide]
        #expect(windows(catalog).filter { $0.label == "長時間の通信断" }.count == 1)
    }

    @Test("the JSON reads back, and no notice text can close its script element")
    func json() throws {
        var catalog = try Fixtures.seedCatalog()
        let hostile = "</script><script>alert('x')</script>&<!--"
        catalog.notices[0].windows[0].wording = hostile
        let html = try SubscriptionPage().html(catalog, feeds: FeedSet(catalog))
        let open = try #require(html.range(of: "<script type=\"application/json\" id=\"now-data\">"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        let json = String(html[open.upperBound..<close.lowerBound])
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == 3)
        #expect(parsed.first?["label"] as? String == hostile)
        #expect(parsed.first?["end"] as? String == "2024-12-31T05:20:00+09:00")
        #expect(html.components(separatedBy: "<script>").count == 2)  // the page's own script only
    }

    @Test("without JavaScript the block is hidden, and no element of the page has an inline event handler")
    func hiddenWithoutScript() throws {
        let catalog = try Fixtures.seedCatalog()
        let html = try SubscriptionPage().html(catalog, feeds: FeedSet(catalog))
        #expect(html.contains("<section id=\"now-block\" class=\"now\" aria-labelledby=\"now\" hidden>"))
        #expect(html.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) == nil)
    }
}
