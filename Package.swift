// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "OutageCal",
    // Linux only: the server reads st_mtim and the notifier uses Linux desktop tools; no other
    // platform is claimed.
    products: [
        .executable(name: "outagecal", targets: ["outagecal"]),
        .library(name: "OutageCore", targets: ["OutageCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
    ],
    targets: [
        // libical, the C library, as Debian ships it (libical-dev). Only ICal imports it.
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"]), .brew(["libical"])]
        ),
        // The one unsafe layer: owns every libical pointer, speaks Swift values outward.
        // Calendar dates and wall-clock times, and the years OutageCal supports: no zone, no C.
        .target(name: "Civil"),
        // A short stable tag for bytes (FNV-1a): the notifier's cache file names, the server's ETags.
        .target(name: "Digest"),
        // Text from files and the network made safe for a terminal or a log (controls shown,
        // credentials hidden): the one place every message passes on its way out.
        .target(name: "Terminal"),
        // Files written whole beside their target, never through a link planted there: feeds,
        // the notifier's state, lock and cache.
        .target(name: "DurableFiles"),
        .target(name: "ICal", dependencies: ["CLibical", "Civil"]),
        // sync_file_range, which Swift's Glibc does not declare: feeds start going to disk as
        // they are written, so that the fsync before each rename has less to wait for.
        .target(name: "CWriteback"),
        // timerfd on the wall clock, cancelled when the clock is set, which Swift's Glibc does
        // not declare: the notifier's one timer, so that it sleeps until the next thing due.
        .target(name: "CTimerfd"),
        // Value model, notice loading with diagnostics, feed building.
        .target(
            name: "OutageCore",
            dependencies: [
                "Civil", "ICal", "CWriteback", "DurableFiles",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Starting programs (notify-send, a sink's command, pdftotext, git): one runner, with
        // swift-subprocess, that the notifier's sinks, import and diff share.
        .target(
            name: "Processes",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The notifier daemon: clock, feed fetching and caching, sinks, state.
        .target(
            name: "OutageNotifier",
            dependencies: [
                "OutageCore", "Processes", "Digest", "Terminal", "DurableFiles", "CTimerfd",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ]
        ),
        // HTTP serving of Feeds/, kept apart so that its dependencies stay out of the rest:
        // a SwiftNIO pipeline (NIOHTTP1's parser) that answers on the event loop.
        .target(
            name: "OutageServer",
            dependencies: [
                "Digest",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libxml2's HTML parser, as Debian ships it (libxml2-dev): operators' pages read as a
        // browser reads them, in whatever charset they declare. Only OutageWatcher imports it.
        .systemLibrary(
            name: "CLibxml2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The watcher: operators' pages and the association's mail, read into drafts in
        // Feeds/inbox for the administrator to accept.
        .target(
            name: "OutageWatcher",
            dependencies: [
                "OutageCore", "OutageNotifier", "Processes", "Digest", "Terminal", "DurableFiles", "CLibxml2",
                .product(name: "SWXMLHash", package: "SWXMLHash"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin executable: argument parsing and printing only.
        .executableTarget(
            name: "outagecal",
            dependencies: [
                "Civil", "OutageCore", "OutageNotifier", "OutageServer", "OutageWatcher", "Processes", "Terminal",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ICalTests", dependencies: ["ICal", "Civil"]),
        .testTarget(
            name: "OutageCoreTests",
            dependencies: ["OutageCore", "ICal", "Civil"],
            exclude: ["Golden", "Notices", "Catalog", "Shapes", "Holidays"]
        ),
        .testTarget(
            name: "OutageNotifierTests",
            dependencies: [
                "OutageNotifier", "OutageCore", "Processes", .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "OutageServerTests",
            dependencies: [
                "OutageServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .testTarget(
            name: "OutageWatcherTests",
            dependencies: ["OutageWatcher", "OutageCore", "OutageNotifier", "Processes"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["outagecal"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
