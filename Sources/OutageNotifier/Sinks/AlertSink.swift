import Foundation
import Logging
import OutageCore

/// Somewhere an alert is raised: the desktop, the terminal, a hook.
public protocol AlertSink: Sendable {
    var name: String { get }
    func deliver(_ alert: Alert) async throws
}

/// Raises each alert on every sink. A sink that fails is logged and the alert goes to the
/// terminal instead (unless the terminal already had it): an alert is never lost silently.
public struct SinkSet: Sendable {
    public let sinks: [AlertSink]
    public let fallback: TerminalSink
    let logger: Logger

    public init(_ sinks: [AlertSink], fallback: TerminalSink, logger: Logger) {
        self.sinks = sinks
        self.fallback = fallback
        self.logger = logger
    }

    public func deliver(_ alert: Alert) async {
        var reached = false
        var failed = false
        for sink in sinks {
            do {
                try await sink.deliver(alert)
                if sink is TerminalSink { reached = true }
            } catch {
                failed = true
                logger.warning("\(sink.name) could not show the alert: \(error); it is shown in the terminal instead")
            }
        }
        if (failed || sinks.isEmpty) && !reached {
            try? await fallback.deliver(alert)
        }
    }
}
