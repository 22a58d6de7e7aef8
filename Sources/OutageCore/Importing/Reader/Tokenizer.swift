/// Cuts a ``ReaderText`` into ``Token``s in one pass, longest match first at each offset.
/// Knows dates (令和/平成/昭和/元年/西暦, 年 or 月 left out, 同月/同日/翌日/翌N日/前日, M/D,
/// YYYY/MM/DD, YYYY.MM.DD, kanji numerals), times (3:00, 3時30分, 半, 午前/午後/AM/PM before or
/// after, 正午, 24:00 and later), weekdays, separators, lists and the words that qualify a window.
struct Tokenizer {
    let text: ReaderText
    private var s: [Unicode.Scalar] { text.scalars }

    init(_ text: ReaderText) { self.text = text }

    static let eras: [(String, Int)] = [("令和", 2019), ("平成", 1989), ("昭和", 1926)]

    /// Words, longest first where one begins another.
    static let words: [(word: String, kind: Token.Kind)] = [
        ("再開未定", .openEnd), ("終了未定", .openEnd), ("再開日未定", .openEnd), ("決まり次第", .openEnd), ("未定", .openEnd),
        ("予備日", .backup), ("終日", .allDay), ("以降", .since), ("から", .rangeSeparator), ("より", .rangeSeparator), ("に始まり", .rangeSeparator), ("に開始し", .rangeSeparator),
        ("までに", .notAWindow("までに")), ("まで", .until), ("及び", .list), ("および", .list), ("予定", .tentative), ("見込み", .tentative),
        ("頃", .approximate), ("ごろ", .approximate), ("前後", .approximate), ("延長", .extended), ("中止", .cancelled),
        ("深夜", .vagueTime), ("未明", .vagueTime),
        ("一部", .impact(.partial)), ("断続", .impact(.intermittent)), ("数分", .impact(.intermittent)), ("瞬断", .impact(.intermittent)),
        ("つながりにく", .impact(.intermittent)), ("繋がりにく", .impact(.intermittent)), ("不安定", .impact(.intermittent)),
        ("停止", .impact(.outage)), ("休止", .impact(.outage)), ("利用できません", .impact(.outage)), ("ご利用いただけません", .impact(.outage)),
        ("通信断", .impact(.outage)), ("メンテナンス", .impact(.outage)), ("停電", .impact(.outage)), ("再開", .resumes),
        ("制限", .impact(.partial)), ("一時利用不可", .impact(.outage)),
        ("利用ができません", .impact(.outage)), ("利用はできません", .impact(.outage)), ("使用できません", .impact(.outage)),
        ("使用ができません", .impact(.outage)), ("利用できなく", .impact(.outage)), ("使用できなく", .impact(.outage)),
        ("ご利用になれません", .impact(.outage)), ("止まります", .impact(.outage)), ("止まる", .impact(.outage)), ("止まって", .impact(.outage)),
        ("止めます", .impact(.outage)), ("に貸し出す", .notAWindow("貸出")), ("貸出期間", .notAWindow("貸出")), ("利用不可", .impact(.outage)), ("使用不可", .impact(.outage)), ("不通", .impact(.outage)),
        ("接続できません", .impact(.outage)), ("利用できない状態", .impact(.outage)), ("できない事象", .impact(.outage)), ("できない状況", .impact(.outage)), ("使用できない状態", .impact(.outage)), ("アクセスできません", .impact(.outage)),
        ("【更新】", .notAWindow("更新日")), ("【追記】", .notAWindow("更新日")), ("掲載日", .notAWindow("掲載日")), ("更新日", .notAWindow("更新日")), ("最終更新", .notAWindow("更新日")),
        ("公開日", .notAWindow("公開日")), ("作成日", .notAWindow("作成日")), ("発行日", .notAWindow("発行日")),
        ("受付時間", .notAWindow("受付時間")), ("営業時間", .notAWindow("営業時間")), ("利用時間", .notAWindow("利用時間")),
        ("運用時間", .notAWindow("運用時間")), ("利用できる時間", .notAWindow("利用時間")), ("利用できる日", .notAWindow("利用時間")), ("利用可能日", .notAWindow("利用時間")), ("ご利用時間", .notAWindow("利用時間")),
        ("サービス時間", .notAWindow("サービス時間")), ("稼働時間", .notAWindow("稼働時間")), ("提供時間", .notAWindow("提供時間")),
        ("診療時間", .notAWindow("診療時間")), ("窓口時間", .notAWindow("窓口時間")), ("開庁時間", .notAWindow("開庁時間")),
        ("除く", .notAWindow("除く")), ("当番", .notAWindow("当番")), ("除き", .notAWindow("除く")), ("開館時間", .notAWindow("開館時間")), ("平日", .notAWindow("平日")),
        ("期限", .notAWindow("期限")), ("締切", .notAWindow("締切")), ("締め切り", .notAWindow("締切")),
        ("履歴", .history), ("過去", .history), ("障害情報", .history), ("参考", .reference),
        ("実施されました", .notAWindow("already happened")), ("実施しました", .notAWindow("already happened")),
        ("行いました", .notAWindow("already happened")), ("行われました", .notAWindow("already happened")),
        ("発生しました", .notAWindow("already happened")), ("発生いたしました", .notAWindow("already happened")),
        ("完了しました", .notAWindow("already happened")), ("復旧しました", .notAWindow("already happened")),
        ("終了しました", .notAWindow("already happened")),
        ("実施した", .notAWindow("already happened")), ("実施した場合", .plain), ("実施したい", .plain), ("実施したうえ", .plain),
        // What each date means, said by the words of its clause.
        ("停止しません", .negated), ("停止いたしません", .negated), ("停止はしません", .negated), ("停止はいたしません", .negated),
        ("停止はありません", .negated), ("停止はございません", .negated), ("停止することはありません", .negated), ("停止は行いません", .negated),
        ("実施しません", .negated), ("実施いたしません", .negated), ("作業を行いません", .negated), ("作業は行いません", .negated),
        ("受け入れを行いません", .impact(.outage)), ("行いません", .plain), ("影響はありません", .negated),
        ("影響ありません", .negated), ("影響はございません", .negated), ("影響なし", .negated), ("影響はない", .negated),
        ("通常どおり", .works), ("通常通り", .works), ("ご利用いただけます", .works), ("ご利用になれます", .works), ("利用可能", .works),
        ("利用できます", .works), ("使用できます", .works), ("使用可能", .works),
        ("のみ停止", .impact(.partial)), ("のみ休止", .impact(.partial)), ("のみ利用できません", .impact(.partial)),
        ("のみご利用いただけません", .impact(.partial)), ("一部機能", .impact(.partial)),
        ("見送り", .cancelled), ("取りやめ", .cancelled), ("取り止め", .cancelled), ("取止め", .cancelled),
        ("変更前", .replaced), ("訂正前", .replaced), ("修正前", .replaced), ("旧日程", .replaced),
        ("変更後", .replacement), ("訂正後", .replacement), ("修正後", .replacement), ("新日程", .replacement),
        ("→", .arrow), ("⇒", .arrow), ("訂正", .correction), ("修正", .correction),
        ("前回", .past),
        ("申請期間", .notAWindow("申請期間")), ("受付期間", .notAWindow("受付期間")), ("請求期間", .notAWindow("請求期間")),
        ("提出期間", .notAWindow("提出期間")), ("説明会", .notAWindow("説明会")), ("開催", .notAWindow("開催")), ("研修", .notAWindow("研修")),
        ("講習", .notAWindow("講習")), ("セミナー", .notAWindow("セミナー")), ("毎日", .notAWindow("毎日")), ("毎週", .notAWindow("毎週")),
        ("毎月", .notAWindow("毎月")), ("定例", .notAWindow("定例")),
        ("見込みは立って", .openEnd), ("見込みが立って", .openEnd), ("見通しは立って", .openEnd), ("見通しが立って", .openEnd),
        ("目処が立って", .openEnd), ("目途が立って", .openEnd), ("めどが立って", .openEnd), ("目処は立って", .openEnd), ("目途は立って", .openEnd),
        ("復旧次第", .openEnd), ("継続中", .openEnd), ("再開時期は別途", .openEnd), ("再開日は別途", .openEnd), ("再開時期は改めて", .openEnd),
        ("再開日は改めて", .openEnd), ("別途ご連絡", .openEnd), ("別途お知らせ", .openEnd), ("利用可能時間", .notAWindow("利用時間")),
        ("影響を受ける", .impact(.partial)), ("再開次第", .openEnd), ("当面の間", .openEnd), ("当分の間", .openEnd), ("改めてお知らせ", .openEnd),
        ("同時刻", .sameTime), ("同じ時間帯", .sameTime), ("同時間帯", .sameTime), ("同じ時間", .sameTime),
        ("可能性", .hedge), ("目途", .hedge), ("目処", .hedge), ("めど", .hedge), ("状況により", .hedge), ("状況によって", .hedge),
        ("変更となる場合", .hedge), ("変更になる場合", .hedge), ("変更する場合", .hedge), ("延長する場合", .hedge), ("延長となる場合", .hedge),
        ("早まる場合", .hedge), ("遅れる場合", .hedge), ("早まること", .hedge), ("遅れること", .hedge), ("早まる可能性", .hedge), ("遅れる可能性", .hedge), ("程度", .hedge), ("変更される場合", .hedge), ("変更の場合", .hedge), ("変更する可能性", .hedge), ("前後する", .hedge), ("前後いたします", .hedge),
        ("全機能", .whole), ("全サービス", .whole), ("全ての機能", .whole), ("すべての機能", .whole), ("全面停止", .whole),
        ("全ての機能", .whole), ("全システム", .whole), ("のみ", .only),
        ("以下の機能", .impact(.partial)), ("下記の機能", .impact(.partial)), ("次の機能", .impact(.partial)),
        ("の一部である", .plain), ("の一部です", .plain), ("一部時間帯", .plain), ("一部の時間帯", .plain), ("一部中止", .plain), ("一部を中止", .plain), ("日程の一部", .plain), ("一部の日程", .plain), ("一部日程", .plain),
        ("全医療機関", .whole), ("全ての医療機関", .whole), ("すべての医療機関", .whole), ("全利用者", .whole), ("全ての利用者", .whole),
        ("すべての利用者", .whole), ("全てのお客様", .whole), ("すべてのお客様", .whole), ("全ユーザー", .whole),
        ("一部変更", .plain), ("一部修正", .plain),
        ("以外の日程", .plain), ("以外の日", .plain), ("以外の期間", .plain), ("以外の時間", .plain), ("以外の時期", .plain),
        ("以外の", .except), ("以外は", .except), ("継続します", .works), ("継続いたします", .works), ("行えます", .works),
        ("可能です", .works), ("はできます", .works),
        ("予定どおり", .plain), ("予定通り", .plain), ("申し訳ありません", .plain), ("申し訳ございません", .plain),
        ("開始:", .startLabel), ("開始日時:", .startLabel), ("開始時刻:", .startLabel), ("停止開始:", .startLabel), ("開始予定:", .startLabel),
        ("終了:", .endLabel), ("終了日時:", .endLabel), ("終了時刻:", .endLabel), ("停止終了:", .endLabel), ("終了予定:", .endLabel),
        ("再開:", .endLabel), ("再開日時:", .endLabel), ("再開予定:", .endLabel), ("復旧予定:", .endLabel),
        ("~", .rangeSeparator), ("〜", .rangeSeparator), ("-", .rangeSeparator), ("–", .rangeSeparator), ("—", .rangeSeparator),
        ("・", .list), ("、", .list), (",", .list),
    ]

    static let weekdayNames: [Unicode.Scalar] = ["日", "月", "火", "水", "木", "金", "土"]

    /// The words by their first scalar, longest first, so that each offset tries only its own.
    static let wordsByFirst: [Unicode.Scalar: [([Unicode.Scalar], Token.Kind)]] = {
        var table: [Unicode.Scalar: [([Unicode.Scalar], Token.Kind)]] = [:]
        for (word, kind) in words {
            let scalars = Array(word.unicodeScalars)
            table[scalars[0], default: []].append((scalars, kind))
        }
        return table.mapValues { $0.sorted { $0.0.count > $1.0.count } }
    }()

    /// Scalars a date, a time or a weekday can begin with.
    static let starters: Set<Unicode.Scalar> = {
        var set = Set("0123456789〇零一二三四五六七八九十翌同当前令平昭西午正AaPp(《夜夕晩朝早深".unicodeScalars)
        for name in weekdayNames { set.insert(name) }
        return set
    }()

    /// One pass over the text; at each offset only the matchers its first scalar can start.
    func tokens() -> [Token] {
        var tokens: [Token] = []
        var at = 0
        while at < s.count {
            if Tokenizer.starters.contains(s[at]), let (token, next) = date(at) ?? time(at) ?? weekday(at) {
                tokens.append(token)
                at = next
                // 12月19日付 (日病薬発…): the date of a letter referred to, not a window.
                if case .date = token.kind, let end = literal("付", at) {
                    tokens.append(Token(kind: .notAWindow("付: the date of a letter referred to"), range: at..<end))
                    at = end
                }
                // (令和6年12月24日掲載): the date a page was published.
                if case .date = token.kind, let end = literal("掲載", at) ?? literal("更新", at) ?? literal("公開", at) ?? literal("発行", at) {
                    tokens.append(Token(kind: .notAWindow("掲載日"), range: at..<end))
                    at = end
                }
                continue
            }
            // 「AM 0:00 ? AM 6:00」: a ～ the page's encoding lost, between two times.
            if s[at] == "?", let last = tokens.last, case .time = last.kind, at - last.range.upperBound <= 2 {
                var next = at + 1
                while next < s.count, s[next] == " ", next - at <= 2 { next += 1 }
                if next < s.count, Tokenizer.starters.contains(s[next]), let (following, _) = time(next), case .time = following.kind {
                    tokens.append(Token(kind: .rangeSeparator, range: at..<(at + 1)))
                    at += 1
                    continue
                }
            }
            if let words = Tokenizer.wordsByFirst[s[at]] {
                var matched: (Int, Token.Kind)?
                for (word, kind) in words {
                    if let end = text.end(of: word, at: at) { matched = (end, kind); break }
                }
                if let (end, kind) = matched {
                    tokens.append(Token(kind: kind, range: at..<end))
                    at = end
                    continue
                }
            }
            at += 1
        }
        return tokens
    }

    // MARK: Numbers

    /// ASCII digits (at most `digits` of them), or kanji numerals up to 99 (十二, 三十一, 二〇二五
    /// digit by digit).
    func number(_ at: Int, digits: Int = 2) -> (Int, Int)? {
        var i = at
        var value = 0
        while i < s.count, ReaderText.isDigit(s[i]), i - at < digits {
            value = value * 10 + Int(s[i].value - 0x30)
            i += 1
        }
        if i > at {
            // More digits than allowed: not this kind of number (a phone number, 6～16桁 …).
            if i < s.count, ReaderText.isDigit(s[i]) { return nil }
            return (value, i)
        }
        return kanjiNumber(at)
    }

    static let kanjiDigits: [Unicode.Scalar: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    func kanjiNumber(_ at: Int) -> (Int, Int)? {
        var i = at
        var total = 0
        var current = 0
        var seen = false
        while i < s.count {
            // No date or time needs more than four kanji digits (二〇二五): a longer run is not one
            // of ours, and its value could not be held (19 × 九 overflowed: a crash).
            if i - at >= 6 { return nil }
            if let d = Tokenizer.kanjiDigits[s[i]] {
                current = current * 10 + d
                seen = true
            } else if s[i] == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
                seen = true
            } else {
                break
            }
            i += 1
        }
        guard seen else { return nil }
        return (total + current, i)
    }

    func literal(_ word: String, _ at: Int) -> Int? {
        let scalars = Array(word.unicodeScalars)
        return text.has(scalars, at: at) ? at + scalars.count : nil
    }

    // MARK: Dates

    func date(_ start: Int) -> (Token, Int)? {
        // 翌日, 同日, 前日, 当日, 翌16日, 同月16日
        for (word, days) in [("翌日", 1), ("同日", 0), ("当日", 0), ("前日", -1)] {
            if let next = literal(word, start) {
                return (Token(kind: .date(DateToken(relativeDays: days)), range: start..<next), next)
            }
        }
        if let after = literal("翌", start) {
            if let (day, next) = number(after), let end = literal("日", next), (1...31).contains(day) {
                return (Token(kind: .date(DateToken(day: day, followingDay: true)), range: start..<end), end)
            }
            // 翌6時, 翌朝6時: the day after, then the time.
            let timeStart = literal("朝", after) ?? after
            if time(timeStart) != nil {
                return (Token(kind: .date(DateToken(relativeDays: 1)), range: start..<timeStart), timeStart)
            }
        }
        if let after = literal("同月", start), let (day, next) = number(after), let end = literal("日", next), (1...31).contains(day) {
            return (Token(kind: .date(DateToken(day: day)), range: start..<end), end)
        }
        // A number right after a digit belongs to that number.
        if start > 0, ReaderText.isDigit(s[start - 1]) { return nil }
        var date = DateToken()
        var at = start
        // The year: 令和6年, 令和元年, 西暦2024年, 2024年.
        for (era, first) in Tokenizer.eras {
            guard let after = literal(era, start) else { continue }
            if let end = literal("元年", after) {
                date.year = first
                at = end
            } else if let (n, next) = number(after), let end = literal("年", next), n >= 1, n <= 99 {
                date.year = first + n - 1
                at = end
            }
        }
        if date.year == nil {
            let from = literal("西暦", start) ?? start
            if let (n, next) = number(from, digits: 4), let end = literal("年", next), n >= 1900, n <= 2999 {
                date.year = n
                at = end
            }
        }
        // 2024/12/31, 2024.12.31, 2024-12-31
        if date.year == nil, let (year, next) = number(start, digits: 4), year >= 1900, year <= 2999, next - start == 4, next < s.count,
            ["/", ".", "-"].contains(s[next]) {
            let separator = s[next]
            if let (month, afterMonth) = number(next + 1), afterMonth < s.count, s[afterMonth] == separator,
                let (day, end) = number(afterMonth + 1), (1...12).contains(month), (1...31).contains(day) {
                return (Token(kind: .date(DateToken(year: year, month: month, day: day)), range: start..<end), end)
            }
        }
        // 12月31日, 12月, 31日
        if let (month, next) = number(at), let afterMonth = literal("月", next), (1...12).contains(month) {
            date.month = month
            at = afterMonth
            if let (day, afterDay) = number(afterMonth), (1...31).contains(day) {
                // 15日, or a day written without 日 before its weekday: 12月15(月).
                if let end = literal("日", afterDay) {
                    date.day = day
                    at = end
                } else if afterDay < s.count, s[afterDay] == "(" {
                    date.day = day
                    at = afterDay
                } else if afterDay + 1 < s.count, "〜～~－-、・,".unicodeScalars.contains(s[afterDay]),
                    let (_, afterNext) = number(afterDay + 1), literal("日", afterNext) != nil {
                    // 12月1〜14日, 7月4、5日: the first day's 日 left to the last.
                    date.day = day
                    at = afterDay
                }
            }
        } else if date.year == nil, let (day, next) = number(at), let end = literal("日", next), (1...31).contains(day) {
            // A bare day: 31日. Not 3日間, 3日前, 5日以内.
            if end < s.count, ["間", "前", "以", "後", "程", "分"].contains(s[end]) { return nil }
            // 第3日曜日: the third Sunday, not the 3rd.
            if start > 0, s[start - 1] == "第" { return nil }
            // 1日のみ, 1日だけ, 1日ずつ: a count of days.
            if literal("のみ", end) != nil || literal("だけ", end) != nil || literal("ずつ", end) != nil { return nil }
            // 一日も早く, 二日目: a bare day in kanji numerals is a date only with its weekday after it.
            if !ReaderText.isDigit(s[at]), !(end < s.count && s[end] == "(") { return nil }
            date.day = day
            at = end
        } else if date.year == nil, let (month, next) = number(start), next < s.count, s[next] == "/",
            let (day, end) = number(next + 1), (1...12).contains(month), (1...31).contains(day),
            end >= s.count || (s[end] != "/" && !ReaderText.isDigit(s[end])) {
            // 12/31
            return (Token(kind: .date(DateToken(month: month, day: day)), range: start..<end), end)
        }
        // A year alone (2027年, 令和9年, not 2027年度): it governs the dates after it when it stands on a line of its own.
        if let year = date.year, date.month == nil, date.day == nil {
            if at < s.count, s[at] == "度" { return nil }
            return (Token(kind: .year(year), range: start..<at), at)
        }
        guard date.day != nil || (date.year != nil && date.month != nil) || date.month != nil && at > start else { return nil }
        guard at > start else { return nil }
        // 年 and 月 without a day (2025年6月, 11月・12月) name a month, not a day: kept as a date
        // with no day, which the grammar never makes a window of.
        return (Token(kind: .date(date), range: start..<at), at)
    }

    // MARK: Times

    func meridiem(_ at: Int) -> (pm: Bool, next: Int)? {
        for (word, pm) in [("午前", false), ("午後", true), ("AM", false), ("PM", true), ("am", false), ("pm", true), ("a.m.", false), ("p.m.", true)] {
            if let next = literal(word, at) { return (pm, literal(" ", next) ?? next) }
        }
        return nil
    }

    enum DayPart { case morning, evening, lateNight }

    /// 朝・早朝 (the hour as written), 夜・夕方・晩 (the afternoon's or evening's hour: 夜10時 is
    /// 22:00, 夜12時 the day's end), 深夜 (11時 is 23:00, 2時 is 2:00): before an hour only.
    func dayPeriod(_ at: Int) -> (part: DayPart, next: Int)? {
        for (word, part) in [("早朝", DayPart.morning), ("朝", .morning), ("夕方", .evening), ("夜", .evening), ("晩", .evening), ("深夜", .lateNight)] {
            if let next = literal(word, at), next < s.count, ReaderText.isDigit(s[next]) || "一二三四五六七八九十".unicodeScalars.contains(s[next]) {
                return (part, next)
            }
        }
        return nil
    }

    func time(_ start: Int) -> (Token, Int)? {
        if let end = literal("正午", start) {
            return (Token(kind: .time(TimeToken(hour: 12, minute: 0)), range: start..<end), end)
        }
        // 夜10時, 朝8時, 深夜11時: a part of the day before the hour says which half it is in.
        let period = dayPeriod(start)
        let prefix = period == nil ? meridiem(start) : nil
        let at = period?.next ?? prefix?.next ?? start
        // Not the minutes or seconds of a time (12:34:56); a label's colon (時間：9:00～) is no part of one.
        if at > 0, prefix == nil, period == nil, ReaderText.isDigit(s[at - 1]) || s[at - 1] == "第" || (s[at - 1] == ":" && at >= 2 && ReaderText.isDigit(s[at - 2])) {
            return nil
        }
        guard let (hour, afterHour) = number(at) else { return nil }
        var minute = 0
        var end: Int
        if afterHour < s.count, s[afterHour] == ":", let (m, afterMinute) = number(afterHour + 1), afterMinute - afterHour == 3 {
            minute = m
            end = afterMinute
            // 3:00:00
            if end < s.count, s[end] == ":", let (_, afterSecond) = number(end + 1), afterSecond - end == 3 { end = afterSecond }
        } else if let afterJi = literal("時", afterHour) {
            end = afterJi
            if let afterHalf = literal("半", afterJi) {
                minute = 30
                end = afterHalf
            } else if let (m, afterMinute) = number(afterJi), let afterFun = literal("分", afterMinute) {
                minute = m
                end = afterFun
            }
            // 3時間, 3時限: a duration or a period, not a time.
            if end == afterJi, end < s.count, ["間", "限"].contains(s[end]) { return nil }
            // 一時停止, 一時的: an hour in kanji numerals is a time only with 午前/午後, its minutes, or a
            // range word after it (十時から, 六時まで, 十時～).
            if !ReaderText.isDigit(s[at]), prefix == nil, period == nil, end == afterJi, !Tokenizer.followsKanjiHour(s, end) { return nil }
        } else {
            return nil
        }
        var pm = prefix?.pm
        if pm == nil {
            let gap = literal(" ", end) ?? end
            for (word, isPM) in [("a.m.", false), ("p.m.", true), ("AM", false), ("PM", true), ("am", false), ("pm", true)] {
                if let next = literal(word, gap) {
                    pm = isPM
                    end = next
                    break
                }
            }
        }
        var h = hour
        if pm == nil, let period {
            guard hour <= 12 else { return nil }
            switch period.part {
            case .evening: h = hour == 0 ? 0 : hour + 12
            case .lateNight: h = hour >= 7 ? hour + 12 : hour
            case .morning: h = hour
            }
        }
        if let pm {
            guard hour <= 12 else { return nil }
            if pm && hour < 12 { h += 12 }
            if !pm && hour == 12 { h = 0 }
        }
        guard h <= 30, minute < 60 else { return nil }
        return (Token(kind: .time(TimeToken(hour: h, minute: minute)), range: start..<end), end)
    }

    /// Words after 一時, 十時 … that make it a time of day.
    static let kanjiHourFollowers: [[Unicode.Scalar]] = ["から", "まで", "より", "~", "〜", "～", "-", "頃", "ごろ", "に", "(", "に始まり", "に開始", "に終了"]
        .map { Array($0.unicodeScalars) }

    static func followsKanjiHour(_ s: [Unicode.Scalar], _ at: Int) -> Bool {
        guard at < s.count else { return true }
        if s[at] == "\n" || s[at] == " " || s[at] == "|" || s[at] == "、" || s[at] == "。" { return true }
        return kanjiHourFollowers.contains { word in
            at + word.count <= s.count && word.indices.allSatisfy { s[at + $0] == word[$0] }
        }
    }

    // MARK: Weekdays

    static let englishWeekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Sun … Sat, with a dot or the whole name (Tues, Thurs too): the weekday's index and where it ends.
    func englishWeekday(_ at: Int) -> (Int, Int)? {
        var end = at
        while end < s.count, end - at < 10, s[end].properties.isAlphabetic, s[end].isASCII { end += 1 }
        let word = String(String.UnicodeScalarView(s[at..<end])).lowercased()
        guard word.count >= 3, let index = Tokenizer.englishWeekdays.firstIndex(where: { word.hasPrefix($0) }),
            word.count == 3 || ["sunday", "monday", "tuesday", "tues", "wednesday", "thursday", "thurs", "friday", "saturday"].contains(word)
        else { return nil }
        if end < s.count, s[end] == "." { end += 1 }
        return (index, end)
    }

    func weekday(_ start: Int) -> (Token, Int)? {
        var at = start
        // (土), and 《土》 as some pages write it.
        let open = at < s.count && (s[at] == "(" || s[at] == "《")
        let close: Unicode.Scalar = at < s.count && s[at] == "《" ? "》" : ")"
        if open { at += 1 }
        // (Sat), (Sat.), (Saturday): as J-LIS and vendors write them in Japanese letters.
        if open, at < s.count, let (index, next) = englishWeekday(at), next < s.count, s[next] == close {
            return (Token(kind: .weekday(index), range: start..<(next + 1)), next + 1)
        }
        guard at < s.count, let index = Tokenizer.weekdayNames.firstIndex(of: s[at]) else { return nil }
        at += 1
        if let next = literal("曜日", at) ?? literal("曜", at) { at = next } else if !open { return nil }
        if open {
            // (月・祝), (土曜日)
            // (月・祝), (火・休), (月/振休): a holiday beside the weekday.
            let mark = literal("・", at) ?? literal("/", at) ?? literal("、", at) ?? at
            for holiday in ["振替休日", "振休", "祝日", "休日", "祝", "休"] {
                if let next = literal(holiday, mark) { at = next; break }
            }
            guard at < s.count, s[at] == close else { return nil }
            at += 1
        }
        return (Token(kind: .weekday(index), range: start..<at), at)
    }
}
