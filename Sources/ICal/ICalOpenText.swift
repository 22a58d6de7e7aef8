/// A serialized component with the value of one of its own TEXT properties left open: the
/// lines before and after that property kept as bytes, ready to be written again and again
/// with a different value, without building the component again.
///
/// Each value is escaped and folded as ``ICalComponent/serialized()`` writes it, so a variant
/// is byte for byte what libical and ``ContentLines`` would have made of the same component.
public struct ICalOpenText: Sendable {
    /// Every line before the open property.
    let head: [UInt8]
    /// `DESCRIPTION:`: how the open line starts (its parameters, if it had any, are not kept).
    let name: [UInt8]
    /// Every line after the open property and its continuation lines.
    let tail: [UInt8]

    /// `text` with the value of its own first `property` (the first such line before any nested
    /// component) left open. Nil when the component has no such line.
    public init?(_ text: ICalText, opening property: TextProperty) {
        let name = Array(property.name.utf8)
        let begin = Array("BEGIN:".utf8)
        let bytes = Array(text.text.utf8)
        var lineStart = 0
        var seenOwnBegin = false
        while lineStart < bytes.count {
            guard let end = Self.lineEnd(bytes, from: lineStart) else { return nil }
            let line = bytes[lineStart..<end]
            if line.starts(with: begin) {
                // The component's own BEGIN, then the first nested one: nothing of ours follows.
                if seenOwnBegin { return nil }
                seenOwnBegin = true
            } else if line.starts(with: name), line.count > name.count,
                line[lineStart + name.count] == UInt8(ascii: ":") || line[lineStart + name.count] == UInt8(ascii: ";")
            {
                // The line and its continuation lines.
                var stop = end + 2
                while stop < bytes.count, bytes[stop] == UInt8(ascii: " ") || bytes[stop] == UInt8(ascii: "\t") {
                    guard let next = Self.lineEnd(bytes, from: stop) else { return nil }
                    stop = next + 2
                }
                head = Array(bytes[..<lineStart])
                self.name = name + [UInt8(ascii: ":")]
                tail = Array(bytes[stop...])
                return
            }
            lineStart = end + 2
        }
        return nil
    }

    /// Octets the component takes without its open line.
    public var fixedCount: Int { head.count + tail.count }

    /// Appends the component to `out` with the open value set to `pieces`, one after another.
    public func append(_ pieces: ICalEscapedText..., to out: inout [UInt8]) {
        var logical = name
        logical.reserveCapacity(name.count + pieces.reduce(0) { $0 + $1.bytes.count })
        for piece in pieces { logical.append(contentsOf: piece.bytes) }
        out.append(contentsOf: head)
        ContentLines.fold(logical, into: &out)
        out.append(contentsOf: tail)
    }

    /// The index of the CR of the CRLF that ends the line starting at `start`.
    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}

/// Text escaped once as an RFC 5545 TEXT value (``ContentLines/appendEscapedText(_:to:)``), to
/// be set into ``ICalOpenText`` values, alone or joined with other pieces.
public struct ICalEscapedText: Hashable, Sendable {
    let bytes: [UInt8]

    public init(_ text: String) {
        // Exactly as long as it needs: many are kept, one for each event of a big feed set.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ContentLines.escapedLength(text))
        ContentLines.appendEscapedText(text, to: &bytes)
        self.bytes = bytes
    }

    /// Its escaped length in octets.
    public var count: Int { bytes.count }
}
