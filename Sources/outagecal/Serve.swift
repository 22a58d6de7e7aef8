import ArgumentParser
import Foundation
import Logging
import OutageServer
import ServiceLifecycle

extension OutageCal {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the feeds and the subscription page over HTTP (GET and HEAD, ETag, gzip).",
            discussion: "For a national audience put Feeds/ on a static host or CDN instead; see the README.")

        @Option(help: ArgumentHelp("The folder to serve.", valueName: "DIR"))
        var dir = "Feeds"

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "HOST"))
        var host = "127.0.0.1"

        @Option(help: ArgumentHelp("The port to listen on.", valueName: "PORT"))
        var port = 8080

        @Flag(name: .customLong("no-access-log"), help: "Do not log each request.")
        var noAccessLog = false

        @Option(name: .customLong("max-connections"), help: ArgumentHelp("Serve at most this many connections at once; more get 503 and Retry-After. Keep it well below `ulimit -n`.", valueName: "N"))
        var maxConnections = 512

        @Option(
            name: .customLong("max-connections-per-address"),
            help: ArgumentHelp(
                "One client address (IPv6: its /64) holds at most this many connections; more get 503. Default: a quarter of --max-connections. Behind a reverse proxy on this machine, set it to --max-connections.",
                valueName: "N"))
        var maxConnectionsPerAddress: Int?

        @Option(
            name: .customLong("header-timeout"),
            help: ArgumentHelp(
                "Seconds within which a request must arrive whole from its first byte (a new connection's first request: from its accepting); slower connections are closed.",
                valueName: "SECONDS"))
        var headerTimeout = 10.0

        func validate() throws {
            guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
            guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1.") }
            if let perAddress = maxConnectionsPerAddress, !(1...maxConnections).contains(perAddress) {
                throw ValidationError("--max-connections-per-address must be between 1 and --max-connections (\(maxConnections)).")
            }
            guard headerTimeout > 0 && headerTimeout <= 3600 else { throw ValidationError("--header-timeout must be more than 0 and at most 3600 seconds.") }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--dir '\(dir)' is not a folder. Run `outagecal generate` first, or name the folder holding the feeds.")
            }
        }

        func run() async throws {
            var logger = Logger(label: "outagecal.serve")
            logger.logLevel = .info
            var configuration = FeedServer.Configuration(directory: dir, host: host, port: port, accessLog: !noAccessLog)
            configuration.maxConnections = maxConnections
            configuration.maxConnectionsPerAddress = maxConnectionsPerAddress
            configuration.headerTimeout = .milliseconds(Int64((headerTimeout * 1000).rounded()))
            let server = FeedServer(configuration, logger: logger) { [logger, dir, host] port in
                logger.info("serving \(dir) at http://\(host):\(port)/ (Ctrl-C to stop)")
            }
            var group = ServiceGroupConfiguration(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(10)
            do {
                try await ServiceGroup(configuration: group).run()
            } catch let error as FeedServer.ListenError {
                Console.printError("outagecal serve: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
