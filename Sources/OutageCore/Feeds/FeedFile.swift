/// One file of the published Feeds/ folder: its path relative to the folder, and its bytes.
///
/// A feed's bytes are made as they are written (``write(to:)``), a piece at a time, so that
/// writing the largest feed never holds all of it in memory, and several files can be made at
/// once, one on each core (``FeedWriter``).
public struct FeedFile: Sendable {
    /// `west-japan.ics`, `prefectures/40-fukuoka.ics`.
    public let path: String
    let source: Source
    /// About how many bytes it holds, so that the writer can start the biggest first.
    let estimatedBytes: Int

    enum Source: Sendable {
        case text(String)
        /// Text made only when the file is written (the subscription page).
        case rendered(@Sendable () -> String)
        /// A feed, written from its events (``FeedBuilder``).
        case calendar(CalendarBody)
    }

    public init(path: String, contents: String) {
        self.path = path
        self.source = .text(contents)
        self.estimatedBytes = contents.utf8.count
    }

    init(path: String, estimatedBytes: Int, render: @escaping @Sendable () -> String) {
        self.path = path
        self.source = .rendered(render)
        self.estimatedBytes = estimatedBytes
    }

    init(path: String, calendar: CalendarBody) {
        self.path = path
        self.source = .calendar(calendar)
        self.estimatedBytes = calendar.estimatedBytes
    }

    /// Whether its text is made only when it is written: its cost is in the making, which its
    /// size does not tell (the page of 10,000 windows: 0.4 MB, as long to make as a 37 MB feed).
    var isRendered: Bool {
        if case .rendered = source { true } else { false }
    }

    /// Hands the file's bytes to `sink`, a piece at a time and in order.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        switch source {
        case .text(var text):
            try text.withUTF8 { try sink(UnsafeRawBufferPointer($0)) }
        case .rendered(let render):
            var text = render()
            try text.withUTF8 { try sink(UnsafeRawBufferPointer($0)) }
        case .calendar(let body):
            try body.write(to: sink)
        }
    }

    /// All of the file as text.
    public var contents: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(estimatedBytes)
        write { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension FeedFile: Equatable {
    /// The same path and the same bytes, however each is made.
    public static func == (lhs: FeedFile, rhs: FeedFile) -> Bool {
        lhs.path == rhs.path && lhs.contents == rhs.contents
    }
}
