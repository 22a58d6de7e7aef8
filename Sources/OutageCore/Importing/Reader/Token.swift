/// One meaningful piece of a notice's date and time text, with where it stands (offsets into
/// ``ReaderText/scalars``).
struct Token: Hashable {
    enum Kind: Hashable {
        case date(DateToken)
        case time(TimeToken)
        /// (火), 火曜日: 0 = Sunday.
        case weekday(Int)
        /// ~ 〜 - – から より
        case rangeSeparator
        /// まで
        case until
        /// 以降
        case since
        /// ・ 、 及び
        case list
        /// 終日
        case allDay
        /// 頃, ごろ, 前後
        case approximate
        /// 予定, 見込み
        case tentative
        /// 予備日
        case backup
        /// 延長
        case extended
        /// 再開未定, 終了未定, 未定, 決まり次第
        case openEnd
        /// 中止
        case cancelled
        /// 再開: the period before it was a stop (…から再開します).
        case resumes
        /// 深夜, 未明: a time of day the text does not state.
        case vagueTime
        /// Words for what stops: 一部 (partial), 断続・数分・瞬断 (intermittent), 停止・休止 (outage).
        case impact(WindowKind)
        /// Words that make the dates of their line something other than a stop: 掲載日, 更新日,
        /// 受付時間, 平日, 期限 …; the word itself says why.
        case notAWindow(String)
        /// メンテナンス履歴, 過去, 障害情報: under such a heading is history, not a plan.
        case history
        /// 参考: under such a heading is reference, not this notice's plan.
        case reference
    }

    let kind: Kind
    let range: Range<Int>
}

/// A date as written: any of its parts may be missing (12月31日, 31日, 翌日).
struct DateToken: Hashable {
    var year: Int?
    var month: Int?
    var day: Int?
    /// 翌日 +1, 同日 0, 前日 -1: a day relative to the date before it.
    var relativeDays: Int?
    /// 翌16日: the 16th after the date before it (this month, or the next).
    var followingDay: Bool = false
}

/// A time of day as written, in 24-hour terms; 24:00 and later stand for the next day.
struct TimeToken: Hashable {
    var hour: Int
    var minute: Int
}
