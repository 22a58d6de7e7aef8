import Foundation

/// Runs a command-line tool the executable needs (pdftotext, git) with an argument vector and
/// gives back what it printed. Standard error is read on its own thread, so a tool that writes a
/// lot of it cannot block on a full pipe.
enum Tool {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Standard error, filled in by the reading thread and read after it is done.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = Collected()
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: data, stderr: String(decoding: errors.data, as: UTF8.self))
    }
}
