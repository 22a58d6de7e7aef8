import CLibical
import Glibc

/// Text in memory handed to libical's parser a piece at a time, as `icalparser_parse_string`
/// does, but in time linear in the text.
///
/// libical 3.0.16's own generator (`icalparser_string_line_generator`) hands out at most 79
/// bytes per call, yet looks for the end of the line with `strchr` over the whole rest of the
/// text on every call: one line of n bytes costs about n²/79 byte reads (an 8 MB DESCRIPTION
/// took 13 s). This one remembers where the next line end stands and looks again only once it
/// has been handed out; every piece it hands out is the one libical's generator would have.
struct LineSource {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The text ends at its first NUL, as the C string libical's generator reads would.
    private var count: Int
    private var position = 0
    private var started = false
    /// Where the next LF and CR at or after `position` stand (`count`: none; -1: not looked
    /// for yet). Each is looked for again only once `position` has passed it, so every byte is
    /// looked at at most once for each. Past the last LF, libical ends lines at CR (feeds with
    /// CR alone as line end, as Kerio Connect writes them).
    private var nextLF = -1
    private var nextCR = -1
    /// Bytes looked at to find line ends, over every call: the tests bound it by the text's size.
    private(set) var examined = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        count = bytes.count
        count = find(0, from: 0)
    }

    /// Where `byte` first stands at or after `start`, or `count` when nowhere.
    private mutating func find(_ byte: UInt8, from start: Int) -> Int {
        guard start < count, let base = bytes.baseAddress else { return count }
        guard let found = memchr(base + start, Int32(byte), count - start) else {
            examined += count - start
            return count
        }
        let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        examined += index - start + 1
        return index
    }

    /// Writes the next piece, NUL-terminated, into `out` (room for `size` bytes); false at the
    /// end of the text. What `icalparser_string_line_generator` does, byte for byte.
    mutating func next(into out: UnsafeMutablePointer<CChar>, size: Int) -> Bool {
        if !started {
            started = true
            // A UTF-8 byte order mark is skipped, as libical does.
            if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        }
        guard position < count, size > 1, let base = bytes.baseAddress else { return false }
        let room = min(count - position, size - 1)
        var length = room
        var replaceCR = false
        if nextLF < position { nextLF = find(0x0A, from: position) }
        if nextLF < count {
            // An LF lies ahead: the piece ends after it, or is full.
            length = min(nextLF - position + 1, room)
        } else {
            if nextCR < position { nextCR = find(0x0D, from: position) }
            if nextCR < count {
                // No LF ahead but a CR: libical ends the piece after the CR and writes LF in its
                // place; when the CR lies beyond this piece it still writes LF over the piece's
                // last byte (its bug, kept so that the parse is the same).
                replaceCR = true
                length = min(nextCR - position + 1, room)
            }
        }
        UnsafeMutableRawPointer(out).copyMemory(from: base + position, byteCount: length)
        if replaceCR { out[length - 1] = 0x0A }
        out[length] = 0
        position += length
        return true
    }

    /// Parses `bytes` (up to a first NUL) as `icalparser_parse_string` would. Calls
    /// `icalparser_new`, `icalparser_set_gen_data`, `icalparser_parse` and `icalparser_free`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
        var source = LineSource(bytes)
        return parse(&source)
    }

    /// ``parse(_:)`` from `source`, which the tests then ask how much it examined.
    static func parse(_ source: inout LineSource) -> OpaquePointer? {
        guard let parser = icalparser_new() else { return nil }
        defer { icalparser_free(parser) }
        return withUnsafeMutablePointer(to: &source) { pointer in
            icalparser_set_gen_data(parser, pointer)
            return icalparser_parse(parser) { out, size, data in
                guard let out, let data else { return nil }
                let source = data.assumingMemoryBound(to: LineSource.self)
                return source.pointee.next(into: out, size: size) ? out : nil
            }
        }
    }
}
