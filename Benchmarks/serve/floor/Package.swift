// swift-tools-version:6.0
// The floor for `outagecal serve` in Benchmarks/serve/run.sh: the least a SwiftNIO HTTP/1 server
// does per request (NIOHTTP1's parser, then one fixed 304 written as bytes), with nothing of
// OutageCal's. Not a server for anything else; see main.swift.
import PackageDescription

let package = Package(
    name: "nio-floor",
    dependencies: [.package(url: "https://github.com/apple/swift-nio", from: "2.101.3")],
    targets: [
        .executableTarget(
            name: "nio-floor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
