import Foundation
import Testing

@testable import OutageCore

@Suite("Writing feeds")
struct FeedWriterTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outagecal-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("writes every feed, then nothing when nothing changed")
    func writesOnce() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let writer = FeedWriter(directory: try Self.scratch())
        #expect(try writer.write(files).written.count == files.count)
        #expect(try writer.write(files).written.isEmpty)
        #expect(writer.difference(from: files).isEmpty)
        let text = try String(contentsOfFile: writer.directory + "/prefectures/40-fukuoka.ics", encoding: .utf8)
        #expect(text == files.first { $0.path == "prefectures/40-fukuoka.ics" }!.contents)
    }

    @Test("check names stale, missing and obsolete feeds")
    func difference() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let writer = FeedWriter(directory: try Self.scratch())
        try writer.write(files)
        try "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".write(toFile: writer.directory + "/west-japan.ics", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: writer.directory + "/prefectures/13-tokyo.ics")
        // A feed an earlier generate wrote (its manifest lists it) that is no longer made.
        try "old".write(toFile: writer.directory + "/prefectures/99-atlantis.ics", atomically: true, encoding: .utf8)
        let manifest = writer.directory + "/" + FeedWriter.manifestName
        try (String(contentsOfFile: manifest, encoding: .utf8) + "prefectures/99-atlantis.ics\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let difference = writer.difference(from: files)
        #expect(difference.changed == ["west-japan.ics", FeedWriter.manifestName])
        #expect(difference.missing == ["prefectures/13-tokyo.ics"])
        #expect(difference.obsolete == ["prefectures/99-atlantis.ics"])
        let result = try writer.write(files)
        #expect(result.written.sorted() == ["prefectures/13-tokyo.ics", "west-japan.ics"])
        #expect(result.removed == ["prefectures/99-atlantis.ics"])
        #expect(writer.difference(from: files).isEmpty)
    }

    @Test("an old file that is a start, a longer copy or a near copy of the new one is rewritten whole", arguments: ["start", "longer", "middle"])
    func comparedAsWritten(shape: String) throws {
        // Enough windows that the feed is made in several pieces (CalendarBody.pieceSize).
        var catalog = try Fixtures.seedCatalog()
        let first = Fixtures.jst("2030-01-01T01:00:00+09:00")
        for day in 0..<400 {
            let start = first.addingTimeInterval(Double(day) * 86_400)
            catalog.notices[0].windows.append(Window(id: "extra-\(day)", kind: .outage, scope: [.nationwide], start: start, end: start.addingTimeInterval(3600)))
        }
        let files = FeedBuilder(retention: .init(past: 1e12, cancelled: 1e12)).build(catalog)
        let writer = FeedWriter(directory: try Self.scratch())
        try writer.write(files)
        let path = "west-japan.ics"
        let wanted = Array(files.first { $0.path == path }!.contents.utf8)
        #expect(wanted.count > 3 * CalendarBody.pieceSize)
        var old = wanted
        switch shape {
        case "start": old.removeLast(old.count / 3)
        case "longer": old += Array("X-MORE:1\r\n".utf8)
        default: old[old.count / 2] ^= 0x01
        }
        try Data(old).write(to: URL(fileURLWithPath: writer.directory + "/" + path))
        #expect(writer.difference(from: files).changed == [path])
        #expect(try writer.write(files).written == [path])
        #expect(FileManager.default.contents(atPath: writer.directory + "/" + path) == Data(wanted))
        #expect(writer.difference(from: files).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: writer.directory).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test("files several times the writeback size, among many small ones, are written whole and in place")
    func bigFiles() throws {
        // Each big file is handed to the disk a piece at a time while it is written, and every
        // file is flushed on one of several lanes: none of that may change a byte or lose a file.
        let line = "X-LINE:" + String(repeating: "福岡県を含む西日本", count: 6) + "\r\n"
        func file(_ path: String, lines: Int) -> FeedFile {
            FeedFile(path: path, contents: "BEGIN:VCALENDAR\r\nX-PATH:\(path)\r\n" + String(repeating: line, count: lines) + "END:VCALENDAR\r\n")
        }
        let big = FeedWriter.writebackSize / line.utf8.count
        var files = [file("all.ics", lines: 3 * big + 17), file("west-japan.ics", lines: big + 1), file("east-japan.ics", lines: big - 1)]
        files += Prefecture.all.map { file(FeedSet.path($0), lines: $0.code) }
        let writer = FeedWriter(directory: try Self.scratch())
        #expect(try writer.write(files).written.count == files.count)
        for file in files {
            #expect(FileManager.default.contents(atPath: writer.directory + "/" + file.path) == Data(file.contents.utf8), "\(file.path)")
        }
        #expect(try writer.write(files).written.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: writer.directory).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test("the page is started first, whatever its size, then the feeds, the biggest first")
    func startingOrder() throws {
        let catalog = try Fixtures.seedCatalog()
        let feeds = FeedSet(catalog)
        var files = FeedBuilder().build(catalog)
        files.insert(try SubscriptionPage().file(catalog, feeds: feeds), at: files.count / 2)
        let order = FeedWriter.startingOrder(files)
        #expect(order.first?.path == FeedSet.pagePath)
        #expect(order.count == files.count)
        let sizes = order.dropFirst().map(\.estimatedBytes)
        #expect(sizes == sizes.sorted(by: >))
        #expect(order[1].path == FeedSet.allPath)
    }

    @Test("a failed write changes nothing and leaves no temporary files")
    func allOrNothing() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let directory = try Self.scratch()
        let old = "BEGIN:VCALENDAR\r\nX-OLD:1\r\nEND:VCALENDAR\r\n"
        try old.write(toFile: directory + "/all.ics", atomically: true, encoding: .utf8)
        // prefectures/ cannot be created: a plain file stands in its place.
        try "not a folder".write(toFile: directory + "/prefectures", atomically: true, encoding: .utf8)
        #expect(throws: FeedWriter.WriteError.self) { try FeedWriter(directory: directory).write(files) }
        #expect(try String(contentsOfFile: directory + "/all.ics", encoding: .utf8) == old)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left.sorted() == ["all.ics", "prefectures"])
    }

    /// The id of a process that has just ended.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("temporary files an interrupted generate left: --check names them, the next write removes them; a running writer's are kept")
    func leftovers() throws {
        let files = FeedBuilder().build(try Fixtures.seedCatalog())
        let writer = FeedWriter(directory: try Self.scratch())
        try writer.write(files)
        let dead = try Self.deadPID()
        let left = ["all.ics", "prefectures/40-fukuoka.ics"].map { FeedWriter.temporaryName($0, pid: dead) }
        let live = FeedWriter.temporaryName("west-japan.ics", pid: getppid())  // a process that is running
        for path in left + [live] { try "BEGIN:VCALENDAR\r\nhalf".write(toFile: writer.directory + "/" + path, atomically: false, encoding: .utf8) }
        let difference = writer.difference(from: files)
        #expect(difference.leftovers == left.sorted())
        #expect(!difference.isEmpty)
        let result = try writer.write(files)
        #expect(result.leftovers == left.sorted())
        #expect(left.allSatisfy { !FileManager.default.fileExists(atPath: writer.directory + "/" + $0) })
        #expect(FileManager.default.fileExists(atPath: writer.directory + "/" + live), "another generate is still writing it")
        #expect(writer.difference(from: files).isEmpty)
    }
}
