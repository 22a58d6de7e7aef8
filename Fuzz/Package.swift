// swift-tools-version:5.4
// A libFuzzer harness for OutageCal's feed reader, kept apart from the root package so that
// sanitizer flags never reach the product build. Build and run with ./run.sh; see README.md.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM compiles an executable's entry point as
// `<Module>_main` and links `main` to it, which fails here (main.swift is built with
// -parse-as-library and has no entry point: libFuzzer's own main() is the entry point).
// Below 5.5 it links the objects as they are. The harness is thus in the Swift 5 language mode;
// the root package keeps its own tools version and Swift 6 mode.
import PackageDescription

let package = Package(
    name: "OutageCalFuzz",
    platforms: [.macOS("14.0")],
    dependencies: [
        // The root package, by path. Its only library product is OutageCore; ICal has none, but it
        // is built as a dependency of OutageCore and its module is found beside it, so the
        // harness can `import ICal` (see main.swift). Only Yams is resolved: SwiftPM fetches just
        // the dependencies of the products used here.
        .package(name: "OutageCal", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FeedReaderFuzzer",
            dependencies: [.product(name: "OutageCore", package: "OutageCal")]
        ),
        // `outagecal import` on any text: FUZZ_TARGET=ImporterFuzzer Fuzz/run.sh
        .executableTarget(
            name: "ImporterFuzzer",
            dependencies: [.product(name: "OutageCore", package: "OutageCal")]
        ),
    ]
)
