/// Whether what staff are told is still known to be true on a given day: the rules behind a
/// system's guidance change (old health insurance cards expired, a transitional measure ended),
/// so each system says when its sources were last read (`checked:`), and a text resting on a
/// rule with an end says that end (`until:`). Judged by `outagecal validate`, never by the
/// feeds: a stale text still goes out, and the administrator is told to read its sources again.
public enum GuidanceReview {
    /// Guidance whose sources were last read longer ago than this is reported: about half a
    /// year, the rhythm at which the ministry's transitional measures were announced and ended.
    public static let maximumAgeDays = 180

    /// A warning for each system not checked within `maximumAgeDays` of `today` (or checked
    /// after it: a date typed wrong would silence the first), and for each text whose `until:`
    /// is before `today`. `today` is a day in Japan; the caller reads the clock.
    public static func diagnostics(_ registry: SystemRegistry, today: CivilDate, maximumAgeDays: Int = maximumAgeDays) -> Diagnostics {
        var diagnostics = Diagnostics()
        func warn(_ key: String, _ message: String, hint: String) {
            let place = registry.sources[key]
            diagnostics.append(Diagnostic(.warning, file: place?.file ?? "systems.yaml", line: place?.line ?? 0, column: place?.column ?? 0,
                                          message, hint: hint))
        }
        let reread = "re-read the sources named in its # source: comments"
        for system in registry.systems {
            let label = "\(system.name) (\(system.id))"
            let age = system.checked.days(to: today)
            if age > maximumAgeDays {
                warn("\(system.id)/checked", "the guidance for \(label) was last checked on \(system.checked), \(age) days before \(today) (more than \(maximumAgeDays))",
                     hint: "\(reread), rewrite any text that is no longer true, then set checked: to the day you read them")
            } else if age < 0 {
                warn("\(system.id)/checked", "the guidance for \(label) says it was checked on \(system.checked), after \(today)",
                     hint: "write the day its sources were last read, no later than today")
            }
            for kind in WindowKind.allCases {
                guard let until = system.guidance[kind]?.until, until < today else { continue }
                warn("\(system.id)/\(kind.rawValue)/until",
                     "the \(kind.rawValue) guidance for \(label) holds only until \(until) (until:), and that day has passed",
                     hint: "\(reread) and write what staff must do now: remove until:, or set it to the end of the rule now in force; then set checked: to the day you read them")
            }
        }
        return diagnostics
    }
}
