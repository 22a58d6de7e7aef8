import Foundation
import Hummingbird
import Logging

/// One line per request: method, path, status, bytes, milliseconds, and the client's
/// User-Agent (calendar services name themselves there).
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = started.duration(to: .now)
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let bytes = response.headers[.contentLength] ?? "-"
        let agent = request.headers[.userAgent] ?? "-"
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(bytes) \(String(format: "%.1f", milliseconds))ms \"\(agent)\"")
        return response
    }
}
