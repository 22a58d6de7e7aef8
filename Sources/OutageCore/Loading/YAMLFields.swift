import Foundation
import Yams

/// A parsed YAML file and the diagnostics found while reading it. Every reading helper
/// records a diagnostic with file:line:column instead of throwing, so a load reports every
/// problem at once.
struct YAMLFile {
    let path: String
    let root: Node?

    /// Parses `text`; a syntax error becomes a diagnostic at its line and column.
    init(path: String, text: String, diagnostics: inout Diagnostics) {
        self.path = path
        do {
            // No implicit types: every value is read as text and checked by the field that wants it,
            // and the default resolver's regular expressions cost more than the parse.
            let composed = try Yams.compose(yaml: text, .basic)
            if composed == nil {
                diagnostics.append(Diagnostic(.error, file: path, "the file is empty", hint: nil))
            }
            let limit = NoticeLimits.expandedCharacters
            if let composed, NoticeLimits.expandedCharacters(of: composed, limit: limit) > limit {
                diagnostics.append(Diagnostic(
                    .error, file: path, line: 1, column: 1,
                    "the file holds more than \(limit) characters once its YAML aliases (*name) are expanded",
                    hint: "write each text once, without aliases that repeat other aliases; a notice needs a few thousand characters"))
                root = nil
            } else {
                root = composed
            }
        } catch let error as YamlError {
            root = nil
            diagnostics.append(YAMLFile.diagnostic(for: error, path: path))
        } catch {
            root = nil
            diagnostics.append(Diagnostic(.error, file: path, "cannot read YAML: \(error)"))
        }
    }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        let hint = "check indentation (spaces, not tabs), colons after keys, and closing quotes or brackets"
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if problem.contains("nesting level") {
                return Diagnostic(.error, file: path, line: mark.line, column: mark.column, "YAML nested too deeply (lists or mappings inside each other)",
                                  hint: "a notice needs only a few levels: look for brackets that are opened and never closed")
            }
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return Diagnostic(.error, file: path, line: mark.line, column: mark.column, "YAML syntax error: \(what)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(.error, file: path, line: context.mark.line, column: context.mark.column,
                              "key written twice: \(duplicates.joined(separator: ", "))", hint: "keep one of them")
        case .reader(let problem, _, _, _):
            return Diagnostic(.error, file: path, "cannot read the file as text: \(problem)", hint: "save it as UTF-8")
        default:
            return Diagnostic(.error, file: path, "YAML error: \(error)", hint: hint)
        }
    }
}

/// Reads the fields of one YAML mapping, recording a diagnostic for each problem.
struct Fields {
    let file: String
    let node: Node
    /// What the mapping describes, for messages: "notice", "window 'west-outage'".
    let what: String
    /// The known keys written, each once, and their values: apart, so that a lookup compares
    /// names without copying (and reference counting) the nodes it passes.
    private let keys: [String]
    private let values: [Node]

    /// nil (and a diagnostic) when `node` is not a mapping. Unknown and repeated keys are
    /// reported here, with the nearest known key as a suggestion.
    init?(_ node: Node, file: String, what: String, known: [String], diagnostics: inout Diagnostics) {
        guard let mapping = node.mapping else {
            diagnostics.append(Diagnostic(
                .error, file: file, line: node.line, column: node.column,
                "\(what) must be a mapping of keys to values", hint: "write it as `key: value` lines"))
            return nil
        }
        self.file = file
        self.node = node
        self.what = what
        var keys: [String] = []
        var values: [Node] = []
        var seen = Set<String>()
        for (key, value) in mapping {
            let name = key.string ?? ""
            if !seen.insert(name).inserted {
                diagnostics.append(Diagnostic(
                    .error, file: file, line: key.line, column: key.column,
                    "key '\(name)' is written twice in \(what)", hint: "keep one of them"))
                continue
            }
            if !known.contains(name) {
                let suggestion = Fields.nearest(name, in: known)
                diagnostics.append(Diagnostic(
                    .error, file: file, line: key.line, column: key.column,
                    "unknown key '\(name)' in \(what)",
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "known keys: \(known.joined(separator: ", "))"))
                continue
            }
            keys.append(name)
            values.append(value)
        }
        self.keys = keys
        self.values = values
    }

    func has(_ key: String) -> Bool { keys.contains(key) }

    func value(_ key: String) -> Node? { keys.firstIndex(of: key).map { values[$0] } }

    private func missing(_ key: String, example: String, _ diagnostics: inout Diagnostics) {
        diagnostics.append(Diagnostic(
            .error, file: file, line: node.line, column: node.column,
            "\(what) has no '\(key)'", hint: "add `\(key): \(example)`"))
    }

    func error(_ at: Node, _ message: String, hint: String?, _ diagnostics: inout Diagnostics) {
        diagnostics.append(Diagnostic(.error, file: file, line: at.line, column: at.column, message, hint: hint))
    }

    /// A non-empty string scalar.
    func string(_ key: String, required: Bool, example: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let node = value(key) else {
            if required { missing(key, example: example, &diagnostics) }
            return nil
        }
        guard node.scalar != nil, let text = node.string.map(Self.trimmed),
            !text.isEmpty, node.null == nil
        else {
            error(node, "'\(key)' in \(what) must be non-empty text", hint: "write e.g. `\(key): \(example)`", &diagnostics)
            return nil
        }
        guard checkText(text, at: node, key: key, &diagnostics) else { return nil }
        return text
    }

    /// `text` without the white space and line breaks around it. Most values have none, and are
    /// handed back as they are.
    static func trimmed(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        return trimmed.startIndex == text.startIndex && trimmed.endIndex == text.endIndex ? text : String(trimmed)
    }

    /// Refuses characters that must not reach a calendar, a page or a terminal: C0 and C1
    /// controls other than line breaks and tabs, DEL, and the bidirectional overrides that
    /// make text read differently from what it is (U+202A–U+202E, U+2066–U+2069).
    @discardableResult
    func checkText(_ text: String, at node: Node, key: String, _ diagnostics: inout Diagnostics) -> Bool {
        if text.utf16.count > NoticeLimits.textCharacters {
            error(node, "'\(key)' in \(what) is \(text.count) characters long; at most \(NoticeLimits.textCharacters)",
                  hint: "shorten it to what staff need; the letter itself is linked by the notice's url", &diagnostics)
            return false
        }
        guard let bad = text.unicodeScalars.first(where: Fields.isForbidden) else { return true }
        let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
        error(node, "'\(key)' in \(what) holds the invisible control character \(code)",
              hint: "delete it (it often comes with text copied from a PDF or a web page) and type the text again", &diagnostics)
        return false
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// A well-formed https address with a host and no spaces.
    func webAddress(_ key: String, required: Bool, _ diagnostics: inout Diagnostics) -> String? {
        guard let text = string(key, required: required, example: "https://…", &diagnostics), let node = value(key) else { return nil }
        guard WebAddress.isValid(text) else {
            error(node, "'\(key)' must be a web address starting with https:// (got '\(text.prefix(80))')",
                  hint: "copy the portal article's address from the browser's address bar", &diagnostics)
            return nil
        }
        return text
    }

    func integer(_ key: String, required: Bool, example: String, _ diagnostics: inout Diagnostics) -> Int? {
        guard let node = value(key) else {
            if required { missing(key, example: example, &diagnostics) }
            return nil
        }
        guard node.scalar != nil, let number = Int(node.string ?? "") else {
            error(node, "'\(key)' in \(what) must be a whole number", hint: "write e.g. `\(key): \(example)`", &diagnostics)
            return nil
        }
        return number
    }

    func bool(_ key: String, default fallback: Bool, _ diagnostics: inout Diagnostics) -> Bool {
        guard let node = value(key) else { return fallback }
        switch node.string?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error(node, "'\(key)' in \(what) must be true or false", hint: "write `\(key): true` or `\(key): false`", &diagnostics)
            return fallback
        }
    }

    func dateTime(_ key: String, required: Bool, _ diagnostics: inout Diagnostics) -> Date? {
        guard let text = string(key, required: required, example: "2024-12-31T03:00:00+09:00", &diagnostics),
            let node = value(key)
        else { return nil }
        switch Timestamp.parseDateTime(text) {
        case .success(let date): return date
        case .failure(let problem):
            let (message, hint) = Timestamp.explain(problem, text, wantsTime: true)
            error(node, "'\(key)' in \(what): \(message)", hint: hint, &diagnostics)
            return nil
        }
    }

    func date(_ key: String, required: Bool, _ diagnostics: inout Diagnostics) -> CivilDate? {
        guard let text = string(key, required: required, example: "2024-12-24", &diagnostics), let node = value(key)
        else { return nil }
        switch Timestamp.parseDate(text) {
        case .success(let date): return date
        case .failure(let problem):
            let (message, hint) = Timestamp.explain(problem, text, wantsTime: false)
            error(node, "'\(key)' in \(what): \(message)", hint: hint, &diagnostics)
            return nil
        }
    }

    /// A sequence; a lone scalar counts as a one-item list when `allowScalar`.
    func list(_ key: String, required: Bool, example: String, allowScalar: Bool = false, _ diagnostics: inout Diagnostics) -> [Node]? {
        guard let node = value(key) else {
            if required { missing(key, example: example, &diagnostics) }
            return nil
        }
        if let sequence = node.sequence { return Array(sequence) }
        if allowScalar, node.scalar != nil { return [node] }
        error(node, "'\(key)' in \(what) must be a list", hint: "write e.g. `\(key): \(example)`", &diagnostics)
        return nil
    }

    /// The known key closest to `name` by edit distance, if close enough to be a typo.
    static func nearest(_ name: String, in known: [String]) -> String? {
        let scored = known.map { ($0, EditDistance.between(Array(name.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Node {
    var line: Int { mark?.line ?? 0 }
    var column: Int { mark?.column ?? 0 }
}
