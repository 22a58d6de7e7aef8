// libFuzzer entry point for OutageCal's feed reader and, on what it reads, the alert planner.
//
// Built with -parse-as-library (no top-level code here): libFuzzer links its own main(), which
// calls LLVMFuzzerTestOneInput once per input. See ../../run.sh and ../../README.md.
//
// A crash, a Swift runtime trap (overflow, out-of-range index, force-unwrap), a sanitizer
// report, a hang past -timeout, or one of the contract checks below failing is a finding.
// A thrown ICalError is not: rejecting garbage is the reader's job.

// ICal has no product of its own, nor has CLibical (the libical module map): both are built for
// OutageCore and found beside it. CLibical only for icalmemory_free_ring, below.
import CLibical
import Foundation
import ICal
import OutageCore

/// The period read: 2024-01-01T00:00:00Z ..< 2026-01-01T00:00:00Z. Fixed, so that a run
/// reproduces.
let periodStart = Date(timeIntervalSince1970: 1_704_067_200)
let periodEnd = Date(timeIntervalSince1970: 1_767_225_600)
/// The planner's "now": 2024-12-31T00:00:00Z, inside the period, near the real feeds' windows.
let now = Date(timeIntervalSince1970: 1_735_603_200)
/// Occurrences expanded per recurrence rule. 100 rather than the reader's 5000: past a few
/// dozen, more instances reach no new code, while every instance costs alerts to plan: replaying
/// the corpus of a first run took 21 s at 500, 8 s at 100.
let limit = 100

/// Stops the process with a message libFuzzer shows, so that a broken contract is reported
/// like a crash, with the input saved.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("contract broken: \(message())") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libical keeps the strings of its non-_r calls in a per-thread ring of 2,500 buffers, freed
    // only as the ring wraps. Each input leaving mallocs and frees unbalanced makes libFuzzer
    // rerun it under LeakSanitizer, a full heap scan that cost three quarters of the time.
    // Nothing holds a ring buffer between inputs (ICal copies every string out), so the ring
    // is freed after each one.
    defer { icalmemory_free_ring() }
    // Invalid UTF-8 becomes U+FFFD, as it would for a feed decoded by the notifier.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)

    let result: ICalFeedReader.Result
    do {
        result = try ICalFeedReader.read(text, from: periodStart, to: periodEnd, floatingOffset: 9 * 3600, limit: limit)
    } catch {
        _ = error.description
        return 0
    }

    // What read(_:from:to:limit:) promises: occurrences overlap the period, in (start, uid)
    // order, none ending before it starts.
    var previous: ICalOccurrence?
    for occurrence in result.occurrences {
        check(occurrence.end >= occurrence.start, "occurrence \(occurrence.uid) ends before it starts")
        let overlaps = occurrence.end > periodStart && occurrence.start < periodEnd
        let instantInside = occurrence.start == occurrence.end
            && occurrence.start >= periodStart && occurrence.start < periodEnd
        check(overlaps || instantInside, "occurrence \(occurrence.uid) at \(occurrence.start) is outside the period")
        if let previous {
            check((previous.start, previous.uid) <= (occurrence.start, occurrence.uid), "occurrences out of order")
        }
        previous = occurrence
    }

    // The planner on what was read, as the notifier runs it on a first start.
    let windows = result.occurrences.map(FeedWindow.init)
    let settings = AlertSettings()
    let plan = AlertPlanner.plan(windows, now: now, state: NotifierState(), settings: settings)
    check(plan.due.allSatisfy { $0.time <= now }, "a due alert lies in the future")
    check(plan.upcoming.allSatisfy { $0.time > now }, "an upcoming alert lies in the past")
    check(zip(plan.upcoming, plan.upcoming.dropFirst()).allSatisfy { $0.time <= $1.time }, "upcoming alerts out of order")
    for alert in plan.due + plan.upcoming {
        _ = (alert.title, alert.body, alert.urgency)
    }

    // No repeats: once a plan is carried out, planning again at the same moment raises nothing.
    // Holds only when window keys are unique; a feed with two VEVENTs of one UID and no
    // RECURRENCE-ID gives two windows one key (see README.md).
    let state = AlertPlanner.record(plan, windows: windows, now: now, in: NotifierState())
    let again = AlertPlanner.plan(windows, now: now, state: state, settings: settings)
    if Set(windows.map(\.key)).count == windows.count {
        check(again.due.isEmpty, "alerts raised twice: \(again.due.map(\.key))")
    }
    return 0
}
