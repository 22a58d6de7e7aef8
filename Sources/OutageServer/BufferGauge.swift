import Synchronization

/// The most bytes of answers any one connection has held at once: written to the channel and not
/// yet handed to the kernel, or read from a file and not yet written. What a test reads to know
/// that memory does not grow with the size of a file (RSS would say it too, but not reliably on a
/// shared machine).
final class BufferGauge: Sendable {
    private let highest = Atomic<Int>(0)

    init() {}

    /// The most bytes one connection held at once, so far.
    var highWater: Int { highest.load(ordering: .relaxed) }

    /// A connection holds `bytes` now.
    func note(_ bytes: Int) {
        var seen = highest.load(ordering: .relaxed)
        while bytes > seen {
            let (exchanged, original) = highest.compareExchange(expected: seen, desired: bytes, ordering: .relaxed)
            if exchanged { return }
            seen = original
        }
    }
}
