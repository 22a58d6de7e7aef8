import CLibical
import Glibc

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
    /// Where the events are read from.
    private let source: Source
    /// Where each top-level VEVENT lies in the UTF-8 of the text or file (its BEGIN line to the
    /// end of its END line).
    let events: [Range<Int>]

    private enum Source {
        case text(String)
        /// An open file, read again event by event (pread), never whole; its owner closes it.
        case file(Int32, path: String)
    }

    init?(_ text: String) {
        var text = text
        let found: (skeleton: String, events: [Range<Int>])? = text.withUTF8 { bytes in
            var cutter = Cutter()
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let next = min(lineEnd + 1, bytes.count)
                guard cutter.line(bytes[lineStart..<lineEnd], at: lineStart, next: next) else { return nil }
                lineStart = next
            }
            guard let (kept, events) = cutter.finish(size: bytes.count) else { return nil }
            var skeleton: [UInt8] = []
            for range in kept { skeleton += bytes[range] }
            return (String(decoding: skeleton, as: UTF8.self), events)
        }
        guard let found else { return nil }
        self.source = .text(text)
        self.skeleton = found.skeleton
        self.events = found.events
    }

    /// The calendar in the open file `descriptor`, read from its start a piece at a time: what
    /// stays in memory is the skeleton and the events' places, not the file. Nil for any shape
    /// but the plain one, and when the file cannot be read. `pieceSize`: bytes read at a time;
    /// `path`: the file's, for errors.
    init?(file descriptor: Int32, path: String, pieceSize: Int = 1 << 20) {
        var cutter = Cutter()
        var pending: [UInt8] = []  // the line not yet ended, from the last piece
        var offset = 0  // of pending's first byte in the file
        var piece = [UInt8](repeating: 0, count: max(1, pieceSize))
        while true {
            guard let count = piece.withUnsafeMutableBytes({ FileBytes.read(descriptor, into: $0, at: offset + pending.count) }) else { return nil }
            if count == 0 { break }
            pending += piece[..<count]
            let complete: Int? = pending.withUnsafeBufferPointer { bytes in
                var lineStart = 0
                while let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) {
                    guard cutter.line(bytes[lineStart..<lineEnd], at: offset + lineStart, next: offset + lineEnd + 1) else { return nil }
                    lineStart = lineEnd + 1
                }
                return lineStart
            }
            guard let complete else { return nil }
            pending.removeFirst(complete)
            offset += complete
        }
        if !pending.isEmpty {
            // The last line, without a line break.
            guard pending.withUnsafeBufferPointer({ cutter.line($0[...], at: offset, next: offset + $0.count) }) else { return nil }
        }
        guard let (kept, events) = cutter.finish(size: offset + pending.count) else { return nil }
        var skeleton: [UInt8] = []
        for range in kept {
            guard let bytes = Self.read(range, from: descriptor) else { return nil }
            skeleton += bytes
        }
        self.source = .file(descriptor, path: path)
        self.skeleton = String(decoding: skeleton, as: UTF8.self)
        self.events = events
    }

    /// Appends the bytes of `range` in the file to `buffer`; false when they cannot all be read.
    private static func read(_ range: Range<Int>, from descriptor: Int32, into buffer: inout [UInt8]) -> Bool {
        let start = buffer.count
        buffer += repeatElement(0, count: range.count)
        var done = 0
        while done < range.count {
            let count = buffer.withUnsafeMutableBytes { all in
                FileBytes.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: all[(start + done)...]), at: range.lowerBound + done)
            }
            guard let count, count > 0 else { return false }
            done += count
        }
        return true
    }

    private static func read(_ range: Range<Int>, from descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        return read(range, from: descriptor, into: &bytes) ? bytes : nil
    }

    /// The plain shape, one line at a time: the places of the events and of what lies around
    /// them (the skeleton).
    private struct Cutter {
        private var events: [Range<Int>] = []
        private var kept: [Range<Int>] = []
        private var keptUpTo = 0  // bytes before this offset are in the skeleton or in an event
        private var stack: [[UInt8]] = []
        private var eventStart: Int?
        /// The calendar has ended: only blank lines may follow.
        private var closed = false

        /// `line` (without its LF) starts at `start`; the next one at `next`. False when the
        /// text is not of the plain shape.
        mutating func line(_ raw: Bytes, at start: Int, next: Int) -> Bool {
            var line = raw
            if line.last == 0x0D { line = line.dropLast() }
            // One calendar only: anything after it is left to libical's whole parse.
            if closed { return line.allSatisfy { $0 == 0x0D || $0 == 0x20 || $0 == 0x09 } }
            if let name = CalendarSplit.value(of: line, after: CalendarSplit.begin) {
                stack.append(Array(name))
                // One VCALENDAR at the top, and none inside it.
                guard CalendarSplit.equal(name, CalendarSplit.calendar) == (stack.count == 1) else { return false }
                if stack.count == 2 && CalendarSplit.equal(name, CalendarSplit.event) {
                    kept.append(keptUpTo..<start)
                    eventStart = start
                }
            } else if let name = CalendarSplit.value(of: line, after: CalendarSplit.end) {
                guard let open = stack.popLast(), CalendarSplit.equal(name, open) else { return false }
                if stack.count == 1, let eventStart, CalendarSplit.equal(name, CalendarSplit.event) {
                    events.append(eventStart..<next)
                    keptUpTo = next
                    self.eventStart = nil
                }
                if stack.isEmpty { closed = true }
            }
            return true
        }

        /// The skeleton's pieces and the events' places, or nil for any shape but the plain one.
        func finish(size: Int) -> (kept: [Range<Int>], events: [Range<Int>])? {
            guard stack.isEmpty, eventStart == nil, !events.isEmpty else { return nil }
            return (kept + [keptUpTo..<size], events)
        }
    }

    /// Parses each event in turn as a child of `calendar` (so that its TZIDs find the
    /// calendar's VTIMEZONEs), hands it to `body`, then takes it out and frees it. A piece
    /// libical reads as no VEVENT is skipped, as the whole parse would have dropped it. Throws
    /// when an event can no longer be read from its file (it shrank while being read).
    func forEachEvent(in calendar: OpaquePointer, _ body: (borrowing ComponentReader) -> Void) throws(ICalError) {
        var buffer: [UInt8] = []
        for range in events {
            buffer.removeAll(keepingCapacity: true)
            switch source {
            case .text(var text):
                text.withUTF8 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
            case .file(let descriptor, let path):
                guard Self.read(range, from: descriptor, into: &buffer) else {
                    throw .unreadable(path: path, reason: "it changed while it was read; run the command again")
                }
            }
            let parsed = buffer.withUnsafeBufferPointer { LineSource.parse($0) }
            guard let event = parsed else { continue }
            guard icalcomponent_isa(event) == ICAL_VEVENT_COMPONENT else {
                icalcomponent_free(event)
                continue
            }
            icalcomponent_add_component(calendar, event)
            defer {
                icalcomponent_remove_component(calendar, event)
                icalcomponent_free(event)
            }
            body(ComponentReader(event))
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

/// pread(2) for the ICal layer's file reading.
enum FileBytes {
    /// Reads into `buffer` from `offset`, again when interrupted: the bytes read (0 at the end
    /// of the file), or nil on an error, with `errno` set.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int? {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { return nil }
        }
    }
}
