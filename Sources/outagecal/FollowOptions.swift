import ArgumentParser
import Foundation
import OutageCore
import OutageNotifier

/// Which feeds to follow and how to plan alerts: shared by `notify` and `plan`.
struct FollowOptions: ParsableArguments {
    @Option(name: .customLong("feed"), help: ArgumentHelp("A feed to follow: a file or an http(s) URL. Repeatable.", valueName: "PATH|URL"))
    var feeds: [String] = []

    @Option(help: ArgumentHelp("Follow this prefecture's feed under --base: 福岡県, 福岡, fukuoka or 40.", valueName: "NAME"))
    var prefecture: String?

    @Option(help: ArgumentHelp("Where the published Feeds/ folder is, for --prefecture.", valueName: "URL|DIR"))
    var base: String?

    @Option(help: ArgumentHelp("Alert this long before each start, replacing the feed's alarms: 60m,10m.", valueName: "LEADS"))
    var before: String?

    @Option(name: .customLong("before-end"), help: ArgumentHelp("Alert this long before each end: 10m.", valueName: "LEADS"))
    var beforeEnd: String?

    @Option(help: ArgumentHelp("Run as if it were this moment, the clock then running on: 2024-12-30T17:00:00+09:00.", valueName: "ISO8601"))
    var now: String?

    /// Checks what was given, wherever it came from (`notify` fills in its configuration file
    /// first, and says so through `from`).
    func check(from: String? = nil) throws {
        let also = from.map { " (in \($0) or on the command line)" } ?? ""
        if feeds.isEmpty && prefecture == nil {
            throw ValidationError("Name a feed with --feed PATH|URL, or a prefecture with --prefecture 福岡 --base URL|DIR\(also)."
                                  + (from == nil ? "" : " `outagecal setup` writes them for this PC."))
        }
        // The prefecture itself was checked where it was read: by validate() for the flag,
        // by NotifyConfig for the file.
        if prefecture != nil, base == nil {
            throw ValidationError("--prefecture needs --base: the URL or folder where Feeds/ is published\(also).")
        }
        if let before, AlertSettings.parseLeads(before) == nil {
            throw ValidationError("--before '\(before)' is not a list of times such as 60m,10m (m, h or d)\(also).")
        }
        if let beforeEnd, AlertSettings.parseLeads(beforeEnd) == nil {
            throw ValidationError("--before-end '\(beforeEnd)' is not a list of times such as 10m (m, h or d)\(also).")
        }
    }

    /// Fills in what the command line left out from `config`.
    /// A notify.yaml for a command: one that cannot be read or is wrong is a usage error, with
    /// the file's own message.
    static func config(at path: String) throws -> NotifyConfig {
        do {
            return try NotifyConfig.load(path: path)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    mutating func fill(from config: NotifyConfig) {
        if feeds.isEmpty && prefecture == nil {
            feeds = config.feeds
            prefecture = config.prefecture
        }
        base = base ?? config.base
        before = before ?? config.before
        beforeEnd = beforeEnd ?? config.beforeEnd
    }

    func validate() throws {
        if let prefecture, Prefecture.find(prefecture) == nil {
            throw ValidationError("'\(prefecture)' is not a prefecture. Write it as 福岡県, 福岡, fukuoka or 40.")
        }
        if let now, startMoment(now) == nil {
            throw ValidationError("--now '\(now)' is not a moment with an offset, such as 2024-12-30T17:00:00+09:00.")
        }
    }

    var sources: [FeedSource] {
        var sources = feeds.map(FeedSource.init)
        if let prefecture, let found = Prefecture.find(prefecture), let base {
            sources.append(FeedSource(prefecture: found, base: base))
        }
        return sources
    }

    var settings: AlertSettings {
        AlertSettings(beforeStart: before.flatMap(AlertSettings.parseLeads), beforeEnd: beforeEnd.flatMap(AlertSettings.parseLeads))
    }

    /// The wall clock: the real one, or --now advancing with the real elapsed time.
    var wallClock: @Sendable () -> Date {
        guard let now, let start = startMoment(now) else { return { Date() } }
        let origin = ContinuousClock.now
        return {
            let elapsed = origin.duration(to: ContinuousClock.now)
            return start.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    private func startMoment(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
