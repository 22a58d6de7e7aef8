import ArgumentParser
import Foundation
import OutageCore
import Processes

extension OutageCal {
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say in plain words what changed for subscribers between two notice files or two git revisions.",
            discussion: "outagecal diff old.yaml new.yaml; outagecal diff HEAD Feeds/notices (what is not committed yet); outagecal diff HEAD~1 HEAD (Feeds/notices at each revision).")

        @Argument(help: ArgumentHelp("The old notice file or folder, or a git revision.", valueName: "OLD"))
        var old: String

        @Argument(help: ArgumentHelp("The new notice file or folder, or a git revision.", valueName: "NEW"))
        var new: String

        @OptionGroup var options: FeedsOptions

        func run() async throws {
            let catalog = try Console.load(options.feeds)
            let before = try await notices(old, catalog)
            let after = try await notices(new, catalog)
            let lines = NoticeDiff.changes(from: before, to: after, regions: catalog.regions, systems: catalog.systems)
            Console.out(lines.isEmpty ? "購読者に見える変更はありません。" : lines.joined(separator: "\n"))
        }

        /// The notices a file holds, or Feeds/notices at a git revision.
        func notices(_ reference: String, _ catalog: Catalog) async throws -> [Notice] {
            var texts: [(path: String, text: String)] = []
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder), isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: reference)) ?? []
                for name in names.sorted() where name.hasSuffix(".yaml") {
                    let path = (reference as NSString).appendingPathComponent(name)
                    if let text = try? String(contentsOfFile: path, encoding: .utf8) { texts.append((path, text)) }
                }
            } else if FileManager.default.fileExists(atPath: reference) {
                guard let text = try? String(contentsOfFile: reference, encoding: .utf8) else {
                    Console.printError("error: cannot read \(reference) as UTF-8 text")
                    throw ExitCode.failure
                }
                texts = [(reference, text)]
            } else {
                let folder = options.feeds + "/notices/"
                guard let listing = await Git.run(["ls-tree", "--name-only", reference, "--", folder]) else {
                    Console.printError("error: '\(reference)' is neither a file nor a git revision (try HEAD~1, a commit, or a path)")
                    throw ExitCode.failure
                }
                for path in listing.split(separator: "\n") where path.hasSuffix(".yaml") {
                    guard let text = await Git.run(["show", "\(reference):\(path)"]) else { continue }
                    texts.append(("\(reference):\(path)", text))
                }
            }
            var notices: [Notice] = []
            for (path, text) in texts {
                let (notice, diagnostics) = CatalogLoader.notice(path: path, text: text, regions: catalog.regions, systems: catalog.systems)
                guard let notice else {
                    for diagnostic in diagnostics { Console.printError(diagnostic.description) }
                    throw ExitCode.failure
                }
                notices.append(notice)
            }
            return notices
        }
    }
}

/// git, for reading earlier revisions of the notices.
enum Git {
    /// What git printed, or nil when it is not installed, failed, or took over a minute.
    static func run(_ arguments: [String]) async -> String? {
        let output = try? await SystemProcessRunner().run("git", arguments, environment: [:], input: nil, timeout: .seconds(60))
        guard let output, output.status == 0 else { return nil }
        return String(decoding: output.stdout, as: UTF8.self)
    }
}
