import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

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

    /// Runs a program that answers over time (notify-send waiting for a click): each line of
    /// its output goes to `line` as it is printed. The output returned holds its status and
    /// standard error only.
    func stream(_ executable: String, _ arguments: [String], timeout: Duration, line: @escaping @Sendable (String) async -> Void) async throws -> ProcessOutput
}

/// Runs programs with swift-subprocess: the child's output is read asynchronously (no thread
/// of the shared pool blocks on a pipe), input is written while output is read, and the
/// timeout counts from the start. A child that runs out of time is stopped with its process
/// group (the run is cancelled, and swift-subprocess tears a cancelled child down).
public struct SystemProcessRunner: ProcessRunner {
    /// The most output kept of a child, per stream: more is an error, not memory without bound.
    public static let outputLimit = 64 << 20

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
        let overrides = Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), Optional($0.value)) })
        return try await Self.bounded(executable, timeout: timeout) { started in
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(arguments), environment: .inherit.updating(overrides),
                platformOptions: Self.options, input: ChildInput(data: input ?? Data()),
                output: .data(limit: Self.outputLimit), error: .data(limit: Self.outputLimit)
            ) { execution in
                started(execution.processIdentifier.value)
            }
            return ProcessOutput(status: Self.status(result.terminationStatus), stdout: result.standardOutput, stderr: result.standardError)
        }
    }

    public func stream(_ executable: String, _ arguments: [String], timeout: Duration, line: @escaping @Sendable (String) async -> Void) async throws -> ProcessOutput {
        guard let path = Self.locate(executable) else { throw ProcessRunnerError.notFound(executable) }
        return try await Self.bounded(executable, timeout: timeout) { started in
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(arguments), platformOptions: Self.options,
                input: .none, output: .sequence, error: .data(limit: Self.outputLimit)
            ) { execution in
                started(execution.processIdentifier.value)
                for try await text in execution.standardOutput.strings() { await line(text) }
            }
            return ProcessOutput(status: Self.status(result.terminationStatus), stdout: Data(), stderr: result.standardError)
        }
    }

    /// Runs `launch` (which reports the child's pid once it runs), stopping the child's process
    /// group when `timeout` passes: TERM, then KILL half a second later. The runner does this
    /// itself, rather than relying on cancellation alone, so that a child started just as its
    /// time ran out is stopped too.
    static func bounded(
        _ executable: String, timeout: Duration,
        _ launch: @escaping @Sendable (_ started: @escaping @Sendable (pid_t) -> Void) async throws -> ProcessOutput
    ) async throws -> ProcessOutput {
        let child = ChildProcess()
        let outcome = try await withThrowingTaskGroup(of: ProcessOutput?.self, returning: ProcessOutput?.self) { group in
            group.addTask { try await launch { pid in child.pid.withLock { $0 = pid } } }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            guard let first = try await group.next(), let output = first else {
                // Out of time: stop the group (the child's pid is its process group), then wait
                // for the run to see its child end.
                var pid = child.pid.withLock { $0 }
                for _ in 0..<100 where pid == nil {
                    try? await Task.sleep(for: .milliseconds(20))
                    pid = child.pid.withLock { $0 }
                }
                if let pid {
                    kill(-pid, SIGTERM)
                    try? await Task.sleep(for: .milliseconds(500))
                    kill(-pid, SIGKILL)
                }
                group.cancelAll()
                return nil
            }
            group.cancelAll()
            return output
        }
        guard let outcome else { throw ProcessRunnerError.timedOut(executable) }
        return outcome
    }

    /// Its own process group (its pid), so that a child that runs out of time is stopped with
    /// whatever it started (a hook's `sleep`, a shell's pipeline); on cancellation
    /// swift-subprocess stops the group too.
    static var options: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500)),
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(100)),
        ]
        return options
    }

    static func status(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// The pid of a child once it runs, shared with the task that watches its time.
final class ChildProcess: Sendable {
    let pid = Mutex<pid_t?>(nil)
}

/// What a child is given on its standard input. A child may exit without reading it all (a
/// hook that ignores its input): that broken pipe is the child's choice, not a failure of the
/// run, so the write ends quietly and the pipe is closed as usual.
struct ChildInput: InputProtocol {
    let data: Data

    func write(with writer: StandardInputWriter) async throws {
        guard !data.isEmpty else { return }
        do {
            _ = try await writer.write(data)
        } catch {
            // EPIPE: the child closed its input. swift-subprocess closes the pipe after this returns.
        }
    }
}
