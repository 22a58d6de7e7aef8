import Foundation

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Reads a pipe line by line on a thread of its own that blocks in read(2), so that waiting
/// for a line that may come hours later costs nothing: no timer, no polling. The thread
/// closes the descriptor at the end of the pipe.
enum BlockingLineReader {
    static func lines(of descriptor: FileDescriptor) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                // SystemPackage's read retries after EINTR.
                let count = (try? chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }) ?? 0
                guard count > 0 else { break }
                pending.append(contentsOf: chunk[..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
            try? descriptor.close()
            continuation.finish()
        }.start()
        return stream
    }
}
