import Foundation
import Testing

@testable import OutageCore

@Suite("What changed, in plain words")
struct NoticeDiffTests {
    @Test("a moved, a cancelled, an added window, changed guidance, and a forgotten revision")
    func changes() throws {
        let catalog = try Fixtures.seedCatalog()
        let old = catalog.notices[0]
        var new = old
        new.windows[0].timing = .timed(start: old.windows[0].start, end: Fixtures.jst("2024-12-31T06:00:00+09:00"))
        new.windows[2].cancelled = true
        new.windows.append(Window(id: "fukuoka-extra", kind: .outage, wording: "長時間の通信断", scope: [.prefecture(Prefecture.find("福岡")!)],
                                  start: Fixtures.jst("2025-01-02T01:00:00+09:00"), end: Fixtures.jst("2025-01-02T02:00:00+09:00")))
        new.guidance[.outage]?.short = "紙の資格確認書で確認。"
        let lines = NoticeDiff.changes(from: [old], to: [new], regions: catalog.regions, systems: catalog.systems)
        #expect(lines == [
            "年末年始のネットワーク更改に伴うオンライン資格確認等システムへの影響（第1版 → 第1版）",
            "【時刻変更】【西日本】オンライン資格確認等システム 長時間の通信断: 2024年12月31日(火) 3:00〜5:20 → 2024年12月31日(火) 3:00〜6:00",
            "【中止】【東日本】オンライン資格確認等システム 数分間の通信断 2024年12月31日(火) 12:00〜13:30（予定）",
            "【追加】【福岡県】オンライン資格確認等システム 長時間の通信断 2025年1月2日(木) 1:00〜2:00",
            "【対応の変更】停止のときの対応: 紙の資格確認書で確認。",
            "  注意: 版が上がっていません。カレンダーに反映させるには revision を 2 にしてください。",
        ])
        #expect(NoticeDiff.changes(from: [old], to: [old], regions: catalog.regions, systems: catalog.systems).isEmpty)
    }

    @Test("a removed window is called out: calendars would keep it")
    func removed() throws {
        let catalog = try Fixtures.seedCatalog()
        var new = catalog.notices[0]
        new.windows.removeLast()
        new.revision = 2
        let lines = NoticeDiff.changes(from: catalog.notices, to: [new], regions: catalog.regions, systems: catalog.systems)
        #expect(lines.contains { $0.hasPrefix("【削除】【東日本】") && $0.contains("cancelled: true") })
    }
}
