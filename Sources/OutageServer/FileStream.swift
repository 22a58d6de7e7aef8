import CompressNIO
import Foundation
import NIOCore

/// A file too big for the cache (``FileCache/Limits/fileBytes``), sent from its descriptor a
/// piece at a time, gzipped on the way for a client that asked: what a connection holds for it is
/// a piece or two, whatever the file's size (a whole body per client took a 336 MB feed and six
/// gzip clients to 2.4 GB).
struct FileStream: Sendable {
    let file: OpenedFile
    /// Gzipped, in chunks (Transfer-Encoding: chunked: the length is known only at the end).
    let gzip: Bool
}

/// Reads and compresses the pieces of one ``FileStream``, on NIO's thread pool: zlib's work is
/// not for an event loop. Not thread-safe: FeedConnection asks for the next piece only once the
/// last one has come back (through a future, which orders the two), so one thread at a time
/// uses it.
final class PieceReader: @unchecked Sendable {
    /// Bytes read from the file at a time.
    static let pieceSize = 64 * 1024

    private let file: OpenedFile
    private var offset = 0
    private let compressor: ZlibCompressor?
    private(set) var finished = false

    init(_ stream: FileStream) throws {
        file = stream.file
        compressor = stream.gzip ? try ZlibCompressor(algorithm: .gzip) : nil
    }

    /// The file's size as fstat gave it when opened, which is what the head announced.
    var size: Int { file.stamp.size }

    enum Failure: Error { case shortRead }

    /// The next piece as it goes out on the connection: a chunk when gzipped, with the last
    /// chunk after the last piece; possibly empty, as zlib may keep a piece's output for the
    /// next. ``finished`` says whether it was the last.
    func next(allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let count = min(Self.pieceSize, size - offset)
        var raw = allocator.buffer(capacity: count)
        var read = 0
        while read < count {
            let got = raw.writeWithUnsafeMutableBytes(minimumWritableBytes: count - read) { buffer in
                let result = pread(file.descriptor, buffer.baseAddress, count - read, off_t(offset + read))
                return result > 0 ? result : 0
            }
            // Truncated since it was opened (or unreadable): the announced length cannot be
            // kept, and the connection must close rather than send less than it said.
            guard got > 0 else { throw Failure.shortRead }
            read += got
        }
        offset += count
        finished = offset >= size
        guard let compressor else { return raw }
        var zipped = allocator.buffer(capacity: compressor.maxSize(from: raw))
        while raw.readableBytes > 0 {
            // zlib stops when the output is full and leaves the rest of the input unread.
            zipped.reserveCapacity(minimumWritableBytes: 16 * 1024)
            try compressor.deflate(from: &raw, to: &zipped, flush: .no)
        }
        if finished {
            var nothing = allocator.buffer(capacity: 0)
            while true {
                zipped.reserveCapacity(minimumWritableBytes: 16 * 1024)
                do {
                    try compressor.deflate(from: &nothing, to: &zipped, flush: .finish)
                    break
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    continue  // more room, and again
                }
            }
        }
        // A chunk of length zero would end the body: an empty output is sent as nothing.
        var chunk = allocator.buffer(capacity: zipped.readableBytes + 16)
        if zipped.readableBytes > 0 {
            chunk.writeString(String(zipped.readableBytes, radix: 16))
            chunk.writeStaticString("\r\n")
            chunk.writeBuffer(&zipped)
            chunk.writeStaticString("\r\n")
        }
        if finished { chunk.writeStaticString("0\r\n\r\n") }
        return chunk
    }
}
