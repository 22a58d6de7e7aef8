import ArgumentParser
import Foundation
import OutageCore
import Terminal

/// Printing shared by the subcommands.
enum Console {
    /// Loads the catalog, printing warnings; on errors prints them all and exits non-zero.
    /// With `published`, the folder whose all.ics was published: changed windows must have a
    /// higher revision, and published windows may be cancelled but not removed. With `today`,
    /// the systems' guidance is judged as on that day (``GuidanceReview``).
    static func load(_ directory: String, published: String? = nil, today: CivilDate? = nil) throws -> Catalog {
        let (loaded, found) = CatalogLoader(directory: directory).load()
        var diagnostics = Diagnostics()
        found.forEach { diagnostics.append($0) }
        if let loaded, let published {
            diagnostics.append(contentsOf: revisions(of: loaded, published: published))
        }
        if let loaded, let today {
            diagnostics.append(contentsOf: GuidanceReview.diagnostics(loaded.systems, today: today))
        }
        for diagnostic in diagnostics.all { printError(diagnostic.description) }
        guard let catalog = loaded, !diagnostics.hasErrors else {
            printError("\(diagnostics.errors.count) error(s); nothing was written. Fix them and run the command again.")
            throw ExitCode.failure
        }
        return catalog
    }

    /// What ``RevisionRules`` finds between the folder's published all.ics and the notices.
    static func revisions(of catalog: Catalog, published folder: String) -> Diagnostics {
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + "all.ics"
        // Nothing published yet: nothing to compare with.
        guard FileManager.default.fileExists(atPath: path) else { return Diagnostics() }
        do {
            let findings = RevisionRules.findings(
                from: try FeedContract.versions(publishedAt: path),
                to: WindowVersion.versions(of: catalog.notices, regions: catalog.regions, systems: catalog.systems))
            return RevisionRules.diagnostics(findings, sources: catalog.sources, feedPath: path)
        } catch {
            var diagnostics = Diagnostics()
            if case .unreadable(_, let reason) = error {
                diagnostics.append(Diagnostic(.warning, file: path, "cannot read the published feed (\(reason)); revisions not checked",
                                              hint: "check that this file can be read (ls -l), then run the command again"))
            } else {
                diagnostics.append(Diagnostic(.warning, file: path, "cannot read the published feed (\(error)); revisions not checked",
                                              hint: "run outagecal generate to write it again"))
            }
            return diagnostics
        }
    }

    /// A line on standard error. Every message passes ``TerminalText/safe(_:keepingNewlines:)``:
    /// it may quote a notice, a letter or a feed.
    static func printError(_ text: String) {
        var standardError = StandardError()
        print(TerminalText.safe(text), to: &standardError)
    }

    /// A line on standard output, made safe as ``printError(_:)`` does; `data` (a drafted
    /// notice to be saved) keeps its addresses whole.
    static func out(_ text: String, terminator: String = "\n", data: Bool = false) {
        print(TerminalText.safe(text, hidingCredentials: !data), terminator: terminator)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
