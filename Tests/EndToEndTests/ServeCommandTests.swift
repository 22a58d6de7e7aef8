import Foundation
import Testing

/// `outagecal serve` run as a process, for what only a process shows: the limit of open files.
@Suite("outagecal serve")
struct ServeCommandTests {
    typealias CLI = CommandLineTests

    /// A port that was free a moment ago.
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 ? getsockname(socket, $0, &length) : -1 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func connect(_ port: Int) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// Sends a HEAD for `/` and reads the status line (blocking, at most 3 s).
    static func get(_ socket: Int32) -> String {
        let request = Array("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).components(separatedBy: "\r\n")[0] : ""
    }

    /// User and system CPU time of a process so far, in clock ticks (/proc/PID/stat).
    static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        // After the name: state is field 3, utime 14, stime 15.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    @Test("out of file descriptors it backs off instead of spinning, and the connection it has still gets answers")
    func outOfDescriptors() throws {
        let port = Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 64 descriptors, and a cap above that, so that accept(2) fails with EMFILE.
        process.arguments = ["-c", "ulimit -n 64 && exec \"$0\" serve --dir \"$1\" --port \"$2\" --max-connections 1000 --no-access-log",
                             CLI.binary.path, try CLI.feedsCopy(), String(port)]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        var first: Int32?
        for _ in 0..<200 where first == nil {
            first = Self.connect(port)
            if first == nil { usleep(25_000) }
        }
        let kept = try #require(first, "the server did not start listening")
        defer { close(kept) }
        #expect(Self.get(kept) == "HTTP/1.1 200 OK")

        // More connections than descriptors: the kernel completes them, the server cannot take them.
        var flood: [Int32] = []
        defer { flood.forEach { close($0) } }
        for _ in 0..<100 { if let socket = Self.connect(port) { flood.append(socket) } }
        usleep(300_000)
        let before = try #require(Self.cpuTicks(process.processIdentifier))
        usleep(1_500_000)
        let after = try #require(Self.cpuTicks(process.processIdentifier))
        // A spinning accept loop burns a whole core: 150 ticks in 1.5 s.
        #expect(after - before < 40, "the server used \(after - before) ticks of CPU in 1.5 s while out of descriptors")
        #expect(Self.get(kept) == "HTTP/1.1 200 OK", "the connection it has is still served")
        #expect(process.isRunning)
    }
}
