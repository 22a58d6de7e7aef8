import Foundation

/// Feeds/index.html: which feed is mine, how to subscribe and turn reminders on, and a timeline
/// of the windows. Works without JavaScript (every link is listed); the script only adds the
/// picker's copy button and webcal:// links where no base URL is configured.
public struct SubscriptionPage: Sendable {
    /// Where Feeds/ is published (`https://…/`), for absolute https and webcal links; nil gives
    /// relative links.
    public var baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    func href(_ path: String) -> String { (baseURL ?? "") + path }

    func webcal(_ path: String) -> String? {
        guard let baseURL, let scheme = baseURL.range(of: "://") else { return nil }
        return "webcal://" + baseURL[scheme.upperBound...] + path
    }

    func html(_ catalog: Catalog, units: [FeedBuilder.Unit]) -> String {
        let title = "\(FeedBuilder.calendarTitle)カレンダー"
        var html = """
            <!doctype html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>\(escape(title))</h1>
            <p>\(escape(catalog.systems.systems.map(\.name).joined(separator: "・")))が止まる時間を、医療機関・薬局の受付のカレンダーにお届けします。自分の都道府県のカレンダーを追加してください。</p>
            </header>
            <main>

            """
        html += chooser(catalog)
        html += Self.howTo
        html += timeline(catalog, units: units)
        let newest = catalog.notices.map(\.updated).max()
        html += """
            </main>
            <footer>
            <p>厚生労働省などの通知をもとに OutageCal が作成しています。\(newest.map { "最終更新：\(JST.date($0))" } ?? "")</p>
            </footer>
            <script>\(Self.script)</script>
            </body>
            </html>

            """
        return html
    }

    // MARK: Choosing a feed

    func chooser(_ catalog: Catalog) -> String {
        var html = """
            <section aria-labelledby="choose">
            <h2 id="choose">1. 自分の都道府県のカレンダーを選ぶ</h2>
            <form class="picker" action="#" onsubmit="return false" hidden>
            <label for="prefecture">都道府県</label>
            <select id="prefecture">
            <option value="">選んでください</option>

            """
        for prefecture in Prefecture.all {
            let region = catalog.regions.region(of: prefecture)?.name
            html += "<option value=\"prefectures/\(prefecture.slug).ics\">\(prefecture.paddedCode) \(prefecture.name)\(region.map { "（\($0)）" } ?? "")</option>\n"
        }
        html += """
            </select>
            </form>
            <div id="chosen" class="chosen" hidden>
            <p><span class="label">https</span> <a id="chosen-https" href="#"></a> <button type="button" class="copy" data-target="chosen-https">コピー</button></p>
            <p><span class="label">webcal</span> <a id="chosen-webcal" href="#"></a> <button type="button" class="copy" data-target="chosen-webcal">コピー</button></p>
            <p id="copied" role="status" aria-live="polite"></p>
            </div>
            <noscript><p>下の一覧で都道府県名のリンクを長押し（パソコンでは右クリック）して「リンクのアドレスをコピー」を選んでください。webcal で購読するときは、先頭の https を webcal に替えます。</p></noscript>
            <h3>一覧から選ぶ</h3>

            """
        var listed = Set<Int>()
        for region in catalog.regions.regions {
            html += "<details open>\n<summary>\(escape(region.name))（\(region.prefectures.count)都道府県）</summary>\n<ul class=\"feeds\">\n"
            for prefecture in region.prefectures {
                listed.insert(prefecture.code)
                html += item(prefecture.name, path: "prefectures/\(prefecture.slug).ics")
            }
            html += "</ul>\n</details>\n"
        }
        let rest = Prefecture.all.filter { !listed.contains($0.code) }
        if !rest.isEmpty {
            html += "<details open>\n<summary>その他</summary>\n<ul class=\"feeds\">\n"
            for prefecture in rest { html += item(prefecture.name, path: "prefectures/\(prefecture.slug).ics") }
            html += "</ul>\n</details>\n"
        }
        html += "<h3>地域全体・全国</h3>\n<ul class=\"feeds wide\">\n"
        for region in catalog.regions.regions { html += item("\(region.name)（全体）", path: "\(region.id).ics") }
        html += item("全国", path: "all.ics")
        html += "</ul>\n<h3>システムごと（全国）</h3>\n<ul class=\"feeds wide\">\n"
        for system in catalog.systems.systems { html += item(system.name, path: "systems/\(system.id).ics") }
        html += "</ul>\n</section>\n"
        return html
    }

    func item(_ name: String, path: String) -> String {
        var html = "<li><a class=\"feed\" href=\"\(escape(href(path)))\" data-path=\"\(escape(path))\">\(escape(name))</a>"
        if let webcal = webcal(path) {
            html += " <a class=\"webcal\" href=\"\(escape(webcal))\" aria-label=\"\(escape(name))を webcal で購読\">webcal</a>"
        }
        return html + "</li>\n"
    }

    static let howTo = """
        <section aria-labelledby="howto">
        <h2 id="howto">2. カレンダーに追加して、通知をオンにする</h2>
        <p>カレンダーアプリは、購読したカレンダーの通知をそのままでは出さないことがあります。追加したあと、通知の設定も確かめてください。</p>
        <h3>Google カレンダー</h3>
        <ol>
        <li>パソコンのブラウザで Google カレンダーを開き、「他のカレンダー」の「＋」から「URL で追加」を選びます。</li>
        <li>上の https のアドレスを貼り付けて「カレンダーを追加」。</li>
        <li>Google は購読カレンダーの通知を使いません。追加したカレンダーの「設定」→「イベントの通知」で「30分前」などを追加してください。</li>
        </ol>
        <h3>Apple カレンダー（iPhone・Mac）</h3>
        <ol>
        <li>iPhone：設定 → カレンダー → アカウント → アカウントを追加 → その他 →「照会するカレンダーを追加」。Mac：ファイル →「新規照会カレンダー」。</li>
        <li>webcal のアドレスを入力します。</li>
        <li><strong>「通知を削除」のチェックを外してください。</strong>外さないと、予定の通知が消えます。自動更新は「1時間ごと」を選びます。</li>
        </ol>
        <h3>Outlook</h3>
        <ol>
        <li>予定表 →「予定表を追加」→「インターネットから購読」。</li>
        <li>https のアドレスを貼り付けます。Outlook は最初の通知（前日17時）だけを使います。</li>
        </ol>
        <h3>Thunderbird</h3>
        <ol>
        <li>カレンダー →「新しいカレンダー」→「ネットワークのサーバーに保存」→「iCalendar (ICS)」。</li>
        <li>https のアドレスを入力します。通知はそのまま使えます。</li>
        </ol>
        <p>確実に知らせたい受付のパソコンでは、OutageCal の通知ツール（outagecal notify）もお使いください。</p>
        </section>

        """

    // MARK: Timeline

    /// Windows per region, drawn on a time axis per group of windows close in time: outage
    /// red, partial purple, intermittent amber, tentative hatched, backup days outlined,
    /// cancelled grey and struck through; the list below says what to do.
    func timeline(_ catalog: Catalog, units: [FeedBuilder.Unit]) -> String {
        var html = "<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">3. 予定されている停止</h2>\n"
        html += """
            <p class="legend"><span class="item"><span class="key outage"></span>停止（使えません）</span><span class="item"><span class="key partial"></span>一部停止</span><span class="item"><span class="key intermittent"></span>断続的な通信断</span><span class="item"><span class="key tentative"></span>予定（変わることがあります）</span><span class="item"><span class="key backup"></span>予備日（延びた場合だけ）</span><span class="item"><span class="key cancelled"></span>中止</span></p>

            """
        var any = false
        for region in catalog.regions.regions {
            let mask = FeedBuilder.mask(region.prefectures)
            let shown = units.filter { $0.mask & mask != 0 }
            guard !shown.isEmpty else { continue }
            any = true
            html += "<h3>\(escape(region.name))</h3>\n"
            for (number, group) in Self.groups(shown).enumerated() {
                let title = "\(region.name)の停止予定 \(JST.date(group[0].occurrence.start))から"
                html += "<div class=\"timeline-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(escape(title))（横にスクロールできます）\">\n"
                html += svg(group, title: title, id: "\(region.id)-\(number)")
                html += "</div>\n"
            }
            html += "<ul class=\"windows\">\n"
            for unit in shown {
                let window = unit.window
                let status = window.cancelled ? "cancelled" : window.kind.rawValue
                html += "<li class=\"\(status)\"><strong>\(escape(unit.text.summary))</strong><br>\(escape(unit.text.when))"
                if let affects = window.affects {
                    html += "<br>止まる機能：\(escape(affects.stops.joined(separator: "、")))"
                    if !affects.works.isEmpty { html += "<br>使える機能：\(escape(affects.works.joined(separator: "、")))" }
                }
                if let action = unit.text.action, !window.cancelled {
                    html += "<br>対応：\(escape(action).replacingOccurrences(of: "\n", with: "<br>"))"
                }
                html += "</li>\n"
            }
            html += "</ul>\n"
        }
        if !any { html += "<p>いま予定されている停止はありません。</p>\n" }
        return html + "</section>\n"
    }

    /// How far an open end is drawn past its start.
    static let openEndLength: TimeInterval = 12 * 3600

    /// Where a unit's bar ends on the axis.
    static func drawnEnd(_ unit: FeedBuilder.Unit) -> Date {
        unit.occurrence.end ?? unit.occurrence.start.addingTimeInterval(openEndLength)
    }

    /// Units in time order, split wherever two days pass with nothing on: each group gets its
    /// own axis, so that windows months apart do not stretch one axis across the months.
    static func groups(_ units: [FeedBuilder.Unit]) -> [[FeedBuilder.Unit]] {
        var groups: [[FeedBuilder.Unit]] = []
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

    /// The tick step for an axis of `span` seconds: the smallest of the usual steps that draws
    /// at most 24 ticks, so that the page stays small whatever the dates.
    static func tickStep(_ span: TimeInterval) -> TimeInterval {
        let hour: TimeInterval = 3600
        let steps = [hour, 3 * hour, 6 * hour, 12 * hour, 24 * hour, 48 * hour, 7 * 24 * hour, 28 * 24 * hour, 91 * 24 * hour, 365 * 24 * hour]
        if let step = steps.first(where: { span / $0 <= 24 }) { return step }
        return (span / 24 / steps.last!).rounded(.up) * steps.last!
    }

    func svg(_ shown: [FeedBuilder.Unit], title: String, id: String) -> String {
        let from = shown.map(\.occurrence.start).min()!
        let to = shown.map(Self.drawnEnd).max()!
        let step = Self.tickStep(max(to.timeIntervalSince(from), 3600))
        let offset = TimeInterval(JST.offsetSeconds)
        let axisStart = ((from.timeIntervalSince1970 + offset) / step).rounded(.down) * step - offset
        let axisEnd = ((to.timeIntervalSince1970 + offset) / step).rounded(.up) * step - offset
        let span = max(axisEnd - axisStart, step)
        let width = 720.0, left = 8.0, right = 8.0, rowHeight = 28.0, top = 24.0
        let height = top + rowHeight * Double(shown.count) + 8
        func x(_ date: Date) -> Double { left + (date.timeIntervalSince1970 - axisStart) / span * (width - left - right) }
        let svgID = "timeline-" + id
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(svgID)\">\n"
        svg += "<title id=\"\(svgID)\">\(escape(title))</title>\n"
        let hatch = "hatch-" + id
        svg += "<defs><pattern id=\"\(hatch)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#000000\" opacity=\"0.3\"/></pattern></defs>\n"
        var tick = axisStart
        while tick <= axisEnd + 1 {
            let date = Date(timeIntervalSince1970: tick)
            let c = JST.civil(date)
            let label = step >= 365 * 86_400 ? "\(c.year)年" : c.hour == 0 ? "\(c.month)/\(c.day)" : "\(c.hour):00"
            svg += "<line x1=\"\(Self.f(x(date)))\" y1=\"16\" x2=\"\(Self.f(x(date)))\" y2=\"\(Int(height))\" class=\"grid\"/>"
            let last = x(date) > width - 40
            svg += "<text x=\"\(Self.f(last ? x(date) - 2 : x(date) + 2))\" y=\"12\" class=\"tick\"\(last ? " text-anchor=\"end\"" : "")>\(label)</text>"
            svg += "\n"
            tick += step
        }
        for (row, unit) in shown.enumerated() {
            let window = unit.window
            let y = top + rowHeight * Double(row)
            let x0 = x(unit.occurrence.start), x1 = max(x(Self.drawnEnd(unit)), x0 + 2)
            var classes = window.cancelled ? "cancelled" : window.kind.rawValue
            if window.backup { classes += " backup" }
            if unit.occurrence.end == nil { classes += " open" }
            // The longest wording that fits inside the bar or after it: system, name and times; name
            // and times; the times alone.
            let status = window.cancelled ? "（中止）" : unit.text.hedges
            let times = Self.barTimes(unit.occurrence)
            let labels = ["\(unit.text.systemLabel) \(window.label) \(times)\(status)", "\(window.label) \(times)\(status)", "\(times)\(status)"]
            func textLength(_ text: String) -> Double { text.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 7 : 12) } }
            let label = labels.first { x1 - x0 > textLength($0) + 12 || x1 + 6 + textLength($0) <= width } ?? labels[2]
            svg += "<g class=\"bar \(classes)\"><title>\(escape(labels[0]))</title>"
            svg += "<rect class=\"base\" x=\"\(Self.f(x0))\" y=\"\(Self.f(y))\" width=\"\(Self.f(x1 - x0))\" height=\"\(Int(rowHeight - 8))\" rx=\"3\"/>"
            if (window.tentative || window.backup) && !window.cancelled {
                svg += "<rect class=\"hatch\" fill=\"url(#\(hatch))\" x=\"\(Self.f(x0))\" y=\"\(Self.f(y))\" width=\"\(Self.f(x1 - x0))\" height=\"\(Int(rowHeight - 8))\" rx=\"3\"/>"
            }
            let textWidth = textLength(label)
            if x1 - x0 > textWidth + 12 {
                svg += "<text x=\"\(Self.f(x0 + 6))\" y=\"\(Self.f(y + 15))\" class=\"inbar\">\(escape(label))</text>"
            } else if x1 + 6 + textWidth <= width {
                svg += "<text x=\"\(Self.f(x1 + 6))\" y=\"\(Self.f(y + 15))\" class=\"outbar\">\(escape(label))</text>"
            } else {
                svg += "<text x=\"\(Self.f(x0 - 6))\" y=\"\(Self.f(y + 15))\" text-anchor=\"end\" class=\"outbar\">\(escape(label))</text>"
            }
            if window.cancelled {
                svg += "<line x1=\"\(Self.f(x0))\" y1=\"\(Self.f(y + (rowHeight - 8) / 2))\" x2=\"\(Self.f(x1))\" y2=\"\(Self.f(y + (rowHeight - 8) / 2))\" class=\"strike\"/>"
            }
            svg += "</g>\n"
        }
        return svg + "</svg>\n"
    }

    /// 12/31 3:00〜5:20, 5/5 終日, 3/1 22:00〜
    static func barTimes(_ occurrence: Window.Occurrence) -> String {
        if let day = occurrence.day { return "\(day.month)/\(day.day) 終日" }
        guard let end = occurrence.end else { return "\(JST.short(occurrence.start))〜" }
        let sameDay = JST.day(occurrence.start) == JST.day(end)
        return "\(JST.short(occurrence.start))〜\(sameDay ? JST.time(end) : JST.short(end))"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func id(_ text: String) -> String {
        "t" + String(text.unicodeScalars.reduce(UInt32(2_166_136_261)) { ($0 ^ $1.value) &* 16_777_619 }, radix: 16)
    }

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
        footer{margin:3rem auto 2rem;color:var(--muted);font-size:.9rem}
        """

    static let script = """
        (function(){var s=document.getElementById('prefecture'),box=document.getElementById('chosen');if(!s)return;s.form.hidden=false;
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

/// `&`, `<`, `>`, `"` escaped for HTML text and attributes.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(character)
        }
    }
    return out
}
