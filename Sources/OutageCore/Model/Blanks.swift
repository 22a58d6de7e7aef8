/// Trimming blanks without Foundation: `trimmingCharacters(in:)` goes through NSString and
/// costs more than reading the YAML it trims. The same characters are trimmed as Foundation's
/// sets on Linux hold, zero width space included (text copied from web pages carries it).
extension StringProtocol where SubSequence == Substring {
    /// Without the spaces and tabs around it: tab, the Unicode space separators (U+0020,
    /// U+3000 …) and U+200B, the characters of Foundation's `CharacterSet.whitespaces`.
    func trimmingSpaces() -> Substring {
        self[...].trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Without the spaces, tabs and line breaks around it: Unicode White_Space and U+200B, the
    /// characters of Foundation's `CharacterSet.whitespacesAndNewlines`.
    func trimmingWhitespace() -> Substring {
        self[...].trimming { $0 == "\u{200B}" || $0.properties.isWhitespace }
    }
}

extension Substring {
    fileprivate func trimming(_ isBlank: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return self[endIndex...] }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        return Substring(scalars[first...last])
    }
}
