import Foundation

/// What the notifier remembers between runs, kept in the XDG state directory: which alerts
/// were raised, and each window as last seen (to tell a moved or cancelled window).
public struct NotifierState: Hashable, Sendable, Codable {
    public struct WindowRecord: Hashable, Sendable, Codable {
        public var sequence: Int
        public var start: Date
        /// nil when the end is not known.
        public var end: Date?
        public var cancelled: Bool
        /// Its times changed after it was first seen: its alerts say so.
        public var changed: Bool
    }

    public static let currentVersion = 1
    public var version = NotifierState.currentVersion
    /// Alert key → when it was raised (or given up, for one whose window had ended).
    public var sent: [String: Date] = [:]
    public var windows: [String: WindowRecord] = [:]
    public var lastRun: Date?
    /// Per feed, when alerts were raised or held back within the last hour: what counts against
    /// ``AlertSettings/maxAlertsPerFeedPerHour``. Alerts recorded unraised because a later one
    /// covered them, or their window was over, do not. Optional: states written before it read.
    public var raisedLastHour: [String: [Date]]?

    public init() {}

    /// Forgets windows that ended more than `retention` ago, and their alerts.
    public mutating func prune(now: Date, retention: TimeInterval = 30 * 86_400) {
        let cutoff = now.addingTimeInterval(-retention)
        windows = windows.filter { ($0.value.end ?? $0.value.start) > cutoff }
        sent = sent.filter { $0.value > cutoff }
    }
}
