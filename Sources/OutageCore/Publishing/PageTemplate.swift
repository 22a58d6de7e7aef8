/// The subscription page's HTML, a mustache template (swift-mustache) that
/// ``SubscriptionPage`` renders with what the page shows; every `{{value}}` is HTML-escaped,
/// only the page's own style and script, and the JSON of its windows (escaped by
/// ``SubscriptionPage/nowJSON(_:)``), go in raw (`{{{…}}}`).
///
/// It lives in the binary rather than in a resource bundle so that the installed `outagecal`
/// is one file.
enum PageTemplate {
    static let text = #"""
<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{{style}}}</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p>{{systemNames}}が止まる時間を、医療機関・薬局の受付のカレンダーにお届けします。自分の都道府県のカレンダーを追加してください。</p>
</header>
<main>
<section id="now-block" class="now" aria-labelledby="now" hidden>
<h2 id="now">現在の状況</h2>
<div id="now-body"></div>
</section>
<section aria-labelledby="choose">
<h2 id="choose">1. 自分の都道府県のカレンダーを選ぶ</h2>
<form class="picker" action="#" hidden>
<label for="prefecture">都道府県</label>
<select id="prefecture">
<option value="">選んでください</option>
{{#options}}
<option value="{{path}}">{{label}}</option>
{{/options}}
</select>
</form>
<div id="chosen" class="chosen" hidden>
<p><span class="label">https</span> <a id="chosen-https" href="#"></a> <button type="button" class="copy" data-target="chosen-https">コピー</button></p>
<p><span class="label">webcal</span> <a id="chosen-webcal" href="#"></a> <button type="button" class="copy" data-target="chosen-webcal">コピー</button></p>
<p id="copied" role="status" aria-live="polite"></p>
</div>
<noscript><p>下の一覧で都道府県名のリンクを長押し（パソコンでは右クリック）して「リンクのアドレスをコピー」を選んでください。webcal で購読するときは、先頭の https を webcal に替えます。</p></noscript>
<h3>一覧から選ぶ</h3>
{{#lists}}
<details open>
<summary>{{name}}</summary>
<ul class="feeds">
{{#links}}
<li><a class="feed" href="{{href}}" data-path="{{path}}">{{name}}</a>{{#webcal}} <a class="webcal" href="{{.}}" aria-label="{{name}}を webcal で購読">webcal</a>{{/webcal}}</li>
{{/links}}
</ul>
</details>
{{/lists}}
<h3>地域全体・全国</h3>
<ul class="feeds wide">
{{#wide}}
<li><a class="feed" href="{{href}}" data-path="{{path}}">{{name}}</a>{{#webcal}} <a class="webcal" href="{{.}}" aria-label="{{name}}を webcal で購読">webcal</a>{{/webcal}}</li>
{{/wide}}
</ul>
<h3>システムごと（全国）</h3>
<ul class="feeds wide">
{{#systems}}
<li><a class="feed" href="{{href}}" data-path="{{path}}">{{name}}</a>{{#webcal}} <a class="webcal" href="{{.}}" aria-label="{{name}}を webcal で購読">webcal</a>{{/webcal}}</li>
{{/systems}}
</ul>
</section>
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
<section aria-labelledby="timeline">
<h2 id="timeline">3. 予定されている停止</h2>
<p class="legend"><span class="item"><span class="key outage"></span>停止（使えません）</span><span class="item"><span class="key partial"></span>一部停止</span><span class="item"><span class="key intermittent"></span>断続的な通信断</span><span class="item"><span class="key tentative"></span>予定（変わることがあります）</span><span class="item"><span class="key backup"></span>予備日（延びた場合だけ）</span><span class="item"><span class="key cancelled"></span>中止</span></p>
{{#regions}}
<h3>{{name}}</h3>{{#omitted}}<p class="omitted">{{.}}</p>{{/omitted}}
{{#charts}}
<div class="timeline-scroll" role="region" tabindex="0" aria-label="{{title}}（横にスクロールできます）">
<svg class="timeline" viewBox="0 0 {{width}} {{height}}" role="img" aria-labelledby="{{svgID}}">
<title id="{{svgID}}">{{title}}</title>
<defs><pattern id="{{hatch}}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#000000" opacity="0.3"/></pattern></defs>
{{#grid}}
<line x1="{{x}}" y1="{{y1}}" x2="{{x}}" y2="{{height}}" class="grid{{#day}} day{{/day}}"/>
{{/grid}}
{{#ticks}}
<text x="{{x}}" y="{{y}}" class="tick"{{#anchorEnd}} text-anchor="end"{{/anchorEnd}}>{{label}}</text>
{{/ticks}}
{{#bars}}
<g class="bar {{classes}}"><title>{{fullLabel}}</title><rect class="base" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="3"/>{{#hatched}}<rect class="hatch" fill="url(#{{hatch}})" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="3"/>{{/hatched}}<text x="{{textX}}" y="{{textY}}"{{#anchorEnd}} text-anchor="end"{{/anchorEnd}} class="{{textClass}}">{{label}}</text>{{#strike}}<line x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}" class="strike"/>{{/strike}}</g>
{{/bars}}
</svg>
</div>
{{/charts}}
<ul class="windows">
{{#windows}}
<li class="{{status}}"><strong>{{summary}}</strong><br>{{when}}{{#stops}}<br>止まる機能：{{.}}{{/stops}}{{#works}}<br>使える機能：{{.}}{{/works}}{{#action}}{{#br}}<br>{{/br}}{{^br}}<br>対応：{{/br}}{{text}}{{/action}}</li>
{{/windows}}
</ul>
{{/regions}}
{{^regions}}
<p>いま予定されている停止はありません。</p>
{{/regions}}
</section>
</main>
<footer>
<p>厚生労働省などの通知をもとに OutageCal が作成しています。{{#updated}}最終更新：{{.}}{{/updated}}</p>
</footer>
<script type="application/json" id="now-data">{{{now}}}</script>
<script>{{{script}}}</script>
</body>
</html>

"""#
}
