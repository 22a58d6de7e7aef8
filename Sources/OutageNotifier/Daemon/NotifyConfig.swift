import Foundation
import OutageCore
import Yams

/// The notifier's settings on the reception PC, so that `outagecal notify` starts with no
/// arguments (as the packaged systemd unit and autostart entry start it). Read from
/// `$XDG_CONFIG_HOME/outagecal/notify.yaml`, else `/etc/outagecal/notify.yaml` (for every user
/// of the PC); flags on the command line override each value. `outagecal setup` writes it.
///
/// ```yaml
/// prefecture: 福岡          # 福岡県, 福岡, fukuoka or 40
/// base: https://feeds.example.jp/outagecal/
/// sinks: [desktop]          # desktop, terminal
/// before: 60m,10m           # alert this long before each start (default: the feed's alarms)
/// before_end: 10m
/// hours: {月-金: "9:00-18:00", 土: "9:00-13:00", 日: 休み, 祝: 休み}   # alerts move into these hours
/// closed: [12/29-1/3]       # days the desk is closed
/// ```
public struct NotifyConfig: Hashable, Sendable {
    public var feeds: [String] = []
    public var prefecture: String?
    public var base: String?
    public var sinks: [String]?
    public var exec: String?
    public var before: String?
    public var beforeEnd: String?
    public var refresh: String?
    public var state: String?
    /// When the desk is staffed (`hours:` and `closed:`): alerts that would fall while it is
    /// closed move into its hours. nil: every alert at its own time.
    public var hours: OpeningHours?

    public init() {}

    /// The keys a file may hold, with what each takes (for messages).
    static let keys: [String: String] = [
        "prefecture": "a prefecture: 福岡県, 福岡, fukuoka or 40",
        "base": "the URL (or folder) where Feeds/ is published",
        "feeds": "a list of feed URLs or files",
        "sinks": "a list of desktop, terminal",
        "exec": "a command run for each alert",
        "before": "lead times before each start: 60m,10m",
        "before_end": "lead times before each end: 10m",
        "refresh": "a refresh interval: 30m, 6h",
        "state": "the state file's path",
        "hours": "the desk's open hours per day: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\", 日: 休み, 祝: 休み}",
        "closed": "a list of days the desk is closed: [12/29-1/3, 2025-08-13]",
    ]

    /// A problem with a configuration file: which file, what is wrong, and how to fix it.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        /// The other problems of the same file, in its order: all are told at once.
        public var others: [Problem] = []
        public var description: String { ([self] + others).map { "\($0.path): \($0.message)" }.joined(separator: "\n") }
    }

    /// The file `notify` reads when given no --config: the user's, else the PC's; nil when
    /// neither exists.
    public static func defaultPath(user: String = XDG.configDirectory, system: String = XDG.systemConfigDirectory) -> String? {
        [user + "/notify.yaml", system + "/notify.yaml"].first { FileManager.default.fileExists(atPath: $0) }
    }

    public static func load(path: String) throws(Problem) -> NotifyConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path: path, message: "cannot read the file (\(String(cString: strerror(errno)))); run `outagecal setup` to write it")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Problem(path: path, message: "the file is not UTF-8 text") }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(Problem) -> NotifyConfig {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Problem(path: path, message: "not valid YAML: \(error)")
        }
        guard let node else { return NotifyConfig() }
        guard let mapping = node.mapping else { throw Problem(path: path, message: "expected `key: value` lines, such as `prefecture: 福岡`") }
        var config = NotifyConfig()
        var problems: [Problem] = []
        var hours: (line: Int, entries: [OpeningHours.Entry])?
        var closed: (line: Int, entries: [OpeningHours.Entry])?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let lineNumber = keyNode.mark?.line ?? 0
            let line = keyNode.mark.map { ":\($0.line)" } ?? ""
            func fail(_ message: String) -> Problem { Problem(path: path + line, message: message) }
            guard let meaning = keys[key] else {
                let near = keys.keys.min { EditDistance.between($0, key) < EditDistance.between($1, key) }
                problems.append(fail("unknown key '\(key)'" + (near.map { EditDistance.between($0, key) <= 3 ? "; did you mean '\($0)'?" : "" } ?? "")
                                     + " (known: \(keys.keys.sorted().joined(separator: ", ")))"))
                continue
            }
            func scalar() throws(Problem) -> String {
                guard let text = value.scalar?.string, !text.isEmpty else { throw fail("'\(key)' takes \(meaning)") }
                return text
            }
            func list() throws(Problem) -> [String] {
                if let text = value.scalar?.string { return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                guard let items = value.sequence?.map({ $0.scalar?.string }), items.allSatisfy({ $0 != nil }) else {
                    throw fail("'\(key)' takes \(meaning)")
                }
                return items.compactMap { $0 }
            }
            do throws(Problem) {
                switch key {
                case "prefecture":
                    let text = try scalar()
                    guard Prefecture.find(text) != nil else { throw fail("'\(text)' is not a prefecture; write it as 福岡県, 福岡, fukuoka or 40") }
                    config.prefecture = text
                case "base": config.base = try scalar()
                case "feeds": config.feeds = try list()
                case "sinks": config.sinks = try list()
                case "exec": config.exec = try scalar()
                case "before": config.before = try scalar()
                case "before_end": config.beforeEnd = try scalar()
                case "refresh": config.refresh = try scalar()
                case "state": config.state = try scalar()
                case "hours":
                    guard let days = value.mapping else { throw fail("'hours' takes \(meaning)") }
                    var entries: [OpeningHours.Entry] = []
                    for (day, text) in days {
                        let dayLine = day.mark?.line ?? lineNumber
                        guard let text = text.scalar?.string else {
                            problems.append(Problem(path: path + ":\(dayLine)", message: "'\(day.string ?? "")' takes hours in quotes, such as \"9:00-18:00\", or 休み"))
                            continue
                        }
                        entries.append(OpeningHours.Entry(key: day.string ?? "", value: text, line: dayLine))
                    }
                    hours = (lineNumber, entries)
                case "closed":
                    if let text = value.scalar?.string {
                        closed = (lineNumber, text.split(separator: ",").map { OpeningHours.Entry(value: String($0), line: lineNumber) })
                    } else if let items = value.sequence {
                        closed = (lineNumber, items.map { OpeningHours.Entry(value: $0.scalar?.string ?? "", line: $0.mark?.line ?? lineNumber) })
                    } else {
                        throw fail("'closed' takes \(meaning)")
                    }
                default: break
                }
            } catch {
                problems.append(error)
            }
        }
        if let hours {
            let (parsed, found) = OpeningHours.parse(hours: hours.entries, closed: closed?.entries ?? [], line: hours.line)
            config.hours = parsed
            problems += found.map { Problem(path: path + ":\($0.line)", message: $0.message) }
        } else if let closed {
            problems.append(Problem(path: path + ":\(closed.line)", message: "'closed' needs 'hours': give the desk's open hours too, such as hours: {月-金: \"9:00-18:00\"}"))
        }
        // In the file's order (a key's line before the lines of its days).
        let sorted = problems.sorted { ($0.path.count, $0.path) < ($1.path.count, $1.path) }
        if var first = sorted.first {
            first.others = Array(sorted.dropFirst())
            throw first
        }
        return config
    }

    /// The file as `setup` writes it: the values given, each with what it means.
    public var yaml: String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["# outagecal notify の設定（outagecal setup が作成）。コマンドのオプションが優先されます。"]
        if let prefecture { lines.append("prefecture: \(quoted(prefecture))  # 都道府県") }
        if let base { lines.append("base: \(quoted(base))  # フィードの公開場所") }
        if !feeds.isEmpty { lines.append("feeds: [\(feeds.map(quoted).joined(separator: ", "))]") }
        if let sinks { lines.append("sinks: [\(sinks.joined(separator: ", "))]  # desktop（デスクトップ通知）, terminal") }
        if let exec { lines.append("exec: \(quoted(exec))") }
        if let before { lines.append("before: \(quoted(before))  # 開始前の通知") }
        if let beforeEnd { lines.append("before_end: \(quoted(beforeEnd))  # 終了前の通知") }
        if let refresh { lines.append("refresh: \(quoted(refresh))") }
        if let state { lines.append("state: \(quoted(state))") }
        if let hours {
            let friendly = hours.friendly
            lines.append("hours: {" + friendly.hours.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ") + "}  # 診療時間")
            if !friendly.closed.isEmpty { lines.append("closed: [" + friendly.closed.map(quoted).joined(separator: ", ") + "]  # 休診日") }
        } else {
            lines.append("# 診療時間を書くと、時間外に当たる通知を診療時間内に移します（書かない日は休み、祝日は休み）:")
            lines.append("# hours: {月-金: \"9:00-18:00\", 土: \"9:00-13:00\", 日: 休み, 祝: 休み}")
            lines.append("# closed: [12/29-1/3]  # 年末年始など、休診の日")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
