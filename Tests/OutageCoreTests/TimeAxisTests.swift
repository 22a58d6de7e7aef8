import Foundation
import Testing

@testable import OutageCore

/// The timelines' axes: labels never meet (issue 24: 「12/206:00 12:0018:00…」), and dates and
/// times stay readable. Tests/Page measures the labels as Chromium draws them.
@Suite("Timeline axis")
struct TimeAxisTests {
    /// Spans the page draws: an hour, a night, a day and a half, five days, two weeks, two
    /// months, a year and more, five years.
    static let spans: [(from: String, to: String)] = [
        ("2024-12-15T03:00:00+09:00", "2024-12-15T04:00:00+09:00"),
        ("2024-12-31T03:00:00+09:00", "2024-12-31T05:20:00+09:00"),
        ("2025-09-19T18:00:00+09:00", "2025-09-21T00:00:00+09:00"),
        ("2024-12-20T00:00:00+09:00", "2024-12-25T12:00:00+09:00"),
        ("2024-12-20T21:00:00+09:00", "2025-01-03T05:00:00+09:00"),
        ("2025-01-01T00:00:00+09:00", "2025-03-02T00:00:00+09:00"),
        ("2025-01-01T00:00:00+09:00", "2026-02-01T00:00:00+09:00"),
        ("2025-01-01T00:00:00+09:00", "2030-01-01T00:00:00+09:00"),
    ]

    @Test("no two labels of a row come within the gap, and every label is inside the viewBox", arguments: spans)
    func labelsDoNotMeet(_ span: (from: String, to: String)) {
        let axis = TimeAxis(from: Fixtures.jst(span.from), to: Fixtures.jst(span.to))
        #expect(axis.labels.count >= 2)
        for row in 0..<axis.rows {
            let boxes = axis.labels.filter { $0.row == row }.map { label in
                let width = TimeAxis.estimatedWidth(label.text)
                return (label.text, label.anchorEnd ? label.x - width : label.x, label.anchorEnd ? label.x : label.x + width)
            }
            for box in boxes { #expect(box.1 >= 0 && box.2 <= TimeAxis.width, "\(box.0) at \(box.1)–\(box.2)") }
            for (a, b) in zip(boxes, boxes.dropFirst()) {
                #expect(a.2 + TimeAxis.gap <= b.1, "\(a.0) (to \(a.2)) and \(b.0) (from \(b.1)) meet")
            }
        }
    }

    @Test("five days: each date once on the top row, with its weekday; times on their own row")
    func datesOnTheirOwnRow() {
        let axis = TimeAxis(from: Fixtures.jst("2024-12-20T00:00:00+09:00"), to: Fixtures.jst("2024-12-25T12:00:00+09:00"))
        #expect(axis.rows == 2)
        let dates = axis.labels.filter { $0.row == 0 }.map(\.text)
        #expect(dates == ["12/20(金)", "12/21(土)", "12/22(日)", "12/23(月)", "12/24(火)", "12/25(水)"])
        let times = axis.labels.filter { $0.row == 1 }.map(\.text)
        #expect(!times.isEmpty && times.allSatisfy { $0.hasSuffix(":00") && $0 != "0:00" }, "\(times)")
    }

    @Test("an axis starting in the evening names its first day, unless the next midnight's date would meet it")
    func firstDay() {
        let evening = TimeAxis(from: Fixtures.jst("2025-09-19T18:00:00+09:00"), to: Fixtures.jst("2025-09-21T00:00:00+09:00"))
        #expect(evening.labels.filter { $0.row == 0 }.map(\.text) == ["9/19(金)", "9/20(土)", "9/21(日)"])
        // Three days from 20:00, ticks every 6 hours from 18:00: 12/20 would sit on 12/21.
        let late = TimeAxis(from: Fixtures.jst("2024-12-20T20:00:00+09:00"), to: Fixtures.jst("2024-12-23T16:00:00+09:00"))
        #expect(late.labels.filter { $0.row == 0 }.map(\.text).first == "12/21(土)")
    }

    @Test("an hour: the date above, the hours below")
    func oneHour() {
        let axis = TimeAxis(from: Fixtures.jst("2024-12-15T03:00:00+09:00"), to: Fixtures.jst("2024-12-15T04:00:00+09:00"))
        #expect(axis.labels.map(\.text) == ["12/15(日)", "3:00", "4:00"])
        #expect(axis.labels.last?.anchorEnd == true)
    }
}
