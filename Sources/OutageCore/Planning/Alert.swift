import Foundation

/// When, relative to its window, an alert goes off.
public enum AlertKind: String, Hashable, Sendable, Codable {
    case beforeStart = "before-start"
    case start
    case beforeEnd = "before-end"
    case end
    /// The desk opens while the window is on (notify.yaml `hours:`): 現在も停止中.
    case stillOn = "still-on"
    /// The window's times changed after staff were told of it.
    case changed
    /// The window was called off after staff were told of it.
    case cancelled
    /// Not a window's: more alerts were due than the desk should be shown at once
    /// (``AlertSettings/maxAlertsPerTurn``); says how many were held back.
    case heldBack = "held-back"
}

/// How insistent a desktop notification should be.
public enum Urgency: String, Hashable, Sendable, Codable {
    case low, normal, critical
}

/// One alert to raise: what the planner decided, ready for any sink.
public struct Alert: Hashable, Sendable {
    /// What the state file records, so that an alert is raised once: window, kind, lead, and the
    /// window's version (SEQUENCE and times), so that a moved window gets fresh alerts.
    public var key: String
    public var time: Date
    public var kind: AlertKind
    public var window: FeedWindow
    /// Seconds before the start or the end; 0 for start, end, changed and cancelled.
    public var lead: Int
    /// Raised after its time (the PC was off or asleep).
    public var late: Bool
    /// The window moved since staff were first told of it.
    public var changed: Bool
    public var title: String
    public var body: String
    public var urgency: Urgency
    /// Where the desk's opening hours put it, and why; nil for an alert at its own time.
    public var move: AlertMove? = nil
}

/// Why an alert is not at its own time: it would have fallen while the desk is closed
/// (notify.yaml `hours:`).
public struct AlertMove: Hashable, Sendable {
    /// An alert as it would have been with no hours.
    public struct Origin: Hashable, Sendable {
        public var kind: AlertKind
        public var time: Date

        public init(kind: AlertKind, time: Date) {
            self.kind = kind
            self.time = time
        }
    }

    /// The alerts it stands for, at their own times: the one it moved, or several that fell in
    /// the same closed hours; none for a 現在も停止中 that a new day's opening adds.
    public var from: [Origin]
    /// In the desk's words: 診療時間外のため前日17:59に.
    public var reason: String

    public init(from: [Origin], reason: String) {
        self.from = from
        self.reason = reason
    }
}
