// nio-floor PORT: answers every request on 127.0.0.1:PORT with the same 304, on as many event
// loops as cores (like `outagecal serve`), with the same pipeline as `outagecal serve` and a
// handler that does nothing but write. What `outagecal serve` costs above this is OutageCal's;
// what this costs above nginx is SwiftNIO's.
import NIOCore
import NIOHTTP1
import NIOPosix

final class FixedAnswer: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    static let answer = ByteBuffer(
        string: "HTTP/1.1 304 Not Modified\r\nServer: nio-floor\r\nETag: \"0123456789abcdef\"\r\n"
            + "Last-Modified: Thu, 26 Nov 2026 00:00:00 GMT\r\nCache-Control: public, max-age=21600\r\n"
            + "Vary: Accept-Encoding\r\nDate: Thu, 26 Nov 2026 00:00:00 GMT\r\n\r\n")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { context.write(wrapOutboundOut(Self.answer), promise: nil) }
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

guard CommandLine.arguments.count == 2, let port = Int(CommandLine.arguments[1]) else {
    print("usage: nio-floor PORT")
    exit(2)
}
let server = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
            try channel.pipeline.syncOperations.addHandler(FixedAnswer())
        }
    }
    .bind(host: "127.0.0.1", port: port).wait()
try server.closeFuture.wait()
