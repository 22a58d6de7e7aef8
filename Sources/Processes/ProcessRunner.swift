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

    /// How the runner waits out a timeout: `Task.sleep`, or the notifier's event-loop sleep,
    /// which keeps an idle daemon from waking (see DaemonExecutor).
    let sleep: @Sendable (Duration) async throws -> Void

    public init(sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        _ = Self.ignoreBrokenPipes
        self.sleep = sleep
    }

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
        return try await Self.bounded(executable, timeout: timeout, sleep: sleep) { started in
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

    /// notify-send waiting for a click may run for hours. swift-subprocess waits on its child
    /// in one-second sleeps, which would wake an idle notifier every second all that time; so
    /// the program runs in the background of a shell that exits at once, under coreutils'
    /// timeout(1), and its output is read on threads of their own that block in read(2).
    /// Without timeout(1) it runs as a child like any other.
    public func stream(_ executable: String, _ arguments: [String], timeout: Duration, line: @escaping @Sendable (String) async -> Void) async throws -> ProcessOutput {
        guard let path = Self.locate(executable) else { throw ProcessRunnerError.notFound(executable) }
        guard let limiter = Self.locate("timeout") else {
            return try await streamAsChild(executable, path, arguments, timeout: timeout, line: line)
        }
        let output = try FileDescriptor.pipe()
        let errors: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do { errors = try FileDescriptor.pipe() } catch {
            try? output.readEnd.close()
            try? output.writeEnd.close()
            throw error
        }
        let lines = BlockingLineReader.lines(of: output.readEnd)
        let errorText = BlockingLineReader.lines(of: errors.readEnd)
        // The shell gets copies of the write ends; ours are closed as soon as it has run (or
        // failed to), so that the readers see the end of their pipes once the program's copies
        // are gone too.
        let seconds = max(1, timeout.components.seconds)
        let started: Result<Void, any Error>
        do {
            _ = try await Subprocess.run(
                .path("/bin/sh"), arguments: Arguments(["-c", Self.backgroundScript, limiter, "\(seconds)", path] + arguments),
                input: .none, output: .fileDescriptor(output.writeEnd, closeAfterSpawningProcess: false),
                error: .fileDescriptor(errors.writeEnd, closeAfterSpawningProcess: false))
            started = .success(())
        } catch {
            started = .failure(error)
        }
        try? output.writeEnd.close()
        try? errors.writeEnd.close()
        try started.get()
        let marks = BackgroundMarks()
        await withTaskCancellationHandler {
            for await text in lines {
                if let mark = BackgroundMarks.Mark(text) { marks.note(mark) } else { await line(text) }
            }
        } onCancel: {
            marks.stop()
        }
        var stderr = Data()
        for await text in errorText { stderr.append(contentsOf: Array((text + "\n").utf8)) }
        try Task.checkCancellation()
        let status = marks.status ?? 128 + SIGKILL
        if status == 124 { throw ProcessRunnerError.timedOut(executable) }
        return ProcessOutput(status: status, stdout: Data(), stderr: stderr)
    }

    /// `sh -c` it, with $0 timeout(1), $1 the seconds, then the program and its arguments: runs
    /// them in a background subshell that says the timeout's pid, waits, and says the status,
    /// each on a line of its own that starts with U+001E.
    static let backgroundScript = #"""
        limiter=$0 seconds=$1; shift
        {
          "$limiter" -k 5 "$seconds" "$@" &
          printf '\036pid %s\n' "$!"
          wait "$!"
          printf '\036exit %s\n' "$?"
        } </dev/null &
        """#

    private func streamAsChild(_ executable: String, _ path: String, _ arguments: [String], timeout: Duration, line: @escaping @Sendable (String) async -> Void) async throws -> ProcessOutput {
        try await Self.bounded(executable, timeout: timeout, sleep: sleep) { started in
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
        _ executable: String, timeout: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
        _ launch: @escaping @Sendable (_ started: @escaping @Sendable (pid_t) -> Void) async throws -> ProcessOutput
    ) async throws -> ProcessOutput {
        let child = ChildProcess()
        let outcome = try await withThrowingTaskGroup(of: ProcessOutput?.self, returning: ProcessOutput?.self) { group in
            group.addTask { try await launch { pid in child.pid.withLock { $0 = pid } } }
            group.addTask {
                try await sleep(timeout)
                return nil
            }
            guard let first = try await group.next(), let output = first else {
                // Out of time: stop the group (the child's pid is its process group), then wait
                // for the run to see its child end.
                var pid = child.pid.withLock { $0 }
                for _ in 0..<100 where pid == nil {
                    try? await sleep(.milliseconds(20))
                    pid = child.pid.withLock { $0 }
                }
                if let pid {
                    kill(-pid, SIGTERM)
                    try? await sleep(.milliseconds(500))
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

/// What the background shell of ``SystemProcessRunner/stream`` said: the pid of timeout(1),
/// which passes a SIGTERM on to the program, and the program's status.
final class BackgroundMarks: Sendable {
    enum Mark {
        case pid(pid_t)
        case exit(Int32)

        init?(_ line: String) {
            guard line.hasPrefix("\u{1E}") else { return nil }
            let words = line.dropFirst().split(separator: " ")
            guard words.count == 2, let value = Int32(words[1]) else { return nil }
            switch words[0] {
            case "pid": self = .pid(value)
            case "exit": self = .exit(value)
            default: return nil
            }
        }
    }

    private let state = Mutex<(pid: pid_t?, status: Int32?, stopped: Bool)>((nil, nil, false))

    var status: Int32? { state.withLock { $0.status } }

    func note(_ mark: Mark) {
        let stopNow: pid_t? = state.withLock { state in
            switch mark {
            case .pid(let pid):
                state.pid = pid
                return state.stopped ? pid : nil
            case .exit(let status):
                state.status = status
                return nil
            }
        }
        if let stopNow { kill(stopNow, SIGTERM) }
    }

    /// Cancelled: stop the program (now, or as soon as its pid is known).
    func stop() {
        let pid: pid_t? = state.withLock { state in
            state.stopped = true
            return state.status == nil ? state.pid : nil
        }
        if let pid { kill(pid, SIGTERM) }
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
