import Foundation
import Testing

@testable import OutageCore

/// The notice reader, token by token and then window by window.
@Suite("Reading dates and times: tokens")
struct TokenizerTests {
    /// Tokens in a compact form: d(2024-12-31), d(-12-31), d(+1), t(3:00), w(2), and the kind's name.
    static func tokens(_ text: String) -> [String] {
        Tokenizer(ReaderText(text)).tokens().map { token in
            switch token.kind {
            case .date(let d):
                if let days = d.relativeDays { return "d(\(days >= 0 ? "+" : "")\(days))" }
                let y = d.year.map(String.init) ?? "-", m = d.month.map(String.init) ?? "-", day = d.day.map(String.init) ?? "-"
                return "d(\(d.followingDay ? "翌" : "")\(y)-\(m)-\(day))"
            case .time(let t): return "t(\(t.hour):\(t.minute < 10 ? "0" : "")\(t.minute))"
            case .weekday(let w): return "w(\(w))"
            case .impact(let kind): return "impact(\(kind.rawValue))"
            case .notAWindow(let why): return "not(\(why))"
            default: return "\(token.kind)"
            }
        }
    }

    static let cases: [(String, [String])] = [
        ("令和6年12月31日(火)", ["d(2024-12-31)", "w(2)"]),
        ("令和元年5月1日", ["d(2019-5-1)"]),
        ("平成26年11月29(土)", ["d(2014-11-29)", "w(6)"]),
        ("西暦2025年1月2日", ["d(2025-1-2)"]),
        ("2024/12/31", ["d(2024-12-31)"]),
        ("2024.12.31", ["d(2024-12-31)"]),
        ("2024-12-31", ["d(2024-12-31)"]),
        ("12/31 3:00", ["d(--12-31)", "t(3:00)"]),
        ("十二月三十一日", ["d(--12-31)"]),
        ("２０２５年２月１６日（日）", ["d(2025-2-16)", "w(0)"]),
        ("2025年3月1⽇", ["d(2025-3-1)"]),
        ("令和٣年1月1日", ["d(2021-1-1)"]),
        ("令 和 6 年 12 月 31 日", ["d(2024-12-31)"]),
        ("٣:٠٠", ["t(3:00)"]),
        ("３：００", ["t(3:00)"]),
        ("3時30分", ["t(3:30)"]),
        ("3時半", ["t(3:30)"]),
        ("午後3時", ["t(15:00)"]),
        ("3:00 PM", ["t(15:00)"]),
        ("PM8:00", ["t(20:00)"]),
        ("AM 02:55", ["t(2:55)"]),
        ("正午", ["t(12:00)"]),
        ("午前0時", ["t(0:00)"]),
        ("午後12時", ["t(12:00)"]),
        ("24:00", ["t(24:00)"]),
        ("25:00", ["t(25:00)"]),
        ("翌日", ["d(+1)"]),
        ("同日", ["d(+0)"]),
        ("前日", ["d(-1)"]),
        ("翌16日", ["d(翌----16)"]),
        ("翌6時", ["d(+1)", "t(6:00)"]),
        ("同月20日", ["d(----20)"]),
        ("(土曜日)", ["w(6)"]),
        ("(月・祝)", ["w(1)"]),
        ("～ 〜 ~ - から まで より 以降", ["rangeSeparator", "rangeSeparator", "rangeSeparator", "rangeSeparator", "rangeSeparator", "until", "rangeSeparator", "since"]),
        ("・ 、 及び", ["list", "list", "list"]),
        ("終日 予備日 再開未定 決まり次第 頃 予定 延長 中止 深夜 未明", ["allDay", "backup", "openEnd", "openEnd", "approximate", "tentative", "extended", "cancelled", "vagueTime", "vagueTime"]),
        ("一部 数分 瞬断 停止", ["impact(partial)", "impact(intermittent)", "impact(intermittent)", "impact(outage)"]),
        ("掲載日 更新日 受付時間 平日 までに", ["not(掲載日)", "not(更新日)", "not(受付時間)", "not(平日)", "not(までに)"]),
        ("メンテナンス履歴 過去障害情報 (参考)", ["impact(outage)", "history", "history", "history", "reference"]),
        // Not dates or times.
        ("6～16桁", ["rangeSeparator"]),
        ("第3時限", []),
        ("3時間", []),
        ("3日間", []),
        ("電話 0800-080-4583", ["rangeSeparator", "rangeSeparator"]),
        ("11月・12月", ["d(--11--)", "list", "d(--12--)"]),
    ]

    @Test("each kind of token", arguments: cases.indices)
    func token(_ index: Int) {
        let (text, expected) = Self.cases[index]
        #expect(Self.tokens(text) == expected, "\(text)")
    }
}

@Suite("Reading dates and times: windows")
struct GrammarTests {
    static let regions: RegionMap = {
        let east = Prefecture.all.filter { $0.code <= 15 || $0.code == 19 || $0.code == 20 }
        return RegionMap([
            Region(id: "east-japan", name: "東日本", nameEnglish: nil, prefectures: east),
            Region(id: "west-japan", name: "西日本", nameEnglish: nil, prefectures: Prefecture.all.filter { !east.contains($0) }),
        ])
    }()

    /// The windows of `text` as `start–end kind flags scope`.
    static func windows(_ text: String, year: Int = 2025) -> [String] {
        let reader = ReaderText(text)
        let found = WindowGrammar(text: reader, tokens: Tokenizer(reader).tokens(), regions: regions, referenceYear: year).read()
        return found.windows.map { window in
            let when: String
            switch window.timing {
            case .timed(let start, let end): when = "\(JST.iso(start))–\(end.map(JST.iso) ?? "open")"
            case .days(let days): when = days.map(\.description).joined(separator: ",")
            }
            let flags = (window.tentative ? " 予定" : "") + (window.backup ? " 予備日" : "")
            let scope = window.scope == [.nationwide] ? "" : " " + DraftWriter.scopeText(window.scope[0])
            return "\(when) \(window.kind.rawValue)\(flags)\(scope)"
        }
    }

    static let cases: [(name: String, text: String, windows: [String])] = [
        ("heading block, 翌N日", "１．停止日時　令和7年3月15日(土) 22時 ～ 翌16日(日) 6時\n電子処方箋管理サービスが停止します。",
         ["2025-03-15T22:00:00+09:00–2025-03-16T06:00:00+09:00 outage"]),
        ("prose, から…までの間", "令和7年3月10日午後10時から翌11日の午前6時までの間、システムを停止いたします。",
         ["2025-03-10T22:00:00+09:00–2025-03-11T06:00:00+09:00 outage"]),
        ("prose, に始まり…に終了予定", "メンテナンスは3月1日(土)22時に始まり、3月2日(日)5時に終了予定です。",
         ["2025-03-01T22:00:00+09:00–2025-03-02T05:00:00+09:00 outage 予定"]),
        ("a bullet with the system before the time", "・電子処方箋管理サービス：2025年5月11日(日) 2:00～6:00 停止",
         ["2025-05-11T02:00:00+09:00–2025-05-11T06:00:00+09:00 outage"]),
        ("a heading names the area and the kind", "(2)数分間の通信断\n東日本エリア：2月17日(月)10:00～10:30頃",
         ["2025-02-17T10:00:00+09:00–2025-02-17T10:30:00+09:00 intermittent 予定 east-japan"]),
        ("all-day on several dates", "システム停止日：5月5日・8月17日（終日）", ["2025-05-05,2025-08-17 outage"]),
        ("a range of dates, rolling over the new year", "休止期間：2024年12月28日から1月5日まで",
         ["2024-12-28,2024-12-29,2024-12-30,2024-12-31,2025-01-01,2025-01-02,2025-01-03,2025-01-04,2025-01-05 outage"]),
        ("a backup day", "メンテナンス：2025年6月2日(月)22:00~2025年6月3日(火)06:00\n(予備日:2025年6月12日(木)22:00~2025年6月13日(金)06:00)",
         ["2025-06-02T22:00:00+09:00–2025-06-03T06:00:00+09:00 outage", "2025-06-12T22:00:00+09:00–2025-06-13T06:00:00+09:00 outage 予備日"]),
        ("an end not known", "2025年1月10日 9:00から一部機能を停止しています。再開未定です。",
         ["2025-01-10T09:00:00+09:00–open partial"]),
        ("24:00 is the next day's 0:00", "12月31日(水) 22:00～24:00 停止", ["2025-12-31T22:00:00+09:00–2026-01-01T00:00:00+09:00 outage"]),
        ("an end earlier than the start runs past midnight", "2025年5月9日 23:00～5:00 メンテナンス", ["2025-05-09T23:00:00+09:00–2025-05-10T05:00:00+09:00 outage"]),
        ("AM and PM", "【日時】2018年12月20日(木) AM 02:55 ~ AM 04:30 メンテナンス", ["2018-12-20T02:55:00+09:00–2018-12-20T04:30:00+09:00 outage"]),
        ("no year: the weekday says which", "11月12日(火)00:00 ~ 07:00 メンテナンス", ["2024-11-12T00:00:00+09:00–2024-11-12T07:00:00+09:00 outage"]),
        ("the same window in the title and the body, once", "1月20日(月)2:00～4:00 停止のお知らせ\n停止日時：2025年1月20日(月)2:00～4:00",
         ["2025-01-20T02:00:00+09:00–2025-01-20T04:00:00+09:00 outage"]),
        // Not windows.
        ("office hours", "受付時間 平日9時～17時", []),
        ("a range that is not a time", "番号は6～16桁で入力してください。", []),
        ("history", "■メンテナンス履歴\n・2025年4月2日(水)01:00~06:00 停止", []),
        ("reference", "(参考)\n・2025年5月9日(金)01:00~05:00 停止", []),
        ("a deadline", "2025年6月13日(金)17:00 までに手続きを完了してください。停止に備えてください。", []),
        ("a letter's date", "令和6年12月24日\n厚生労働省", []),
        ("the past", "2014年11月29日(土)9:00-10:40 にメンテナンスが実施されました。", []),
        ("a cancelled slot", "・2025年06月05日(木) 22:30 ~ 06月06日(金) 05:00【中止】 メンテナンス", []),
    ]

    @Test("windows from every layout, and dates that are not windows", arguments: cases.map(\.name))
    func window(_ name: String) {
        let item = Self.cases.first { $0.name == name }!
        #expect(Self.windows(item.text) == item.windows, "\(item.text)")
    }

    @Test("a date nothing uses is reported, with why")
    func unused() {
        let reader = ReaderText("掲載日：2025年5月7日\n停止日時：2025年6月2日(月)22:00～6月3日(火)6:00")
        let found = WindowGrammar(text: reader, tokens: Tokenizer(reader).tokens(), regions: Self.regions, referenceYear: 2025).read()
        #expect(found.windows.count == 1)
        #expect(found.notUsed == ["2025年5月7日: another kind of period (掲載日) (…掲載日:2025年5月7日 停止日時:2025…)"])
    }

    @Test("a weekday that does not match its date is flagged")
    func weekdayMismatch() {
        let reader = ReaderText("2025年6月2日(火)22:00～23:00 停止")
        let found = WindowGrammar(text: reader, tokens: Tokenizer(reader).tokens(), regions: Self.regions, referenceYear: 2025).read()
        #expect(found.warnings.contains { $0.contains("is a 月曜日, not 火曜日") })
    }

    @Test("a system named before a window's time narrows that window to it")
    func systemPerWindow() throws {
        let catalog = try Fixtures.seedCatalog()
        let text = "オンライン資格確認等システム等の停止について\n・電子処方箋管理サービス：2025年5月11日(日) 2:00～6:00 停止\n・オンライン資格確認等システム：2025年5月12日(月) 2:00～6:00 停止"
        let draft = try NoticeImporter(regions: catalog.regions, systems: catalog.systems, referenceYear: 2025).importText(text)
        #expect(draft.notice.systems == ["onshi", "eprescription"])
        #expect(draft.notice.windows.map(\.systems) == [["eprescription"], ["onshi"]])
    }

    @Test("a saved portal page is read for its words")
    func html() {
        let page = "<!DOCTYPE html><html><head><style>p{}</style><script>var x='1月1日';</script></head><body><h1>停止のお知らせ</h1><table><tr><td>日時</td><td>2025年3月1日(土)&nbsp;22:00&#xFF5E;翌6:00</td></tr></table><p>電子処方箋&amp;その他</p></body></html>"
        let text = HTMLText.plain(page)
        #expect(!text.contains("<"))
        #expect(!text.contains("var x"))
        #expect(text.contains("電子処方箋&その他"))
        #expect(Self.windows(text) == ["2025-03-01T22:00:00+09:00–2025-03-02T06:00:00+09:00 outage"])
    }

    @Test("a megabyte of letters is read in linear time, token lookup by first character (was quadratic: minutes)")
    func megabyte() throws {
        let seed = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Notices/seed-2024-12.txt"), encoding: .utf8)
        let text = String(repeating: seed, count: 140)
        #expect(text.utf8.count > 1_000_000)
        let started = ContinuousClock.now
        let catalog = try Fixtures.seedCatalog()
        let draft = try NoticeImporter(regions: catalog.regions, systems: catalog.systems, referenceYear: 2025).importText(text)
        // The same three windows, once each however often the letter repeats.
        #expect(draft.notice.windows.count == 3)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test("a large notice is read in linear time: 400 copies of a letter give one window each, deduplicated")
    func large() throws {
        let letter = "令和7年3月1日\n停止日時：2025年3月15日(土)22:00～翌6:00\n"
        var text = ""
        for day in 0..<400 { text += letter.replacingOccurrences(of: "15日", with: "\(day % 28 + 1)日").replacingOccurrences(of: "3月1", with: "\(day / 28 % 12 + 1)月1") }
        let started = ContinuousClock.now
        let reader = ReaderText(text)
        let found = WindowGrammar(text: reader, tokens: Tokenizer(reader).tokens(), regions: Self.regions, referenceYear: 2025).read()
        #expect(found.windows.count > 100)
        // Generous: a quadratic reader took minutes on this; linear takes well under a second.
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
