import Foundation
import Testing

@testable import OutageCore

/// Guidance that says when it was true: systems.yaml's `checked:` and `until:` dates, loaded at
/// their lines, and the warnings validate gives when they are old or past.
@Suite("Guidance dates in systems.yaml")
struct GuidanceReviewTests {
    /// The test catalog's systems.yaml with `edit` applied, loaded as validate loads it.
    static func load(_ edit: (String) -> String = { $0 }) throws -> (Catalog?, [Diagnostic], text: String) {
        let text = edit(Fixtures.systems)
        let (catalog, diagnostics) = CatalogLoader(directory: try Fixtures.folder(systems: text, notices: [:])).load()
        return (catalog, diagnostics, text)
    }

    /// The 1-based line and column where `needle` first stands in `text`.
    static func place(of needle: String, in text: String) -> (line: Int, column: Int) {
        let before = text[..<text.range(of: needle)!.lowerBound]
        let line = before.split(separator: "\n", omittingEmptySubsequences: false)
        return (line.count, line.last!.count + 1)
    }

    static let onshiChecked = "    url: https://iryohokenjyoho.service-now.com/csm\n    # Sources re-read 2026-12-07 (stored-page search excerpts), the 2025–2026 changes included; the call-centre number\n    # in `intermittent` was not found again that day.\n    checked: 2026-12-07\n"
    static let onshiShort = "        short: 資格確認は代替手順で。10割負担にしない。\n"

    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("every system of the test catalog loads its checked date, where it is written")
    func loadsChecked() throws {
        let (catalog, diagnostics, text) = try Self.load()
        let registry = try #require(catalog?.systems, "\(diagnostics.map(\.description))")
        #expect(registry.systems.count == 5)
        #expect(registry.systems.allSatisfy { $0.checked == Self.day("2026-12-07") })
        #expect(registry.systems.allSatisfy { $0.guidance.values.allSatisfy { $0.until == nil } })
        #expect(Fixtures.systems.contains(Self.onshiChecked))
        let at = try #require(registry.sources["onshi/checked"])
        let expected = Self.place(of: "2026-12-07\n    guidance:", in: text)
        #expect(at.line == expected.line && at.column == expected.column, "\(at)")
    }

    @Test("until: on one text loads with that text, and only there")
    func loadsUntil() throws {
        let (catalog, diagnostics, text) = try Self.load {
            $0.replacingOccurrences(of: Self.onshiShort, with: Self.onshiShort + "        until: 2026-03-31\n")
        }
        let onshi = try #require(catalog?.systems.system(id: "onshi"), "\(diagnostics.map(\.description))")
        #expect(onshi.guidance[.outage]?.until == Self.day("2026-03-31"))
        #expect(onshi.guidance[.partial]?.until == nil)
        let at = try #require(catalog?.systems.sources["onshi/outage/until"])
        #expect(at.line == Self.place(of: "2026-03-31\n", in: text).line)
        #expect(at.column == 16)
    }

    static let ages: [(name: String, today: String, warns: Bool)] = [
        ("checked today", "2026-12-07", false),
        ("180 days after", "2027-06-05", false),
        ("181 days after", "2027-06-06", true),
        ("years after", "2030-01-01", true),
        ("the day before it was checked", "2026-12-06", true),
    ]

    @Test("validate warns when a system's guidance was checked more than 180 days before today, or after it", arguments: ages.map(\.name))
    func age(name: String) throws {
        let item = Self.ages.first { $0.name == name }!
        let (catalog, _, _) = try Self.load()
        let registry = try #require(catalog?.systems)
        let warnings = GuidanceReview.diagnostics(registry, today: Self.day(item.today)).all
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.count == (item.warns ? 5 : 0), "\(warnings.map(\.description))")
        guard item.warns, let onshi = warnings.first else { return }
        #expect(onshi.file.hasSuffix("systems.yaml"))
        #expect(onshi.line == registry.sources["onshi/checked"]?.line && onshi.line > 0)
        #expect(onshi.message.contains("オンライン資格確認等システム (onshi)"))
        #expect(onshi.message.contains("2026-12-07"))
        #expect(onshi.hint?.isEmpty == false)
    }

    @Test("the warning for an old date says how old, against which day, and what to do")
    func staleText() throws {
        let (catalog, _, text) = try Self.load { $0.replacingOccurrences(of: Self.onshiChecked, with: Self.onshiChecked.replacingOccurrences(of: "checked: 2026-12-07", with: "checked: 2026-05-01")) }
        let warnings = GuidanceReview.diagnostics(try #require(catalog?.systems), today: Self.day("2026-12-07")).all
        #expect(warnings.count == 1)
        let place = Self.place(of: "2026-05-01\n", in: text)
        #expect(warnings.first?.description == """
            \(warnings.first!.file):\(place.line):\(place.column): warning: the guidance for オンライン資格確認等システム (onshi) was last checked on 2026-05-01, 220 days before 2026-12-07 (more than 180)
                hint: re-read the sources named in its # source: comments, rewrite any text that is no longer true, then set checked: to the day you read them
            """)
    }

    @Test("validate warns from the day after a text's until:, at the until: line", arguments: [("2026-03-31", false), ("2026-04-01", true), ("2026-12-07", true)])
    func until(today: String, warns: Bool) throws {
        let (catalog, _, text) = try Self.load {
            $0.replacingOccurrences(of: Self.onshiShort, with: Self.onshiShort + "        until: 2026-03-31\n")
        }
        // Only the until: warning is looked at (a today before checked: has its own).
        let registry = try #require(catalog?.systems)
        let warnings = GuidanceReview.diagnostics(registry, today: Self.day(today)).all.filter { $0.message.contains("until") }
        #expect(warnings.count == (warns ? 1 : 0), "\(warnings.map(\.description))")
        guard warns, let warning = warnings.first else { return }
        #expect(warning.severity == .warning)
        #expect(warning.line == Self.place(of: "2026-03-31\n", in: text).line)
        #expect(warning.message == "the outage guidance for オンライン資格確認等システム (onshi) holds only until 2026-03-31 (until:), and that day has passed")
        #expect(warning.hint?.contains("remove until:") == true)
    }

    static let mistakes: [(name: String, from: String, to: String, at: String, says: String)] = [
        ("no checked", "    checked: 2026-12-07\n    guidance:\n      outage:\n        # source: https://iryohokenjyoho", "    guidance:\n      outage:\n        # source: https://iryohokenjyoho",
         "- id: onshi", "system 'onshi' has no 'checked' date"),
        ("a day that does not exist", onshiChecked, onshiChecked.replacingOccurrences(of: "2026-12-07\n", with: "2026-02-30\n"), "2026-02-30", "2026-2-30 does not exist"),
        ("a date written in words", onshiChecked, onshiChecked.replacingOccurrences(of: "2026-12-07\n", with: "7 Dec 2026\n"), "7 Dec 2026", "'7 Dec 2026' is not a date"),
        ("until in Japanese era words", onshiShort, onshiShort + "        until: 令和8年3月末\n", "until: 令和8年3月末\n", "'令和8年3月末' is not a date"),
        ("a typo'd until", onshiShort, onshiShort + "        untill: 2026-03-31\n", "untill", "unknown key 'untill'"),
    ]

    @Test("a missing or bad date is an error at its line, with a hint", arguments: mistakes.map(\.name))
    func mistake(name: String) throws {
        let item = Self.mistakes.first { $0.name == name }!
        #expect(Fixtures.systems.contains(item.from))
        let (catalog, diagnostics, text) = try Self.load { $0.replacingOccurrences(of: item.from, with: item.to) }
        #expect(catalog == nil)
        let match = diagnostics.first { $0.severity == .error && $0.message.contains(item.says) }
        #expect(match != nil, "expected '\(item.says)', got \(diagnostics.map(\.description))")
        let place = Self.place(of: item.at, in: text)
        #expect(match?.line == place.line, "\(match?.description ?? "")")
        #expect(match?.file.hasSuffix("systems.yaml") == true)
        #expect(match?.hint?.isEmpty == false)
    }

    @Test("a notice's guidance has no until: (its letter dates it)")
    func noUntilInNotices() throws {
        let (catalog, diagnostics) = try Fixtures.loadSeed {
            $0.replacingOccurrences(of: "    short: 資格確認は代替手順で。10割負担にしない。\n", with: "    short: 資格確認は代替手順で。10割負担にしない。\n    until: 2026-03-31\n")
        }
        #expect(catalog == nil)
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("unknown key 'until'") }, "\(diagnostics.map(\.description))")
    }
}
