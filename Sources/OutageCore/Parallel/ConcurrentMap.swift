import Dispatch

/// `transform` of each element, worked out on every core, in order. For work that is the same
/// for each element and shares nothing: loading notice files, building events, writing feeds.
func concurrentMap<Element: Sendable, Result: Sendable>(_ items: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        slots[index] = transform(items[index])
    }
    return results.map { $0! }
}
