/// Text from a file or the network made safe to show on a terminal or in a log: the one place
/// every such text passes on its way out (``Console`` and the log handler of `outagecal`, the
/// notifier's terminal sink).
///
/// A terminal obeys what it is sent: ESC and C1 sequences set the window title, clear the
/// screen, write the clipboard (OSC 52) or plant a link (OSC 8); a carriage return or a
/// bidirectional override (U+202E) makes a line read as something it is not. Each such
/// character is shown as `\u{…}` instead. Credentials in web addresses (`user:token@`,
/// `?token=…`) are replaced by `***`: messages are copied into tickets and chats.
public enum TerminalText {
    /// `text` with every control character shown as `\u{…}` and credentials hidden.
    /// - Parameters:
    ///   - keepingNewlines: whether a line feed stays one (a multi-line message of the
    ///     program's own); in a log record, where one record is one line, it is shown too.
    ///   - hidingCredentials: false for output that is data, not a message (a drafted notice
    ///     printed to be saved), where an address must stay as the letter gave it.
    public static func safe(_ text: some StringProtocol, keepingNewlines: Bool = true, hidingCredentials: Bool = true) -> String {
        let redacted = hidingCredentials ? Credentials.redacted(String(text)) : String(text)
        guard redacted.unicodeScalars.contains(where: { isUnsafe($0, keepingNewlines: keepingNewlines) }) else { return redacted }
        var out = String.UnicodeScalarView()
        for scalar in redacted.unicodeScalars {
            if isUnsafe(scalar, keepingNewlines: keepingNewlines) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON text (one record a line, as `plan --json` writes) with the characters that JSON
    /// may carry raw but a terminal obeys (C1, bidirectional controls, line separators)
    /// written as `\uXXXX` escapes: the same value to a JSON reader, harmless to a terminal.
    /// Only valid inside JSON strings, where these characters can only stand.
    public static func safeJSON(_ bytes: [UInt8]) -> [UInt8] {
        // Every such character is at least two bytes in UTF-8, and its lead byte 0xC2, 0xD8 or
        // 0xE2: most records have none and are returned as they are.
        guard bytes.contains(where: { $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 || $0 == 0x7F }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if isUnsafe(scalar, keepingNewlines: true) && scalar.value >= 0x7F {
                out.append(contentsOf: Array("\\u\(hex4(scalar.value))".utf8))
            } else {
                out.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        return out
    }

    /// Whether a terminal could take `scalar` as an instruction, or misplace what follows it.
    static func isUnsafe(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A: !keepingNewlines
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        // Arabic letter mark, LRM/RLM, embeddings and overrides, isolates, line and paragraph
        // separators.
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
