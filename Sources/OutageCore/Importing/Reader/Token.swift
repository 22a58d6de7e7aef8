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
        /// 停止しません, 影響はありません: the date of its clause is not a stop.
        case negated
        /// 通常どおり, ご利用いただけます: something keeps working (a partial stop, or none).
        case works
        /// 変更前, 訂正前: the old value of a change.
        case replaced
        /// 変更後, 訂正後: the new value of a change.
        case replacement
        /// → ⇒: what stands before it was replaced by what follows.
        case arrow
        /// 訂正, 修正: a clause that corrects a value given before.
        case correction
        /// 前回: an earlier stop of the same kind.
        case past
        /// 同時刻, 同じ時間帯: the times of the window before.
        case sameTime
        /// 可能性, 目途, 状況により: the times may move.
        case hedge
        /// 2027年 alone, or 令和9年: a year that governs the dates after it.
        case year(Int)
        /// 開始: / 終了: labels before a moment (開始：5月30日23:00 … 終了：5月31日6:00).
        case startLabel
        case endLabel
        /// 以外の, 以外は: what follows keeps working (a partial stop).
        case except
        /// 全機能, 全サービス, すべての機能: the whole system stops, whatever else the notice says.
        case whole
        /// のみ: with something that keeps working, a partial stop (予約受付のみ継続します).
        case only
        /// Words that contain another token's word but say nothing of a window: 予定どおり (as planned).
        case plain
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
