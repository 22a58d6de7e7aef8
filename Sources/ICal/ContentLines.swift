/// RFC 5545 content lines: folding, unfolding and TEXT escaping, done in Swift because libical
/// 3.0.16 gets folding wrong (CR CR LF and blank continuation lines when a folded piece ends
/// 73–74 octets before the end of the line) and does not escape `,` `;` in X- property values.
///
/// Pure functions over bytes; no libical here, so every rule is testable on its own.
public enum ContentLines {
    /// The longest physical line RFC 5545 §3.1 allows, in octets, not counting CRLF.
    public static let maximumOctets = 75

    /// Unfolds `text` — tolerating bare LF, stray CR, and blank or whitespace-only
    /// continuation lines — and folds every logical line again at ``maximumOctets``.
    ///
    /// Never splits a UTF-8 sequence, nor a backslash from the character it escapes.
    /// Every line, the last included, ends with CRLF.
    public static func normalize(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { normalize(UnsafeBufferPointer($0)) }
    }

    /// ``normalize(_:)`` over raw bytes, as libical hands them over, in one pass: CR is dropped
    /// wherever it stands (no value we write holds a raw CR: TEXT escapes line breaks), a line
    /// starting with space or tab continues the previous one, empty lines are dropped, and each
    /// logical line is gathered in one reused buffer.
    public static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 64 * 3 + 8)
        var logical: [UInt8] = []
        logical.reserveCapacity(256)
        var escaped: [UInt8] = []
        func emit() {
            if isUnparameterizedX(logical) {
                escaped.removeAll(keepingCapacity: true)
                escapeXValue(logical, into: &escaped, separators: xSeparators)
                fold(escaped, into: &out)
            } else if logical.starts(with: categoriesPrefix) {
                // libical leaves `;` bare in CATEGORIES too; its commas separate the list.
                escaped.removeAll(keepingCapacity: true)
                escapeXValue(logical, into: &escaped, separators: categoriesSeparators)
                fold(escaped, into: &out)
            } else {
                fold(logical, into: &out)
            }
        }
        var hasCurrent = false
        forEachPhysicalLine(bytes) { from, to in
            let first = bytes[from]
            if (first == 0x20 || first == 0x09) && hasCurrent {
                appendWithoutCR(bytes, from + 1, to, to: &logical)
            } else if (from..<to).contains(where: { bytes[$0] != 0x0D }) {
                if hasCurrent { emit() }
                logical.removeAll(keepingCapacity: true)
                appendWithoutCR(bytes, from, to, to: &logical)
                hasCurrent = true
            }
        }
        if hasCurrent { emit() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the bounds of each non-empty physical line (LF excluded, CR kept).
    private static func forEachPhysicalLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var index = 0
        let count = bytes.count
        while index < count {
            var end = index
            while end < count && bytes[end] != 0x0A { end += 1 }
            if end > index { body(index, end) }
            index = end + 1
        }
    }

    /// `X-NAME:value`, with no parameters: a line whose value libical wrote as an X- value.
    static func isUnparameterizedX(_ line: [UInt8]) -> Bool {
        guard line.count > 2, line[0] == UInt8(ascii: "X"), line[1] == UInt8(ascii: "-") else { return false }
        for byte in line {
            if byte == UInt8(ascii: ":") { return true }
            if byte == UInt8(ascii: ";") { return false }
        }
        return false
    }

    static let categoriesPrefix = Array("CATEGORIES:".utf8)
    /// What libical leaves bare and ``escapeXValue(_:into:separators:)`` escapes: both in an X-
    /// value; only `;` in CATEGORIES, whose commas separate the list. Made once, not per line.
    private static let xSeparators = Array(",;".utf8)
    private static let categoriesSeparators = Array(";".utf8)

    /// Escapes the `separators` (`,` and `;` in X- values) that libical 3.0.16 leaves bare in a
    /// value. It has already doubled every backslash, so a bare one in its output is always a
    /// literal one.
    static func escapeXValue(_ line: [UInt8], into out: inout [UInt8], separators: [UInt8]) {
        var inValue = false
        for byte in line {
            if inValue && separators.contains(byte) {
                out.append(UInt8(ascii: "\\"))
            }
            if byte == UInt8(ascii: ":") { inValue = true }
            out.append(byte)
        }
    }

    /// Appends `bytes[from..<to]` less any CR to `out`, a run at a time.
    private static func appendWithoutCR(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, to out: inout [UInt8]
    ) {
        var run = from
        for index in from..<to where bytes[index] == 0x0D {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            run = index + 1
        }
        if run < to { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<to])) }
    }

    /// Appends one logical line to `out`, folded at ``maximumOctets`` octets, with CRLF.
    public static func fold(_ line: [UInt8], into out: inout [UInt8]) {
        line.withUnsafeBufferPointer { fold($0, into: &out) }
    }

    /// ``fold(_:into:)`` over raw bytes: whole runs are copied at once, never byte by byte.
    public static func fold(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var start = 0
        var limit = maximumOctets
        while line.count - start > limit {
            var cut = start + limit
            // Never inside a UTF-8 sequence: step back over continuation bytes.
            while cut > start + 1 && line[cut] & 0xC0 == 0x80 { cut -= 1 }
            // Never between a backslash and what it escapes.
            var backslashes = 0
            var k = cut - 1
            while k >= start && line[k] == 0x5C {
                backslashes += 1
                k -= 1
            }
            if backslashes % 2 == 1 { cut -= 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<cut]))
            out.append(contentsOf: foldBreak)
            start = cut
            limit = maximumOctets - 1  // the leading space counts
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: line[start...]))
        out.append(contentsOf: lineEnd)
    }

    private static let foldBreak: [UInt8] = [0x0D, 0x0A, 0x20]
    private static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// How many octets ``appendEscapedText(_:to:)`` appends for `text`, at most.
    public static func escapedLength(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            bytes.count + bytes.reduce(0) { $0 + (escapes($1) ? 1 : 0) }
        }
    }

    /// Whether a TEXT value's byte is written with a backslash before it (a line break as `\n`).
    private static func escapes(_ byte: UInt8) -> Bool {
        byte == 0x5C || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == 0x0A
    }

    /// ``escapeText(_:)`` as UTF-8 bytes appended to `out`: runs that need no escape are copied
    /// whole.
    public static func appendEscapedText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let escaped: UInt8
                switch byte {
                case 0x5C, UInt8(ascii: ";"), UInt8(ascii: ","): escaped = byte
                case 0x0A: escaped = UInt8(ascii: "n")
                case 0x0D: escaped = 0
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                if escaped != 0 {
                    out.append(0x5C)
                    out.append(escaped)
                }
                run = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reverses ``escapeText(_:)``; `\N` is read as a line break, an unknown escape as itself.
    public static func unescapeText(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var out = ""
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "n", "N": out += "\n"
                default: out.unicodeScalars.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if escaping { out += "\\" }
        return out
    }
}
