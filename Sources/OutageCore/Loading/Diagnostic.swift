/// One problem found in a hand-edited file: where, what is wrong, and how to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error, warning
    }

    public let severity: Severity
    /// The path as the user gave it (Feeds/notices/x.yaml).
    public let file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public let line: Int
    public let column: Int
    /// What is wrong, in one sentence.
    public let message: String
    /// How to fix it, when there is something to say.
    public let hint: String?

    public init(
        _ severity: Severity, file: String, line: Int = 0, column: Int = 0, _ message: String,
        hint: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message` (compiler style, so editors can jump to it), then the hint.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Collects diagnostics so that a loader reports every problem, not only the first.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { all += other.all }
}

/// Thrown when loading found errors; every one of them is in `diagnostics`.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
