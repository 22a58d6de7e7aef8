import Foundation

/// What a finished process left behind.
public struct ProcessOutput: Hashable, Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public init(status: Int32, stdout: Data, stderr: Data) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

public enum ProcessRunnerError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .notFound(let name): "\(name) is not installed (not found on PATH)"
        case .timedOut(let name): "\(name) did not finish in time and was stopped"
        }
    }
}

/// Starts programs. Always an argument vector, never a shell (ExecSink asks for one itself).
/// Injected, so that tests record what would run.
public protocol ProcessRunner: Sendable {
    func run(_ executable: String, _ arguments: [String], environment: [String: String], input: Data?, timeout: Duration) async throws -> ProcessOutput
}

/// Runs programs with Foundation's Process.
public struct SystemProcessRunner: ProcessRunner {
    /// A child that exits without reading its input must not kill us with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    public init() { _ = Self.ignoreBrokenPipes }

    /// `name` on PATH, or nil. An absolute path is taken as it is.
    public static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func run(_ executable: String, _ arguments: [String], environment: [String: String], input: Data?, timeout: Duration) async throws -> ProcessOutput {
        guard let path = Self.locate(executable) else { throw ProcessRunnerError.notFound(executable) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        // Output is read on its own threads so that a chatty child cannot block on a full pipe.
        let out = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }
        let err = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }
        if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
        try? stdin.fileHandleForWriting.close()
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in finished.stream {}; return false }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return false }
                return true
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if timedOut {
            process.terminate()
            process.waitUntilExit()
            throw ProcessRunnerError.timedOut(executable)
        }
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: await out.value, stderr: await err.value)
    }
}
