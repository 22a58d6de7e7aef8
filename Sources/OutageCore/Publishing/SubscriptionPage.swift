import Foundation
import Mustache

/// Feeds/index.html: what is stopped now, which feed is mine, how to subscribe and turn
/// reminders on, and a timeline of the windows. Works without JavaScript (every link and window
/// is listed); the script adds the picker's copy button, webcal:// links where no base URL is
/// configured, and 現在の状況 (hidden without it: a static file cannot know "now").
///
/// Made from the same ``FeedSet`` as the feeds: this file works out what the page shows (the
/// links, the time axes and bars); ``PageTemplate`` is the HTML, rendered with swift-mustache,
/// which escapes every value.
public struct SubscriptionPage: Sendable {
    /// Where Feeds/ is published (`https://…/`), for absolute https and webcal links; nil gives
    /// relative links.
    public var baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// The page's template, parsed once.
    static let template = Result { try MustacheTemplate(string: PageTemplate.text) }

    func html(_ catalog: Catalog, feeds: FeedSet) throws -> String {
        try file(catalog, feeds: feeds).contents
    }

    /// index.html, made when it is written: the template is checked now, the page rendered
    /// then (it can take as long as a big feed, so it is made beside them).
    func file(_ catalog: Catalog, feeds: FeedSet) throws -> FeedFile {
        let template = try Self.template.get()
        let page = self
        // About 1 KB for each window the page lists (at most shownPerRegion a region).
        let listed = min(feeds.units.count, Self.shownPerRegion) * max(1, catalog.regions.regions.count)
        return FeedFile(path: FeedSet.pagePath, estimatedBytes: 1024 * listed) {
            template.render(page.content(catalog, feeds: feeds))
        }
    }

    // MARK: What the page shows

    struct Content {
        let title: String
        let systemNames: String
        let options: [Option]
        let lists: [FeedList]
        let wide: [Link]
        let systems: [Link]
        let regions: [RegionTimeline]
        let updated: String?
        /// The windows for 現在の状況, as JSON.
        let now: String
        let style = SubscriptionPage.style
        let script = SubscriptionPage.script + "\n" + SubscriptionPage.nowScript
    }

    struct Option { let path: String, label: String }
    struct Link { let name: String, href: String, path: String, webcal: String? }
    struct FeedList { let name: String, links: [Link] }
    struct RegionTimeline { let name: String, omitted: String?, charts: [Chart], windows: [Item] }
    struct Item {
        let status: String, summary: String, when: String
        let stops: String?, works: String?
        let action: [Line]?
    }
    /// A line of a text shown with <br> between lines.
    struct Line { let br: Bool, text: String }

    func content(_ catalog: Catalog, feeds: FeedSet) -> Content {
        var lists: [FeedList] = []
        var listed = Set<Int>()
        for region in catalog.regions.regions {
            listed.formUnion(region.prefectures.map(\.code))
            lists.append(FeedList(name: "\(region.name)（\(region.prefectures.count)都道府県）",
                                  links: region.prefectures.map { link($0.name, path: FeedSet.path($0)) }))
        }
        let rest = Prefecture.all.filter { !listed.contains($0.code) }
        if !rest.isEmpty { lists.append(FeedList(name: "その他", links: rest.map { link($0.name, path: FeedSet.path($0)) })) }
        return Content(
            title: "\(FeedSet.calendarTitle)カレンダー",
            systemNames: catalog.systems.systems.map(\.name).joined(separator: "・"),
            options: Prefecture.all.map { prefecture in
                let region = catalog.regions.region(of: prefecture)?.name
                return Option(path: FeedSet.path(prefecture), label: "\(prefecture.paddedCode) \(prefecture.name)\(region.map { "（\($0)）" } ?? "")")
            },
            lists: lists,
            wide: catalog.regions.regions.map { link("\($0.name)（全体）", path: FeedSet.path($0)) } + [link("全国", path: FeedSet.allPath)],
            systems: catalog.systems.systems.map { link($0.name, path: FeedSet.path($0)) },
            regions: timeline(catalog, feeds: feeds),
            updated: catalog.notices.map(\.updated).max().map(JST.date),
            now: Self.nowJSON(nowWindows(catalog, feeds: feeds)))
    }

    func link(_ name: String, path: String) -> Link {
        Link(name: name, href: (baseURL ?? "") + path, path: path, webcal: webcal(path))
    }

    func webcal(_ path: String) -> String? {
        guard let baseURL, let scheme = baseURL.range(of: "://") else { return nil }
        return "webcal://" + baseURL[scheme.upperBound...] + path
    }

    // MARK: Timeline

    /// Windows per region, drawn on a time axis per group of windows close in time: outage
    /// red, partial purple, intermittent amber, tentative hatched, backup days outlined,
    /// cancelled grey and struck through; the list below says what to do.
    func timeline(_ catalog: Catalog, feeds: FeedSet) -> [RegionTimeline] {
        catalog.regions.regions.compactMap { region in
            let (indexes, left) = Self.shown(region, feeds: feeds)
            guard !indexes.isEmpty else { return nil }
            let omitted = left > 0 ? "これより前の\(left)件はここでは省略しています（カレンダーには入っています）。" : nil
            let shown = indexes.map { feeds.units[$0] }
            let charts = Self.groups(shown).enumerated().map { number, group in
                Self.chart(group, title: "\(region.name)の停止予定 \(JST.date(group[0].occurrence.start))から", id: "\(region.id)-\(number)")
            }
            let items = Self.listed(shown).map { entry in
                let unit = entry.unit, when = entry.when
                let window = unit.window
                let action = window.cancelled ? nil : unit.text.action
                return Item(status: window.cancelled ? "cancelled" : window.kind.rawValue, summary: unit.text.summary, when: when,
                            stops: window.affects.map { $0.stops.joined(separator: "、") },
                            works: window.affects.flatMap { $0.works.isEmpty ? nil : $0.works.joined(separator: "、") },
                            action: action.map { $0.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { Line(br: $0 > 0, text: String($1)) } })
            }
            return RegionTimeline(name: region.name, omitted: omitted, charts: charts, windows: items)
        }
    }

    /// One entry of the list: a unit, or consecutive days of one all-day window.
    struct Listed {
        let unit: FeedSet.Unit
        /// 2024年12月31日(火) 3:00〜5:20（予定）, 2024年12月20日(金)〜2024年12月24日(火) 終日
        var when: String
        /// When the entry ends (the last day's end), nil when not known.
        var end: Date?
        var start: Date { unit.occurrence.start }
    }

    /// The indexes in the feed set of the units the page shows for `region`, in time order: a
    /// page a reception PC can open holds the latest ``shownPerRegion``; `omitted` are left out.
    static func shown(_ region: Region, feeds: FeedSet) -> (indexes: [Int], omitted: Int) {
        let indexes = feeds.units(concerning: FeedSet.mask(region.prefectures))
        let omitted = max(0, indexes.count - shownPerRegion)
        return (Array(indexes.dropFirst(omitted)), omitted)
    }

    /// The list's entries: each unit with when it is, but consecutive days of one all-day window
    /// as one entry (2024年12月20日(金)〜2024年12月24日(火) 終日), not one a day.
    static func listed(_ units: [FeedSet.Unit]) -> [Listed] {
        var entries: [(listed: Listed, first: CivilDate?, last: CivilDate?)] = []
        var latest: [String: Int] = [:]  // a window's latest entry
        for unit in units {
            let key = unit.notice.id + "/" + unit.window.id
            if let day = unit.occurrence.day, let index = latest[key], let first = entries[index].first, entries[index].last?.next == day {
                entries[index].last = day
                entries[index].listed.when = "\(JST.date(JST.midnight(first)))〜\(JST.date(JST.midnight(day))) 終日" + (unit.window.tentative ? "（予定）" : "")
                entries[index].listed.end = unit.occurrence.end
                continue
            }
            latest[key] = entries.count
            entries.append((Listed(unit: unit, when: unit.text.when, end: unit.occurrence.end), unit.occurrence.day, unit.occurrence.day))
        }
        return entries.map(\.listed)
    }

    /// The most windows the page lists for a region: the latest, in time order. Feeds kept
    /// for years would otherwise make a page of megabytes.
    static let shownPerRegion = 300

    /// How far an open end is drawn past its start.
    static let openEndLength: TimeInterval = 12 * 3600

    /// Where a unit's bar ends on the axis.
    static func drawnEnd(_ unit: FeedSet.Unit) -> Date {
        unit.occurrence.end ?? unit.occurrence.start.addingTimeInterval(openEndLength)
    }

    /// Units in time order, split wherever two days pass with nothing on: each group gets its
    /// own axis, so that windows months apart do not stretch one axis across the months.
    static func groups(_ units: [FeedSet.Unit]) -> [[FeedSet.Unit]] {
        var groups: [[FeedSet.Unit]] = []
        var groupEnd = Date.distantPast
        for unit in units.sorted(by: { $0.occurrence.start < $1.occurrence.start }) {
            if groups.isEmpty || unit.occurrence.start > groupEnd.addingTimeInterval(2 * 86_400) {
                groups.append([unit])
                groupEnd = drawnEnd(unit)
            } else {
                groups[groups.count - 1].append(unit)
                groupEnd = max(groupEnd, drawnEnd(unit))
            }
        }
        return groups
    }

    /// One time axis with a bar per unit, as the template draws it in SVG.
    struct Chart {
        let title: String, svgID: String, hatch: String
        let width: Int, height: Int
        let grid: [GridLine]
        let ticks: [Tick]
        let bars: [Bar]
    }
    struct GridLine { let x: String, y1: String, day: Bool }
    struct Tick { let x: String, y: String, anchorEnd: Bool, label: String }
    struct Bar {
        let classes: String, fullLabel: String
        let x: String, y: String, width: String, height: Int
        let hatched: Bool
        let label: String, textX: String, textY: String, anchorEnd: Bool, textClass: String
        let strike: Strike?
    }
    struct Strike { let x1: String, x2: String, y: String }

    static func chart(_ shown: [FeedSet.Unit], title: String, id: String) -> Chart {
        let axis = TimeAxis(from: shown.map(\.occurrence.start).min()!, to: shown.map(drawnEnd).max()!)
        let width = TimeAxis.width, rowHeight = 28.0, top = TimeAxis.top(rows: axis.rows)
        let height = top + rowHeight * Double(shown.count) + 8
        func x(_ date: Date) -> Double { axis.x(date) }
        let grid = axis.lines.map { GridLine(x: f($0.x), y1: f($0.top), day: $0.day) }
        let ticks = axis.labels.map { Tick(x: f($0.x), y: f(TimeAxis.baselines[$0.row]), anchorEnd: $0.anchorEnd, label: $0.text) }
        let bars = shown.enumerated().map { row, unit in
            let window = unit.window
            let y = top + rowHeight * Double(row)
            let x0 = x(unit.occurrence.start), x1 = max(x(drawnEnd(unit)), x0 + 2)
            var classes = window.cancelled ? "cancelled" : window.kind.rawValue
            if window.backup { classes += " backup" }
            if unit.occurrence.end == nil { classes += " open" }
            // The longest wording that fits inside the bar or after it: system, name and times; name
            // and times; the times alone.
            let status = window.cancelled ? "（中止）" : unit.text.hedges
            let times = barTimes(unit.occurrence)
            let labels = ["\(unit.text.systemLabel) \(window.label) \(times)\(status)", "\(window.label) \(times)\(status)", "\(times)\(status)"]
            func textLength(_ text: String) -> Double { text.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 7 : 12) } }
            let label = labels.first { x1 - x0 > textLength($0) + 12 || x1 + 6 + textLength($0) <= width } ?? labels[2]
            let textWidth = textLength(label)
            let inside = x1 - x0 > textWidth + 12, after = x1 + 6 + textWidth <= width
            let middle = f(y + (rowHeight - 8) / 2)
            return Bar(classes: classes, fullLabel: labels[0], x: f(x0), y: f(y), width: f(x1 - x0), height: Int(rowHeight - 8),
                       hatched: (window.tentative || window.backup) && !window.cancelled,
                       label: label, textX: f(inside ? x0 + 6 : after ? x1 + 6 : x0 - 6), textY: f(y + 15),
                       anchorEnd: !inside && !after, textClass: inside ? "inbar" : "outbar",
                       strike: window.cancelled ? Strike(x1: f(x0), x2: f(x1), y: middle) : nil)
        }
        return Chart(title: title, svgID: "timeline-" + id, hatch: "hatch-" + id, width: Int(width), height: Int(height), grid: grid, ticks: ticks, bars: bars)
    }

    /// 12/31 3:00〜5:20, 5/5 終日, 3/1 22:00〜
    static func barTimes(_ occurrence: Window.Occurrence) -> String {
        if let day = occurrence.day { return "\(day.month)/\(day.day) 終日" }
        guard let end = occurrence.end else { return "\(JST.short(occurrence.start))〜" }
        let sameDay = JST.day(occurrence.start) == JST.day(end)
        return "\(JST.short(occurrence.start))〜\(sameDay ? JST.time(end) : JST.short(end))"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    // MARK: Style and script

    static let style = """
        :root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--outage:#b3261e;--intermittent:#8a5300;--partial:#6a1b9a;--cancelled:#6b6b6b;--accent:#0b57d0}
        *{box-sizing:border-box}body{margin:0;font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;color:var(--ink);background:#fff;line-height:1.7}
        header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}h1{font-size:1.5rem;margin:1rem 0 .25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid var(--line)}
        h3{font-size:1.05rem;margin:1.25rem 0 .25rem}a{color:var(--accent)}a:focus,button:focus,select:focus,summary:focus{outline:3px solid #ffbf47;outline-offset:2px}
        [hidden]{display:none!important}.picker{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}label{font-weight:bold}select,button{font:inherit;padding:.4rem .6rem;min-height:44px}
        button{border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:4px;cursor:pointer}.chosen{border:1px solid var(--line);padding:.5rem 1rem;border-radius:6px;margin-top:.75rem}
        .chosen a{overflow-wrap:anywhere}ul.feeds.wide{columns:2 15rem}.label{display:inline-block;min-width:4.5rem;color:var(--muted)}ul.feeds{columns:4 9rem;column-gap:2.5rem;padding-left:1.2rem}ul.feeds li{break-inside:avoid;padding:.15rem 0}
        .webcal{font-size:.85rem;margin-left:.3rem}summary{cursor:pointer;font-weight:bold;padding:.25rem 0}
        .legend{font-size:.9rem;color:var(--muted)}.legend .item{display:inline-block;margin-right:1rem}.key{display:inline-block;width:1.2rem;height:.8rem;margin:0 .25rem 0 0;vertical-align:middle;border-radius:2px}
        .key.outage{background:var(--outage)}.key.intermittent{background:var(--intermittent)}.key.partial{background:var(--partial)}.key.backup{background:#fff;border:2px dashed var(--outage);box-sizing:border-box}.key.cancelled{background:var(--cancelled)}
        .key.tentative{background:repeating-linear-gradient(45deg,var(--outage) 0 3px,#7d1b15 3px 6px)}
        .timeline-scroll{overflow-x:auto}svg.timeline{display:block;width:100%;min-width:660px;height:auto;border:1px solid var(--line);border-radius:6px}.tick{font-size:11px;fill:var(--muted)}.grid{stroke:#e3e3e3}
        .bar.outage rect.base{fill:var(--outage)}.bar.intermittent rect.base{fill:var(--intermittent)}.bar.partial rect.base{fill:var(--partial)}.bar.backup rect.base{fill-opacity:.45;stroke:#1a1a1a;stroke-dasharray:4 3}.bar.backup .inbar{fill:var(--ink);stroke:none}.bar.open rect.base{fill-opacity:.6}.bar.cancelled rect.base{fill:var(--cancelled);opacity:.55}.strike{stroke:#1a1a1a;stroke-width:2}.bar.cancelled .inbar{fill:var(--ink);stroke:none}.inbar{font-size:12px;fill:#fff;font-weight:bold;paint-order:stroke;stroke:rgba(0,0,0,.35);stroke-width:2px}.outbar{font-size:12px;fill:var(--ink)}
        ul.windows{padding-left:1.2rem}ul.windows li{margin:.5rem 0}ul.windows li.cancelled strong{text-decoration:line-through;color:var(--cancelled)}
        footer{margin:3rem auto 2rem;color:var(--muted);font-size:.9rem}.grid.day{stroke:#bdbdbd}
        .now{border:2px solid var(--line);border-radius:6px;padding:0 1rem .25rem;margin-top:1.5rem}.now h2{margin-top:.75rem}.now .asof{color:var(--muted);margin:.25rem 0}.now .clear{font-weight:bold}
        .now-list{list-style:none;padding:0;margin:.5rem 0}.now-item{border-left:6px solid var(--outage);background:#fbf1f0;padding:.4rem .75rem;margin:.5rem 0}.now-item.partial{border-color:var(--partial);background:#f6f0f9}.now-item.intermittent{border-color:var(--intermittent);background:#fbf5ec}
        .kind{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;background:var(--outage);font-weight:bold;font-size:.9rem;line-height:1.6}.kind.partial{background:var(--partial)}.kind.intermittent{background:var(--intermittent)}.next .label{font-weight:bold;margin-right:.25rem}
        """

    static let script = """
        (function(){var s=document.getElementById('prefecture'),box=document.getElementById('chosen');if(!s)return;s.form.hidden=false;s.form.addEventListener('submit',function(e){e.preventDefault()});
        function abs(p){var a=document.createElement('a');a.href=p;return a.href}
        function web(u){return u.replace(/^https?:/,'webcal:')}
        s.addEventListener('change',function(){if(!s.value){box.hidden=true;return}var h=abs(s.value),w=web(h);
        var ha=document.getElementById('chosen-https'),wa=document.getElementById('chosen-webcal');ha.href=h;ha.textContent=h;wa.href=w;wa.textContent=w;box.hidden=false});
        document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',function(){var t=document.getElementById(b.dataset.target).textContent;
        if(navigator.clipboard){navigator.clipboard.writeText(t).then(function(){document.getElementById('copied').textContent='コピーしました：'+t})}})});
        document.querySelectorAll('ul.feeds a.feed').forEach(function(a){if(a.parentNode.querySelector('.webcal'))return;var w=document.createElement('a');
        w.className='webcal';w.href=web(abs(a.getAttribute('href')));w.textContent='webcal';w.setAttribute('aria-label',a.textContent+'を webcal で購読');a.after(' ',w)})})();
        """
}
