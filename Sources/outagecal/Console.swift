import ArgumentParser
import Foundation
import OutageCore

/// Printing shared by the subcommands.
enum Console {
    /// Loads the catalog, printing warnings; on errors prints them all and exits non-zero.
    /// With `published`, the folder whose all.ics was published: changed windows must have a
    /// higher revision, and published windows may be cancelled but not removed.
    static func load(_ directory: String, published: String? = nil) throws -> Catalog {
        var (catalog, diagnostics) = CatalogLoader(directory: directory).load()
        if let loaded = catalog, let published {
            let path = (published.hasSuffix("/") ? published : published + "/") + "all.ics"
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                do {
                    diagnostics += RevisionCheck.check(loaded, against: try RevisionCheck.published(text), feedPath: path)
                } catch {
                    diagnostics.append(Diagnostic(.warning, file: path, "cannot read the published feed (\(error)); revisions not checked",
                                                  hint: "run outagecal generate to write it again"))
                }
            }
            if diagnostics.contains(where: { $0.severity == .error }) { catalog = nil }
        }
        for diagnostic in diagnostics { printError(diagnostic.description) }
        guard let catalog else {
            let count = diagnostics.filter { $0.severity == .error }.count
            printError("\(count) error(s); nothing was written. Fix them and run the command again.")
            throw ExitCode.failure
        }
        return catalog
    }

    static func printError(_ text: String) {
        var standardError = StandardError()
        print(text, to: &standardError)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
