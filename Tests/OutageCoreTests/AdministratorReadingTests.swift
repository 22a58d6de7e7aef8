import Foundation
import Testing

@testable import OutageCore

/// The reader against the ways real notices defeat a line-by-line reading: structure (headings that
/// govern blocks, tables, ranges over two lines), what each date means (cancelled, replaced,
/// negated, past, another kind of period, a restatement), years, open ends, 同時刻, and qualifiers
/// or hedges in another sentence. Each case is written in a layout of its own.
@Suite("Reading a notice as an administrator does")
struct AdministratorReadingTests {
    static func windows(_ text: String, year: Int = 2026) -> [String] { GrammarTests.windows(text, year: year) }

    static func read(_ text: String, year: Int = 2026) -> WindowGrammar.Result {
        let reader = ReaderText(text)
        return WindowGrammar(text: reader, tokens: Tokenizer(reader).tokens(), regions: GrammarTests.regions, referenceYear: year).read()
    }

    static let structure: [(name: String, text: String, windows: [String])] = [
        ("a stop heading governs every date line under it",
         "■停止日\n　令和8年6月6日（土）終日\n　令和8年6月13日（土）・14日（日）終日\n■お問い合わせ\n　平日9時～17時",
         ["2026-06-06 outage", "2026-06-13,2026-06-14 outage"]),
        ("a numbered heading governs its lines until the next of its level",
         "１．作業日時\n（１）2026年9月12日(土) 21:00～9月13日(日) 7:00\n（２）2026年9月19日(土) 21:00～9月20日(日) 7:00\n２．説明会\n2026年9月8日(火) 14:00～16:00",
         ["2026-09-12T21:00:00+09:00–2026-09-13T07:00:00+09:00 outage", "2026-09-19T21:00:00+09:00–2026-09-20T07:00:00+09:00 outage"]),
        ("a table with a header row, pipes",
         "電子処方箋管理サービスの停止日程\n| 日付 | 開始 | 終了 |\n|---|---|---|\n| 7月4日(土) | 22:00 | 翌6:00 |\n| 7月18日(土) | 22:00 | 翌6:00 |",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage", "2026-07-18T22:00:00+09:00–2026-07-19T06:00:00+09:00 outage"]),
        ("a table with tabs",
         "メンテナンスによる停止日程\n日付\t開始時刻\t終了時刻\n2026年7月4日(土)\t22:00\t翌6:00",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("a table with runs of spaces, pdftotext layout",
         "システム停止のお知らせ\n  停止日          開始      終了\n  2026年11月7日(土)   23:00     11月8日(日) 5:00",
         ["2026-11-07T23:00:00+09:00–2026-11-08T05:00:00+09:00 outage"]),
        ("a time right after a label's colon (時間：9:00～)",
         "メンテナンス日：2026年9月6日(日)\n時間：9:00～17:00（システム停止）",
         ["2026-09-06T09:00:00+09:00–2026-09-06T17:00:00+09:00 outage"]),
        ("a range whose two ends stand on two lines",
         "停止期間：2026年8月1日(土)22:00から\n　　　　　2026年8月2日(日)6:00まで",
         ["2026-08-01T22:00:00+09:00–2026-08-02T06:00:00+09:00 outage"]),
        ("a ～ the page's encoding lost (?) between two times",
         "▼作業日時\n2026年12月12日 (土) PM 9:00 ? PM 11:30\n▼影響\n上記時間帯はメールサービスが停止します。",
         ["2026-12-12T21:00:00+09:00–2026-12-12T23:30:00+09:00 outage"]),
        ("a hedge between the start and its separator: 23:00頃～",
         "【計画停止】\n第1回　2026年4月18日（土）23:00頃 ～ 4月19日（日）4:00頃\n第2回　2026年5月16日（土）22:00(予定)～5月17日（日）2:00(予定)\n上記の時間帯はサービスを停止します。",
         ["2026-04-18T23:00:00+09:00–2026-04-19T04:00:00+09:00 outage 予定", "2026-05-16T22:00:00+09:00–2026-05-17T02:00:00+09:00 outage 予定"]),
        ("quoted mail: the > marks are not the text",
         "> > 下記のとおりシステムを停止します。\n> > 停止日時：2026年10月3日(土) 1:00～5:00\n> よろしくお願いします。",
         ["2026-10-03T01:00:00+09:00–2026-10-03T05:00:00+09:00 outage"]),
    ]

    static let meaning: [(name: String, text: String, windows: [String])] = [
        ("negated: 停止しません",
         "7月4日(土)22:00～翌6:00にシステムを停止します。なお、7月11日(土)は停止しません。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("negated: a whole window said not to happen",
         "停止日時：2026年7月4日(土)22:00～翌6:00\n※7月11日(土)22:00～翌6:00は停止しません。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("replaced: 変更前 → 変更後",
         "メンテナンス日時の変更について\n【変更前】7月4日(土)22:00～翌6:00 → 【変更後】7月18日(土)22:00～翌6:00\nシステムは停止します。",
         ["2026-07-18T22:00:00+09:00–2026-07-19T06:00:00+09:00 outage"]),
        ("replaced: an arrow alone",
         "システム停止日時の変更\n7月4日(土)22:00～翌6:00 ⇒ 7月18日(土)22:00～翌6:00",
         ["2026-07-18T22:00:00+09:00–2026-07-19T06:00:00+09:00 outage"]),
        ("replaced: a heading 変更前 governs its line",
         "停止日時を変更します。\n■変更前\n2026年7月4日(土)22:00～翌6:00\n■変更後\n2026年7月18日(土)22:00～翌6:00",
         ["2026-07-18T22:00:00+09:00–2026-07-19T06:00:00+09:00 outage"]),
        ("a correction of the end time",
         "停止日時：2026年7月4日(土)22:00～翌5:00\n※終了時刻を5:00から6:00に訂正しました。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("another period: a claim acceptance period",
         "オンライン請求システムを2026年7月1日(水)0:00～6:00に停止します。\n請求の受付期間：7月1日～7月10日",
         ["2026-07-01T00:00:00+09:00–2026-07-01T06:00:00+09:00 outage"]),
        ("another period: a briefing",
         "システム停止に関する説明会 7月8日(水)14時～16時\n停止日時：2026年7月25日(土)20時～24時",
         ["2026-07-25T20:00:00+09:00–2026-07-26T00:00:00+09:00 outage"]),
        ("another period: the hours a service can be used on a day (利用できる日)",
         "窓口システムのご案内\n7月6日(月)は「9時から17時まで利用できる日」です。\nなお、2026年7月11日(土)22:00～翌6:00はメンテナンスのため停止します。",
         ["2026-07-11T22:00:00+09:00–2026-07-12T06:00:00+09:00 outage"]),
        ("another period: an event held (開催), named by no other word",
         "停止日時：2026年7月25日(土)20時～24時\nなお、勉強会を7月15日(水)18時から19時まで、会議室で開催します。",
         ["2026-07-25T20:00:00+09:00–2026-07-26T00:00:00+09:00 outage"]),
        ("a title restates the body's window",
         "【7/4～7/5】オンライン資格確認等システムの停止について\n停止日時：2026年7月4日(土)22:00～7月5日(日)6:00",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("cancelled: 見送り",
         "7月25日(土)22:00～翌6:00に予定していたメンテナンスは見送りとなりました。",
         []),
        ("cancelled in a later item of an update list: every saying of that window",
         "お知らせ一覧\n・2026/06/20　6月27日(土)21:00～翌5:00のメンテナンスは中止しました。\n・2026/06/10　6月27日(土)21:00～翌5:00にシステムメンテナンスを行います。サービスは停止します。",
         []),
        ("replaced by a change, and said again in the older mail quoted below it",
         "システム停止日の変更について\n変更前：8月1日(土)22:00～翌4:00\n変更後：8月8日(土)22:00～翌4:00\n\n--- 前回のご案内 ---\n> 8月1日(土)22:00～翌4:00 システム停止",
         ["2026-08-08T22:00:00+09:00–2026-08-09T04:00:00+09:00 outage"]),
        ("a condition that may call off a listed day: that day is 予定, the other is not",
         "作業日：\n・2026年9月5日(土)\n・2026年9月12日(土)\n作業時間：各日とも 1:00～5:00（システム停止）\n9月5日に作業が完了した場合は、9月12日の作業は実施しません。",
         ["2026-09-05T01:00:00+09:00–2026-09-05T05:00:00+09:00 outage", "2026-09-12T01:00:00+09:00–2026-09-12T05:00:00+09:00 outage 予定"]),
        ("hours given once reach bulleted days (・ is a bullet, not a word)",
         "■停止日\n・2026年10月3日(土)\n・2026年10月10日(土)\n■作業内容\nサーバーの更新\n■停止時間\n各日とも 2:00～6:00",
         ["2026-10-03T02:00:00+09:00–2026-10-03T06:00:00+09:00 outage", "2026-10-10T02:00:00+09:00–2026-10-10T06:00:00+09:00 outage"]),
        ("hours given once for listed days do not reach a date in a sentence",
         "■停止日\n・2026年10月3日(土)\n■停止時間\n各日とも 2:00～6:00\n作業の結果は10月5日(月)にお知らせします。",
         ["2026-10-03T02:00:00+09:00–2026-10-03T06:00:00+09:00 outage"]),
        ("a change's table by column: rows name start and end, columns old and new",
         "システム停止日時の変更\n項目\t変更前\t変更後\n開始\t2026年11月7日(土) 21:00\t2026年11月14日(土) 21:00\n終了\t2026年11月8日(日) 3:00\t2026年11月15日(日) 3:00",
         ["2026-11-14T21:00:00+09:00–2026-11-15T03:00:00+09:00 outage"]),
        ("the new value of a change in a box-drawn table, the stop named only in the first paragraph",
         "予約システムの計画停止につきまして、日程を下記のとおり変更いたします。\n\nご迷惑をおかけしますが、よろしくお願いいたします。\n担当：情報管理課\n電話：000-0000\n\n┌──────┬──────────────┐\n│変更前　│2026年10月3日（土）19:00 ～ 23:00　│\n├──────┼──────────────┤\n│変更後　│2026年10月17日（土）19:00 ～ 23:00　│\n└──────┴──────────────┘",
         ["2026-10-17T19:00:00+09:00–2026-10-17T23:00:00+09:00 outage"]),
        ("past: a stop the letter says was carried out (実施した), beside one still to come",
         "システム計画停止のお知らせ\n１．先月実施した計画停止\n　2026年5月9日(土)22時から翌10日(日)6時まで実施した計画停止は、予定どおり終わりました。\n２．次回の計画停止\n　2026年6月13日(土)22時から翌14日(日)6時まで、システムを停止します。\n停止を実施した場合の連絡先は事務局です。",
         ["2026-06-13T22:00:00+09:00–2026-06-14T06:00:00+09:00 outage"]),
        ("past: 前回",
         "前回（6月6日(土)22:00～翌6:00）に引き続き、2026年7月4日(土)22:00～翌6:00にシステムを停止します。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
    ]

    static let years: [(name: String, text: String, windows: [String])] = [
        ("a year on a line of its own governs the dates below it",
         "停止予定\n2027年\n1月9日 22:00～翌6:00\n1月16日 22:00～翌6:00",
         ["2027-01-09T22:00:00+09:00–2027-01-10T06:00:00+09:00 outage 予定", "2027-01-16T22:00:00+09:00–2027-01-17T06:00:00+09:00 outage 予定"]),
        ("the letter's date at the bottom, the window next year",
         "システム停止のお知らせ\n1月9日(土)22:00～翌6:00 停止します。\n\n令和8年12月20日\n○○医師会",
         ["2027-01-09T22:00:00+09:00–2027-01-10T06:00:00+09:00 outage"]),
        ("the weekday corrects the year the letter's date suggests",
         "令和8年6月20日\n次回のシステム停止は1月9日(土)22:00～翌6:00です。",
         ["2027-01-09T22:00:00+09:00–2027-01-10T06:00:00+09:00 outage"]),
        ("the weekday decides: 12/25(金) is 2026, not the reference year",
         "12/25(金) 22:00～翌6:00 メンテナンスのため停止", ["2026-12-25T22:00:00+09:00–2026-12-26T06:00:00+09:00 outage"]),
    ]

    static let ends: [(name: String, text: String, windows: [String])] = [
        ("open end: 復旧の見込みは立っておりません",
         "2026年8月3日(月)9時から停止しており、復旧の見込みは立っておりません。", ["2026-08-03T09:00:00+09:00–open outage"]),
        ("open end: 復旧次第お知らせします",
         "電子処方箋管理サービスは2026年8月3日(月)10:00から停止しています。復旧次第お知らせします。", ["2026-08-03T10:00:00+09:00–open outage"]),
        ("open end: 当面の間",
         "2026年9月1日(火)から当面の間、マイナポータルの一部機能を停止します。", ["2026-09-01T00:00:00+09:00–open partial"]),
        ("a backup day at the same time: 同時刻",
         "停止日時：2026年7月4日(土)22:00～翌6:00\n予備日：7月11日(土) 同時刻",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage", "2026-07-11T22:00:00+09:00–2026-07-12T06:00:00+09:00 outage 予備日"]),
    ]

    static let qualifiers: [(name: String, text: String, windows: [String])] = [
        ("partial from the next sentence",
         "2026年7月4日(土)22:00～翌6:00にメンテナンスを行います。閲覧機能のみ停止します。資格確認は通常どおりご利用いただけます。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 partial"]),
        ("partial from the next Q&A answer",
         "Q1 いつ停止しますか。\nA1 2026年7月4日(土)22:00～翌6:00に停止します。\nQ2 何が使えなくなりますか。\nA2 薬剤情報の閲覧のみ停止します。資格確認は通常どおりご利用いただけます。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 partial"]),
        ("tentative from a hedge on the following line",
         "停止日時：2026年7月4日(土)22:00～翌6:00\n※作業の状況により、開始・終了とも30分程度前後する可能性があります。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage 予定"]),
        ("partial from something that still works, said in the next sentence",
         "2026年7月4日(土)22:00～翌6:00にメンテナンスを行います。期間中も資格確認は通常どおりご利用いただけます。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 partial"]),
        ("tentative from a hedge on the next line, beside another date",
         "2026年7月4日(土)22:00～翌6:00にシステムを停止します。\n状況により7月11日(土)に延期となる場合があります。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage 予定"]),
        ("partial: a function named by what it does, in a section of its own",
         "【メンテナンスのお知らせ】\n日時：2026年8月22日(土) 9:00～11:00\n内容：サーバー保守\n対象：会計クラウド\nご不便をおかけします。\n影響：期間中は、領収書の再発行機能がご利用いただけません。",
         ["2026-08-22T09:00:00+09:00–2026-08-22T11:00:00+09:00 partial"]),
        ("outage: every function, in a section of its own",
         "【メンテナンスのお知らせ】\n日時：2026年8月22日(土) 9:00～11:00\n内容：サーバー保守\n対象：会計クラウド\nご不便をおかけします。\n影響：期間中は、全機能がご利用いただけません。",
         ["2026-08-22T09:00:00+09:00–2026-08-22T11:00:00+09:00 outage"]),
        ("tentative: a note far below that the work may end early (場合…ことがございます)",
         "停止時間：2026年10月10日(土) 0:00～4:00\n対象：予約システム\n理由：機器の交換\n連絡先：事務局\n電話：000-0000\n（注）作業が順調に進んだ場合、4:00より前に再開することが\nございます。",
         ["2026-10-10T00:00:00+09:00–2026-10-10T04:00:00+09:00 outage 予定"]),
        ("a stop said as 利用ができません over a range of days; a rule of use (制限) elsewhere does not make it partial",
         "市民ホール予約システムのお知らせ\n設備更新のため、2026年11月24日(火)~26日(木)は予約システムの利用ができません。\nご迷惑をおかけします。\n■利用時間制限について\n1回の利用は2時間までとする制限を設けます。",
         ["2026-11-24,2026-11-25,2026-11-26 outage"]),
        ("the day's work (実施日) beside the stop it causes (停電時間): only the stop",
         "受変電設備点検に伴う停電のお知らせ\n実施日：2026年3月8日(日) 7:00~18:00\n停電時間：2026年3月8日(日) 9:30~12:00\n停電中は予約システムがご利用いただけません。",
         ["2026-03-08T09:30:00+09:00–2026-03-08T12:00:00+09:00 outage"]),
        ("phases of one window in list items under it: an outage, then a partial stop",
         "■停止日時\n2026年6月13日(土) 23:00～6月14日(日) 5:00\n■停止内容\n・23:00～翌1:00：全サービス停止\n・1:00～5:00：照会機能のみ停止（登録は可能）",
         ["2026-06-13T23:00:00+09:00–2026-06-14T01:00:00+09:00 outage", "2026-06-14T01:00:00+09:00–2026-06-14T05:00:00+09:00 partial"]),
        ("phases of one window said far below it in prose",
         "メンテナンスは2026年9月26日(土)21時から9月27日(日)3時まで行います。\n作業内容はサーバーの入れ替えです。\nご協力をお願いします。\n問い合わせ先は事務局です。\nなお、21時から翌1時までは全ての機能が停止しますが、1時から3時までは予約の受付のみ停止します。",
         ["2026-09-26T21:00:00+09:00–2026-09-27T01:00:00+09:00 outage", "2026-09-27T01:00:00+09:00–2026-09-27T03:00:00+09:00 partial"]),
        ("一部 of the schedule (停止日程の一部を中止) says nothing of the kind",
         "計画停止の日程変更について\n作業計画の見直しに伴い、停止日程の一部を中止します。\n■実施する日程\n2026年7月4日(土)22:00～翌6:00\n■中止する日程\n2026年7月18日(土)22:00～翌6:00",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("some users at first, then every user: an outage",
         "障害のお知らせ\n2026年8月3日(月)9:00から、予約システムが利用できない状態が続いています。復旧の見込みは立っておりません。\n■経過\n一部の医療機関からログインできないとの連絡がありました。\nその後、全医療機関で同じ事象を確認しました。",
         ["2026-08-03T09:00:00+09:00–open outage"]),
        ("the stop said to be of some functions outweighs one system's 全機能 in the list of what stops",
         "各位\n\n標記の件、下記のとおりシステムを停止します。\n\n日時：2026年10月17日(土) 21:00～23:00\n停止する機能：\n　ア　予約の登録\n　イ　会計システムの全機能\n問い合わせ：事務局\n\nなお、今回は一部の機能に限った停止です。\n\n以上",
         ["2026-10-17T21:00:00+09:00–2026-10-17T23:00:00+09:00 partial"]),
        ("a notice of one day: a time said with a stop far below the day is on it; a time said with no stop is not",
         "【院内周知】\n2026年5月20日(水)\n\n本日は電子カルテの定期保守日です。\n\n保守の準備として、朝のうちに各端末の再起動をお願いします。\n各部署の担当者は、作業手順書を確認してください。\n不明な点は情報システム課（9時から17時まで受付）まで。\n\n15時から17時までの間は電子カルテが使用できません。",
         ["2026-05-20T15:00:00+09:00–2026-05-20T17:00:00+09:00 outage"]),
        ("a status page, oldest report first: the start in the first report (できない事象), the unknown end in a later one",
         "システム障害について\n\n【第1報】2026年9月1日(火) 10:30\n10時20分頃から、電子カルテにログインできない事象が発生しております。\n\n【第2報】2026年9月1日(火) 13:00\n原因はサーバーの故障でした。部品の手配を進めていますが、復旧の見通しは立っておりません。\n\nご迷惑をおかけしております。",
         ["2026-09-01T10:20:00+09:00–open outage 予定"]),
        ("days called days of a stop (を停止日とします) are whole days; 停止日時 is not such a call",
         "窓口予約システムの定期保守について\n保守作業のため、2026年4月11日(土)・12日(日)をシステムの停止日とします。\nご不便をおかけしますが、よろしくお願いします。",
         ["2026-04-11,2026-04-12 outage"]),
        ("the first day's 日 left to the last: a range (12月1〜3日) and a list (7月4・5日) with its hours",
         "庁内ネットワーク更新のお知らせ\n2026年12月1〜3日、蔵書検索システムを停止します。\nまた、電子申請システムは2026年7月4・5日の22:00～翌6:00に停止します。",
         ["2026-12-01,2026-12-02,2026-12-03 outage",
          "2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage", "2026-07-05T22:00:00+09:00–2026-07-06T06:00:00+09:00 outage"]),
        ("a table saying what each row stops: beside a 全機能 row, a row naming one function is partial, a row naming a system is not",
         "下記の日程でメンテナンスを実施します。\n実施日\t時間\t停止内容\n2026年11月7日(土)\t1:00～5:00\t全機能\n2026年11月14日(土)\t1:00～3:00\t帳票の出力\n2026年11月21日(土)\t1:00～3:00\t予約管理システム",
         ["2026-11-07T01:00:00+09:00–2026-11-07T05:00:00+09:00 outage", "2026-11-14T01:00:00+09:00–2026-11-14T03:00:00+09:00 partial",
          "2026-11-21T01:00:00+09:00–2026-11-21T03:00:00+09:00 outage"]),
        ("a ※ note under a list qualifies every row of it, not only the last",
         "保守作業の日程\n1) 2026年6月6日(土) 21:00～23:00\n2) 2026年6月13日(土) 21:00～23:00\n3) 2026年6月20日(土) 21:00～23:00\n※各日とも、照会機能のみ停止します。登録はご利用いただけます。",
         ["2026-06-06T21:00:00+09:00–2026-06-06T23:00:00+09:00 partial", "2026-06-13T21:00:00+09:00–2026-06-13T23:00:00+09:00 partial",
          "2026-06-20T21:00:00+09:00–2026-06-20T23:00:00+09:00 partial"]),
        ("the window's sentence run on to the next line is its own; the next section's 制限 is not",
         "システム入替えに伴う窓口の受付制限期間\n2026年4月25日(土)9時から4月26日(日)17時まで\n証明書発行システムが利用できません。\n郵送請求の制限\n詳しくは市のホームページをご覧ください。",
         ["2026-04-25T09:00:00+09:00–2026-04-26T17:00:00+09:00 outage"]),
        ("English weekdays are weekdays: a short restatement with no year (12/5 (Sat)) is the same Saturday, not the next year's Sunday",
         "Scheduled maintenance / 定期メンテナンスのお知らせ\n(1) 2026/12/5 (Sat.) 22:00 - 2026/12/6 (Sun.) 6:00 JST\n(2) 2027/1/16 (Sat) 1:00 - 4:00 JST\n院内掲示用：12/5 (Sat) 22:00～12/6 (Sun) 6:00 予約システム停止",
         ["2026-12-05T22:00:00+09:00–2026-12-06T06:00:00+09:00 outage", "2027-01-16T01:00:00+09:00–2027-01-16T04:00:00+09:00 outage"]),
        ("parts of the day before an hour: 夕方6時, 夜11時, 深夜1時, 早朝5時",
         "2026年6月5日(金)夕方6時から夜11時まで、会計システムを停止します。\nまた、6月6日(土)深夜1時から早朝5時まで予約システムを停止します。",
         ["2026-06-05T18:00:00+09:00–2026-06-05T23:00:00+09:00 outage", "2026-06-06T01:00:00+09:00–2026-06-06T05:00:00+09:00 outage"]),
        ("prose on one line: an end further on in the sentence (…停止し、翌4日(日)の午前8時まで), a time range in a later sentence of its date, 終日 of the next day's sentence not taken",
         "【お知らせ】市民課窓口システムの更新について。作業の都合により、2026年10月3日(土)は午後7時から窓口システムを全面的に停止し、翌4日(日)の午前8時までの間はすべての証明書を発行できません。また、10月10日(土)には、確認作業のため、午後9時から午後10時までの短時間、再びシステムを停止します。翌11日(日)は終日通常どおりご利用いただけます。",
         ["2026-10-03T19:00:00+09:00–2026-10-04T08:00:00+09:00 outage", "2026-10-10T21:00:00+09:00–2026-10-10T22:00:00+09:00 outage"]),
        ("終日 belongs to the day of its own sentence, not to a day before it on the line",
         "2026年10月10日(土)には機器の確認作業を行います。翌11日(日)は終日システムを停止します。",
         ["2026-10-11 outage"]),
        ("a table row of a range of days with its hours in the next cell (各日), and a row of 終日 on one of those days",
         "■停止日時\n| 対象 | 期間 | 時間 |\n|---|---|---|\n| 予約サイト | 2026年9月1日(火)～9月3日(木) | 各日 1:00～3:00 |\n| 会計システム | 2026年9月2日(水) | 終日 |",
         ["2026-09-01T01:00:00+09:00–2026-09-01T03:00:00+09:00 outage", "2026-09-02T01:00:00+09:00–2026-09-02T03:00:00+09:00 outage",
          "2026-09-03T01:00:00+09:00–2026-09-03T03:00:00+09:00 outage", "2026-09-02 outage"]),
        ("a chat log: its timestamps are no windows' times; 止まります is a stop; a day said later to work as usual withdraws the window on it",
         "#連絡 のログ\n2026/11/02(月)\n09:01\t総務 山田\t来週の予定です。11/7(土) 20:00～23:00 に電子カルテが止まります。\n09:05\t受付 鈴木\t了解です\n09:10\t総務 山田\t訂正します。正しくは 11/14(土) 20:00～23:00 です。7日(土)は通常どおり使えます。\n09:12\t受付 鈴木\t14日ですね\n09:30\t総務 山田\t来月の会議は 12/3(木) です。",
         ["2026-11-14T20:00:00+09:00–2026-11-14T23:00:00+09:00 outage"]),
        ("a bare day's month is the one its weekday is true in (10日(土) after a mention of the 20th)",
         "2026年10月20日(火)に説明会を行います。なお、システム停止は10日(土)22:00～翌6:00です。",
         ["2026-10-10T22:00:00+09:00–2026-10-11T06:00:00+09:00 outage"]),
        ("a lending period (に貸し出す) is another kind of period",
         "年末の図書館システム更新について\nシステム停止に伴い、2026年12月1日～14日に貸し出す図書は、冊数の上限を倍にします。\nシステム停止は2026年12月15日(火)9:00～17:00です。",
         ["2026-12-15T09:00:00+09:00–2026-12-15T17:00:00+09:00 outage"]),
        ("kanji words are not numbers: 一時停止, 一日も早く",
         "サービスを一時停止します。停止日時：2026年7月4日(土)22:00～翌6:00。一日も早い復旧に努めます。十分ご注意ください。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
        ("kanji numerals that are dates and times",
         "令和八年七月四日（土）午後十時から翌日午前六時まで、システムを停止します。",
         ["2026-07-04T22:00:00+09:00–2026-07-05T06:00:00+09:00 outage"]),
    ]

    static let all = structure + meaning + years + ends + qualifiers

    @Test("every layout and meaning", arguments: all.map(\.name))
    func reads(_ name: String) {
        let item = Self.all.first { $0.name == name }!
        #expect(Self.windows(item.text) == item.windows, "\(item.text)")
    }

    @Test("words made of kanji numerals are not dates or times")
    func kanjiWords() {
        let tokens = TokenizerTests.tokens("一時停止し、一時的に、一日も早く、十分ご注意")
        #expect(!tokens.contains { $0.hasPrefix("t(") || $0.hasPrefix("d(") }, "\(tokens)")
        #expect(TokenizerTests.tokens("七月四日(土)十時から") == ["d(--7-4)", "w(6)", "t(10:00)", "rangeSeparator"])
    }

    @Test("a long run of kanji numerals is no number, never a crash (19 × 九 as a month, a day, an hour, 翌N日)",
          arguments: ["九九九九九九九九九九九九九九九九九九九月1日 3:00～5:00 停止", "12月九九九九九九九九九九九九九九九九九九九日 3:00～5:00 停止",
                      "12月1日 九九九九九九九九九九九九九九九九九九九時～5:00 停止", "12月1日 3:00～翌九九九九九九九九九九九九九九九九九九九日5:00 停止"])
    func longKanji(_ text: String) {
        let found = Self.read(text)
        #expect(found.windows.allSatisfy { window in
            if case .timed(let start, let end) = window.timing { return (end ?? .distantFuture) > start }
            return true
        })
    }

    @Test("the label is never a question heading")
    func noQuestionLabel() {
        let found = Self.read("Q1 いつ停止しますか。\nA1 2026年7月4日(土)22:00～翌6:00に停止します。")
        #expect(found.windows.count == 1)
        #expect(found.windows.first?.wording == nil)
    }

    @Test("every date not drafted is classed, with the words that decided it")
    func classes() {
        let text = "令和8年6月20日\n【変更前】7月4日(土)22:00～翌6:00 → 【変更後】7月18日(土)22:00～翌6:00 停止\n7月11日(土)は停止しません。\n説明会 7月8日(水)14時～16時\n前回の停止は6月6日(土)に実施しました。"
        let found = Self.read(text)
        let classes = Set(found.readings.filter { $0.window == nil }.map(\.meaning))
        #expect(classes.isSuperset(of: [.letterDate, .replaced, .negated, .otherPeriod, .past]), "\(found.readings)")
        #expect(found.readings.filter { $0.window != nil }.count == 1)
        for reading in found.readings where reading.window == nil { #expect(!reading.reason.isEmpty) }
    }

    @Test("a weekday no year can make true is never drafted silently")
    func impossibleWeekday() {
        let found = Self.read("2026年7月4日(金)22:00～翌6:00 停止")
        #expect(found.windows.count == 1)
        #expect(found.windows.first?.checks.contains { $0.contains("金") } == true)
    }

    @Test("a year that was assumed is a CHECK on the window")
    func assumedYear() {
        let found = Self.read("7月4日 22:00～翌6:00 システム停止", year: 2026)
        #expect(found.windows.first?.checks.contains { $0.contains("year") } == true)
    }
}
