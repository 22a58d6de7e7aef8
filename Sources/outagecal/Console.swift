import ArgumentParser
import Foundation
import OutageCore

/// Printing shared by the subcommands.
enum Console {
    /// Loads the catalog, printing warnings; on errors prints them all and exits non-zero.
    static func load(_ directory: String) throws -> Catalog {
        let (catalog, diagnostics) = CatalogLoader(directory: directory).load()
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
