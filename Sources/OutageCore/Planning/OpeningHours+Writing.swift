import Foundation

/// The friendly form written back, as `setup` keeps it and `plan` shows it.
extension OpeningHours {
    /// The friendly form back: `hours:` keys and values (days with the same hours as one range,
    /// 月 to 日, then 祝) and `closed:` items, which ``parse(hours:closed:line:)`` reads back the same.
    public var friendly: (hours: [(key: String, value: String)], closed: [String]) {
        func text(_ spans: [Span]) -> String {
            spans.isEmpty ? "休み" : spans.map { "\(Self.time($0.start))-\(Self.time($0.end))" }.joined(separator: ",")
        }
        var hours: [(key: String, value: String)] = []
        var first = 1
        for index in 1...7 {
            let day = index % 7, next = (index + 1) % 7
            if index == 7 || week[next] != week[day] {
                let key = first == index ? Self.dayNames[day] : "\(Self.dayNames[first % 7])-\(Self.dayNames[day])"
                hours.append((key, text(week[day])))
                first = index + 1
            }
        }
        switch holidays {
        case .closed: hours.append(("祝", "休み"))
        case .asWeekday: hours.append(("祝", "通常"))
        case .open(let spans): hours.append(("祝", text(spans)))
        }
        let closed = self.closed.map { days -> String in
            switch days {
            case .yearly(let fromMonth, let fromDay, let toMonth, let toDay):
                return (fromMonth, fromDay) == (toMonth, toDay) ? "\(fromMonth)/\(fromDay)" : "\(fromMonth)/\(fromDay)-\(toMonth)/\(toDay)"
            case .dates(let from, let through):
                return from == through ? from.description : "\(from)〜\(through)"
            }
        }
        return (hours, closed)
    }
}
