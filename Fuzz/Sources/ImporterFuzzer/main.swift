// libFuzzer entry point for the notice importer (`outagecal import`): any bytes, as the text of
// a letter. It must never crash or hang, and whatever it drafts must hold together: every
// window ends after it starts, and the draft is a notice file the loader reads back with the
// same windows. Built by Fuzz/run.sh with -parse-as-library; libFuzzer brings main().
import Foundation
import OutageCore

/// The regions of Feeds/regions.yaml, as the importer maps areas onto them.
let regions: RegionMap = {
    let east = Prefecture.all.filter { $0.code <= 15 || $0.code == 19 || $0.code == 20 }
    let west = Prefecture.all.filter { !east.contains($0) }
    return RegionMap([
        Region(id: "east-japan", name: "東日本", nameEnglish: "East Japan", prefectures: east),
        Region(id: "west-japan", name: "西日本", nameEnglish: "West Japan", prefectures: west),
    ])
}()

/// One system is enough for the importer to name: it searches the registry's names in the text.
let systems = SystemRegistry([
    System(id: "onshi", name: "オンライン資格確認等システム", shortName: "オン資", operatorName: "支払基金", url: nil,
           checked: CivilDate(year: 2026, month: 12, day: 7),
           guidance: [.outage: Guidance(short: "代替手順で。", japanese: "代替手順で確認します。"),
                      .intermittent: Guidance(short: "再試行。", japanese: "少し待って再試行します。")]),
])

let importer = NoticeImporter(regions: regions, systems: systems, referenceYear: 2025)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImporter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let draft = try? importer.importText(text) else { return 0 }
    for window in draft.notice.windows where (window.end ?? .distantFuture) <= window.start {
        fatalError("importer drafted a window that does not end after it starts: \(window)")
    }
    let yaml = DraftWriter.yaml(draft.notice, report: draft.report)
    // A draft with things to check by hand (no guidance found …) is not expected to load yet.
    guard draft.report.warnings.isEmpty else { return 0 }
    let (notice, diagnostics) = CatalogLoader.notice(path: "draft.yaml", text: yaml, regions: regions, systems: systems)
    guard let notice else {
        fatalError("the draft does not load back: \(diagnostics.map(\.description))\n\(yaml)")
    }
    guard notice.windows.map(\.start) == draft.notice.windows.map(\.start), notice.windows.map(\.end) == draft.notice.windows.map(\.end) else {
        fatalError("the draft's windows change when read back")
    }
    return 0
}
