import ArgumentParser
import OutageCore

extension OutageCal {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the notice files and regions.yaml, reporting every problem.")

        @OptionGroup var options: FeedsOptions

        func run() throws {
            let catalog = try Console.load(options.feeds)
            let windows = catalog.notices.reduce(0) { $0 + $1.windows.count }
            print("OK: \(catalog.notices.count) notice(s), \(windows) window(s), \(catalog.regions.regions.count) region(s)")
        }
    }
}

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
        FileHandleOutput.writeToStandardError(string)
    }
}
