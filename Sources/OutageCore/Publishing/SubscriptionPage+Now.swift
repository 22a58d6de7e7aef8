import Foundation

/// The page's 現在の状況: which windows are in effect and which begins next. The page is a
/// static file, so only the reader's browser knows "now": the windows the page lists are
/// embedded as JSON, with every text already made here, and the page's script picks those in
/// effect at the reader's clock, once a minute. Without JavaScript the block stays hidden and
/// the page reads as the list it is: nothing on it claims to be current.
extension SubscriptionPage {
    /// A window as the block says it. The script only compares `start` and `end` with the clock.
    struct NowWindow: Encodable, Equatable {
        /// Instants, ISO 8601 with the JST offset; no `end` when the notice gives none.
        let start: String
        let end: String?
        /// outage, partial, intermittent: the kind's colour on the page.
        let kind: String
        /// 停止, 一部停止, 断続的な通信断.
        let stopped: String
        /// オンライン資格確認等システム, or the short names of several.
        let system: String
        /// The notice's name for the window: 長時間の通信断.
        let label: String
        /// 西日本, 全国, 福岡・佐賀.
        let area: String
        /// What stops, for a partial window.
        let stops: String?
        /// 2024年12月31日(火) 5:20まで（予定）, 2024年12月24日(火)の終わりまで, 終了未定（…）: as
        /// `outagecal status` says it.
        let until: String
        /// When, as the list says it (for the window that begins next).
        let when: String
        /// 【西日本】オンライン資格確認等システム 長時間の通信断（予定）
        let summary: String
        /// 予備日: stops only if the work overruns.
        let backup: Bool
    }

    /// The windows of the listed entries that are not called off, earliest first.
    static func nowWindows(_ entries: [Listed]) -> [NowWindow] {
        entries.enumerated()
            .filter { !$0.element.unit.window.cancelled }
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map { _, entry in
                let unit = entry.unit, window = unit.window
                return NowWindow(
                    start: JST.iso(entry.start), end: entry.end.map(JST.iso), kind: window.kind.rawValue,
                    stopped: window.kind.label, system: unit.text.systemLabel, label: window.label,
                    area: unit.text.scopeLabel, stops: window.affects.map { $0.stops.joined(separator: "、") },
                    until: DeskStatus.ending(entry.end, allDay: unit.occurrence.day != nil, tentative: window.tentative),
                    when: entry.when, summary: unit.text.summary, backup: window.backup)
            }
    }

    /// The entries every region's timeline lists (a window concerning several regions once), in
    /// time order.
    func nowWindows(_ catalog: Catalog, feeds: FeedSet) -> [NowWindow] {
        let indexes = Set(catalog.regions.regions.flatMap { Self.shown($0, feeds: feeds).indexes })
        return Self.nowWindows(Self.listed(indexes.sorted().map { feeds.units[$0] }))
    }

    /// The windows as the JSON of a `<script type="application/json">`, one window a line:
    /// `<`, `>` and `&` written as \u escapes, so that no text of a notice can end the element.
    static func nowJSON(_ windows: [NowWindow]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = windows.map { window in
            // A struct of strings and booleans always encodes.
            String(decoding: (try? encoder.encode(window)) ?? Data("{}".utf8), as: UTF8.self)
        }
        let json = lines.isEmpty ? "[]" : "[\n" + lines.joined(separator: ",\n") + "\n]"
        return json.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// The block's script: reads the JSON, shows the block, and says it again each minute.
    /// `?now=2024-12-31T03:30:00%2B09:00` in the page's address holds the clock at that instant:
    /// a testing aid (Tests/Page checks the block at chosen instants), not a setting.
    static let nowScript = """
        (function(){var block=document.getElementById('now-block'),data=document.getElementById('now-data'),body=document.getElementById('now-body');
        if(!block||!data||!body)return;var windows;try{windows=JSON.parse(data.textContent)}catch(e){return}
        windows.forEach(function(w){w.from=Date.parse(w.start);w.to=w.end?Date.parse(w.end):Infinity});
        var m=/[?&]now=([^&#]*)/.exec(location.search),fixed=m?Date.parse(decodeURIComponent(m[1]).replace(' ','+')):NaN;
        function jst(t){var d=new Date(t+324e5),min=d.getUTCMinutes();return d.getUTCFullYear()+'年'+(d.getUTCMonth()+1)+'月'+d.getUTCDate()+'日('+'日月火水木金土'.charAt(d.getUTCDay())+') '+d.getUTCHours()+':'+(min<10?'0':'')+min}
        function add(parent,tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text)e.textContent=text;parent.appendChild(e);return e}
        function line(parent,text){parent.appendChild(document.createElement('br'));parent.appendChild(document.createTextNode(text))}
        function render(){var t=isNaN(fixed)?Date.now():fixed,on=[],next=null;
        windows.forEach(function(w){if(w.from<=t&&t<w.to)on.push(w);else if(w.from>t&&(!next||w.from<next.from))next=w});
        body.textContent='';add(body,'p','asof',jst(t)+' 時点（下に載っている予定から）');
        if(!on.length)add(body,'p','clear','いま停止中の予定はありません。');
        else{var list=add(body,'ul','now-list');on.forEach(function(w){var li=add(list,'li','now-item '+w.kind);
        add(li,'span','kind '+w.kind,w.stopped);li.appendChild(document.createTextNode(' '));add(li,'strong','',w.system);li.appendChild(document.createTextNode(' '+w.label));
        line(li,'対象：'+w.area);if(w.stops)line(li,'止まる機能：'+w.stops);line(li,w.until);if(w.backup)line(li,'予備日：作業が延びた場合だけ停止します。')})}
        var p=add(body,'p','next');add(p,'span','label','次に始まる予定：');
        if(!next)p.appendChild(document.createTextNode('ありません。'));
        else{add(p,'span','kind '+next.kind,next.stopped);p.appendChild(document.createTextNode(' '));add(p,'strong','',next.summary);line(p,next.when)}
        block.hidden=false}
        render();if(isNaN(fixed))(function tick(){setTimeout(function(){render();tick()},60050-Date.now()%60000)})()})();
        """
}
