import Foundation
import Testing

@testable import OutageCore

/// Letters that change or call off stops announced before, as `outagecal watch` meets them: what
/// becomes of each date, and what a page's update line and struck-through words are.
@Suite struct ChangeLetterTests {
    static func importer() throws -> NoticeImporter {
        let (catalog, _) = CatalogLoader(directory: Fixtures.feeds).load()
        let loaded = try #require(catalog)
        return NoticeImporter(regions: loaded.regions, systems: loaded.systems, referenceYear: 2027)
    }

    static let partialCancel = """
        公的個人認証サービス（JPKI）の計画停止の一部中止について

        　令和8年11月30日付け事務連絡にてお知らせいたしました公的個人認証サービスの計画停止のうち、下記②の計画停止については中止する旨の連絡がありましたので、お知らせいたします。

        記

        ①令和9年3月13日（土）22時00分～3月14日（日）5時00分　→　予定どおり実施
        ②令和9年3月27日（土）22時00分～3月28日（日）5時00分　→　中止
        """

    @Test("'→ 中止' after a window calls it off; '→ 予定どおり実施' leaves it a stop: neither is the old value of a change")
    func statusArrows() throws {
        let importer = try Self.importer()
        let draft = try importer.importText(Self.partialCancel)
        #expect(draft.notice.windows.map { JST.iso($0.start) } == ["2027-03-13T22:00:00+09:00"])
        let called = importer.cancellations(in: Self.partialCancel)
        #expect(called.count == 1)
        if case .timed(let start, _) = called.first { #expect(JST.iso(start) == "2027-03-27T22:00:00+09:00") } else { Issue.record("not a timed window") }
    }

    @Test("a change with a new time after the arrow is still a change: the old value is not a window")
    func changeArrow() throws {
        let draft = try Self.importer().importText("""
            オンライン資格確認等システムの計画停止の時刻変更について
            令和9年3月13日（土）22時00分～3月14日（日）5時00分　→　令和9年3月13日（土）22時00分～3月14日（日）8時00分
            """)
        #expect(draft.notice.windows.map { JST.iso($0.end ?? $0.start) } == ["2027-03-14T08:00:00+09:00"])
    }

    @Test("a letter that calls a stop off and says the system works as usual then: that date is cancelled")
    func calledOffAsUsual() throws {
        let text = """
            オンライン請求システムの停止の中止について
            　作業計画の見直しにより、停止を中止いたします。
            　令和9年3月27日（土）18時00分から令和9年3月28日（日）9時00分までの間も、オンライン請求システムは通常どおりご利用いただけます。
            """
        let importer = try Self.importer()
        #expect(throws: ImportError.self) { try importer.importText(text) }
        let called = importer.cancellations(in: text)
        #expect(called.count == 1)
        // Without a word of calling off, "works as usual" is not a cancellation.
        #expect(importer.cancellations(in: text.replacingOccurrences(of: "中止", with: "変更")).isEmpty)
    }

    @Test("a page's 【更新】 line dates the update, not a stop; struck-through times are not read")
    func updatedPage() throws {
        let html = """
            <html><body><p><strong>【更新】（令和9年2月19日）作業内容の追加に伴い、停止終了時刻を5:00から8:00に変更しました。</strong></p>
            <p>下記の日時でオンライン資格確認等システムを計画停止いたします。</p>
            <p>2027年4月3日（土）22:00 ～ 2027年4月4日（日）<s>5:00</s> 8:00</p></body></html>
            """
        let draft = try Self.importer().importText(html)
        #expect(draft.notice.windows.map { "\(JST.iso($0.start)) \(JST.iso($0.end ?? $0.start))" } == ["2027-04-03T22:00:00+09:00 2027-04-04T08:00:00+09:00"])
    }

    @Test("a list's 対象地域 line names the prefectures, though the title says 東日本")
    func areaLine() throws {
        let draft = try Self.importer().importText("""
            オンライン資格確認等システム（東日本）の計画停止について（お知らせ）

            記

            停止日時：2027年5月22日（土）23時00分～5月23日（日）7時00分
            対象地域：北海道、青森県、岩手県、宮城県、秋田県、山形県、福島県
            　　　　　（上記以外の地域は停止しません）
            停止内容：資格確認

            以上
            """)
        let scope = try #require(draft.notice.windows.first?.scope)
        #expect(scope.count == 7)
        #expect(scope.first == .prefecture(try #require(Prefecture.find("北海道"))))
        #expect(!scope.contains(.region("east-japan")))
    }

    @Test("every system a subject names stops; a page's headline is its subject when it has no letter head")
    func systemsOfTheSubject() throws {
        let body = "令和9年2月13日（土）21時から翌14日（日）6時まで停止します。"
        let importer = try Self.importer()
        let withHeadline = try importer.importText(body, headline: "オンライン資格確認等システム及び電子処方箋管理サービスの計画停止について")
        #expect(withHeadline.notice.systems == ["onshi", "eprescription"])
        #expect(withHeadline.notice.title == "オンライン資格確認等システム及び電子処方箋管理サービスの計画停止について")
        let without = try importer.importText("オンライン資格確認等システムについて\n" + body)
        #expect(without.notice.systems == ["onshi"])
    }

    @Test("a table's header row names its columns, not the stop: no window is labelled with it")
    func headerRowIsNoLabel() throws {
        let draft = try Self.importer().importText("""
            電子処方箋管理サービスの計画停止日程について
            No.\t停止日\t停止時間\t備考
            1\t2027年3月13日（土）\t22:00～翌3月14日（日）6:00\t－
            2\t2027年4月10日（土）\t22:00～翌4月11日（日）5:00\t－
            """)
        #expect(draft.notice.windows.count == 2)
        #expect(draft.notice.windows.allSatisfy { $0.wording == nil })
    }

    @Test("「終了時刻が早まることがあります」 under a window hedges it: 予定 (Tests/Corpus/READING.md)")
    func mayEndEarlier() throws {
        let draft = try Self.importer().importText("""
            公的個人認証サービスの一時停止について
            停止日時
            令和９年４月１７日（土）２２時００分から令和９年４月１８日（日）６時００分まで
            ※作業の進捗状況等により、終了時刻が早まることがあります。
            """)
        #expect(draft.notice.windows.map(\.tentative) == [true])
    }
}
