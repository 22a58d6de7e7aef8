/// The review page's HTML, a mustache template (swift-mustache) that ``ReviewPage`` renders;
/// every `{{value}}` is HTML-escaped, only the page's own style goes in raw. No script: the page
/// reads the same with JavaScript off, and nothing is fetched.
enum ReviewTemplate {
    static let text = #"""
<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>下書きの確認: {{source}}</title>
<style>{{{style}}}</style>
</head>
<body>
<header>
<h1>下書きの確認: {{source}}</h1>
<p>左の本文で、<mark class="w">番号付きの印</mark>が下書きの期間（右の番号と同じ）、<mark class="unused">灰色の印</mark>は期間にしなかった日付（理由つき）、<span class="checkword">赤字</span>は確かめてほしい点です。</p>
<p class="summary">期間 {{windowCount}} 件 ・ 期間にしなかった日付と時刻 {{unusedCount}} 件</p>
{{#hasWarnings}}
<ul class="warnings" aria-label="確認事項">
{{#warnings}}<li class="check">CHECK: {{.}}</li>
{{/warnings}}
</ul>
{{/hasWarnings}}
</header>
<main>
<section class="letter" aria-labelledby="letter">
<h2 id="letter">お知らせの本文</h2>
<ol class="lines">
{{#rows}}
<li id="L{{number}}"><span class="no" aria-hidden="true">{{number}}</span><span class="text">{{#segments}}{{#drafted}}<mark class="w" data-window="{{number}}" title="{{meaning}}: {{reason}}">{{text}}<sup>{{number}}</sup></mark>{{/drafted}}{{#unused}}<mark class="unused" title="{{meaning}}: {{reason}}">{{text}}<small>{{meaning}}{{#sameAs}} → {{.}}{{/sameAs}}: {{reason}}</small></mark>{{/unused}}{{^drafted}}{{^unused}}{{text}}{{/unused}}{{/drafted}}{{/segments}}</span>{{#checks}}<span class="check">CHECK: {{.}}</span>{{/checks}}</li>
{{/rows}}
</ol>
</section>
<section class="draft" aria-labelledby="draft">
<h2 id="draft">下書き（{{title}}）</h2>
<ol class="windows">
{{#windows}}
<li><span class="badge">{{number}}</span> <code>{{id}}</code> {{kind}} {{when}}{{#checks}}<span class="check">CHECK: {{.}}</span>{{/checks}}</li>
{{/windows}}
</ol>
<pre>{{draft}}</pre>
</section>
</main>
</body>
</html>
"""#

    static let style = """
body{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.6}
header{padding:12px 20px;border-bottom:1px solid #ccc}
h1{font-size:1.25rem;margin:0 0 4px}
h2{font-size:1.05rem;margin:0 0 8px}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;padding:16px 20px}
@media (max-width:800px){main{grid-template-columns:1fr}}
ol.lines{list-style:none;margin:0;padding:0;font-size:.95rem}
ol.lines li{display:flex;flex-wrap:wrap;gap:0 8px;padding:1px 0;border-bottom:1px solid #f0f0f0}
.no{color:#595959;min-width:2.5em;text-align:right;font-variant-numeric:tabular-nums}
.text{flex:1;white-space:pre-wrap;word-break:break-all}
mark.w{background:#ffe066;padding:0 2px;border-radius:3px;outline:2px solid #b38600}
mark.w sup{font-weight:bold;color:#5c4400;margin-left:2px}
mark.unused{background:#e6e6e6;color:#333;padding:0 2px;border-radius:3px}
mark.unused small{display:inline-block;margin-left:4px;font-size:.75rem;color:#4d4d4d}
.check,.checkword{color:#b00020;font-weight:bold}
ol.lines .check{flex-basis:100%;margin-left:3em;font-size:.85rem}
ul.warnings{margin:6px 0 0;padding-left:20px}
.summary{margin:4px 0;font-weight:bold}
ol.windows{padding-left:0;list-style:none}
ol.windows li{margin:4px 0}
ol.windows .check{display:block;font-size:.85rem}
.badge{display:inline-block;min-width:1.6em;text-align:center;background:#ffe066;border:2px solid #b38600;border-radius:4px;font-weight:bold}
pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;white-space:pre-wrap;word-break:break-all;font-size:.8rem}
"""
}
