import Foundation

/// How often the notifier fetches a feed again. Calendar apps take hours to a day to see a
/// change; the notifier must see a cancellation or a move on the day in minutes. So in the
/// ``lookahead`` before a window of the feed begins, and while one is on, it fetches every
/// ``busyInterval`` (a conditional GET: a 304 costs almost nothing); otherwise at the feed's
/// own interval. Pure: the windows and the time are given.
public enum RefreshPolicy {
    /// How long before a window the notifier starts watching for changes closely.
    public static let lookahead: TimeInterval = 24 * 3600
    /// How often it fetches then.
    public static let busyInterval: TimeInterval = 5 * 60

    /// Whether a window of `windows` begins within ``lookahead`` of `now` or is on at `now`.
    /// Cancelled windows do not count: nothing is coming.
    public static func isBusy(_ windows: [FeedWindow], now: Date) -> Bool {
        windows.contains { window in
            !window.cancelled && window.start.timeIntervalSince(now) <= lookahead && window.isOn(after: now)
        }
    }

    /// When the feed should next be fetched after a fetch at `now`: after its `normal` interval,
    /// or ``busyInterval`` when busy; and when quiet, no later than the moment the next window
    /// comes within ``lookahead``.
    public static func nextRefresh(after now: Date, normal: TimeInterval, windows: [FeedWindow]) -> Date {
        if isBusy(windows, now: now) { return now.addingTimeInterval(min(normal, busyInterval)) }
        let regular = now.addingTimeInterval(normal)
        let watchFrom = windows.lazy.filter { !$0.cancelled }.map { $0.start.addingTimeInterval(-lookahead) }.filter { $0 > now }.min()
        return min(regular, watchFrom ?? regular)
    }
}
