import Foundation
import Testing

@Suite("outagecal diff")
struct DiffCommandTests {
    typealias CLI = CommandLineTests

    static func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    @Test("between the last commit and the working tree, and between two commits")
    func gitRevisions() throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-diff-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.repository.appendingPathComponent("Feeds").path, toPath: repository + "/Feeds")
        try Self.git(["init", "-q"], in: repository)
        try Self.git(["add", "Feeds"], in: repository)
        try Self.git(["commit", "-qm", "first"], in: repository)
        let path = repository + "/Feeds/notices/2024-12-network-renewal.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "end: 2024-12-31T05:20:00+09:00", with: "end: 2024-12-31T06:00:00+09:00")
            .replacingOccurrences(of: "revision: 1", with: "revision: 2").write(toFile: path, atomically: true, encoding: .utf8)
        let pending = try CLI.run(["diff", "HEAD", "Feeds/notices"], in: repository)
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.contains("（第1版 → 第2版）"))
        #expect(pending.stdout.contains("【時刻変更】【西日本】オンライン資格確認等システム 長時間の通信断: 2024年12月31日(火) 3:00〜5:20 → 2024年12月31日(火) 3:00〜6:00"))
        try Self.git(["commit", "-qam", "second"], in: repository)
        let committed = try CLI.run(["diff", "HEAD~1", "HEAD"], in: repository)
        #expect(committed.stdout == pending.stdout)
        let none = try CLI.run(["diff", "HEAD", "HEAD"], in: repository)
        #expect(none.stdout.contains("変更はありません"))
        let bad = try CLI.run(["diff", "no-such-revision", "HEAD"], in: repository)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("neither a file nor a git revision"))
    }
}
