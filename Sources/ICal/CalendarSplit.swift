import CLibical

/// A calendar's text cut into its events and the rest, so that each event can be parsed,
/// read and freed on its own: a feed of ten thousand events never stands in memory as one
/// libical tree, and what libical allocates for one event is reused for the next.
///
/// Only the plain shape is cut: one VCALENDAR, with its VEVENTs directly inside it. Anything
/// else (nesting libical would read otherwise, unbalanced BEGIN/END) gives nil, and the caller
/// parses the text whole as before.
struct CalendarSplit {
    /// The calendar without its events: properties, VTIMEZONEs and any other component.
    let skeleton: String
    /// The text, and where each top-level VEVENT lies in its UTF-8 (its BEGIN line to the end
    /// of its END line).
    private let text: String
    let events: [Range<Int>]

    init?(_ text: String) {
        var text = text
        let found = text.withUTF8 { Self.cut($0) }
        guard let found else { return nil }
        self.text = text
        self.skeleton = found.skeleton
        self.events = found.events
    }

    /// The skeleton and the events' places, or nil for any shape but the plain one.
    private static func cut(_ bytes: UnsafeBufferPointer<UInt8>) -> (skeleton: String, events: [Range<Int>])? {
        var events: [Range<Int>] = []
        var skeleton: [UInt8] = []
        skeleton.reserveCapacity(4096)
        var kept = 0  // bytes before this offset are in the skeleton or in an event
        var stack: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var eventStart: Int?
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[lineStart..<contentEnd]
            if let name = Self.value(of: line, after: Self.begin) {
                stack.append(name)
                // One VCALENDAR at the top, and none inside it.
                guard Self.equal(name, Self.calendar) == (stack.count == 1) else { return nil }
                if stack.count == 2 && Self.equal(name, Self.event) {
                    skeleton += bytes[kept..<lineStart]
                    eventStart = lineStart
                }
            } else if let name = Self.value(of: line, after: Self.end) {
                guard let open = stack.popLast(), Self.equal(open, name) else { return nil }
                if stack.count == 1, let start = eventStart, Self.equal(name, Self.event) {
                    events.append(start..<next)
                    kept = next
                    eventStart = nil
                }
                if stack.isEmpty {
                    // One calendar only: anything after it is left to libical's whole parse.
                    if bytes[next...].contains(where: { $0 != 0x0D && $0 != 0x0A && $0 != 0x20 && $0 != 0x09 }) { return nil }
                }
            }
            lineStart = next
        }
        guard stack.isEmpty, eventStart == nil, !events.isEmpty else { return nil }
        skeleton += bytes[kept...]
        return (String(decoding: skeleton, as: UTF8.self), events)
    }

    /// Parses each event in turn as a child of `calendar` (so that its TZIDs find the
    /// calendar's VTIMEZONEs), hands it to `body`, then takes it out and frees it. A piece
    /// libical reads as no VEVENT is skipped, as the whole parse would have dropped it.
    func forEachEvent(in calendar: OpaquePointer, _ body: (borrowing ComponentReader) throws -> Void) rethrows {
        var buffer: [CChar] = []
        var text = text
        for range in events {
            buffer.removeAll(keepingCapacity: true)
            text.withUTF8 { all in
                UnsafeBufferPointer(rebasing: all[range]).withMemoryRebound(to: CChar.self) { buffer.append(contentsOf: $0) }
            }
            buffer.append(0)
            guard let event = buffer.withUnsafeBufferPointer({ icalparser_parse_string($0.baseAddress!) }) else { continue }
            guard icalcomponent_isa(event) == ICAL_VEVENT_COMPONENT else {
                icalcomponent_free(event)
                continue
            }
            icalcomponent_add_component(calendar, event)
            defer {
                icalcomponent_remove_component(calendar, event)
                icalcomponent_free(event)
            }
            try body(ComponentReader(event))
        }
    }

    private static let begin = Array("BEGIN:".utf8)
    private static let end = Array("END:".utf8)
    private static let calendar = Array("VCALENDAR".utf8)
    private static let event = Array("VEVENT".utf8)

    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// The rest of `line` when it starts with `prefix`, ignoring ASCII case.
    private static func value(of line: Bytes, after prefix: [UInt8]) -> Bytes? {
        guard line.count >= prefix.count, equal(line.prefix(prefix.count), prefix) else { return nil }
        return line.dropFirst(prefix.count)
    }

    /// The same bytes, ignoring ASCII case.
    private static func equal(_ a: Bytes, _ b: some Collection<UInt8>) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in lowercased(x) == lowercased(y) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
