"""Checks Feeds/index.html, the subscription page, in a real headless Chromium.

    .venv/bin/python check_page.py FEEDS_DIR OUT_DIR

Serves FEEDS_DIR on 127.0.0.1 (with `outagecal serve` when .build/debug/outagecal has it, else
`python3 -m http.server`), starts the system Chromium headless and drives it over the DevTools
protocol (the only package needed is `websockets`). Takes screenshots at phone (412 px) and
desktop (1280 px) width into OUT_DIR; checks the page with JavaScript on and off, its timelines'
labels at five widths and its 現在の状況 block at chosen instants (now-*.png); prints a
PASS/FAIL line per check (WARN for advice that does not fail the run) and ends with
"N passed, M failed". Exit status 1 when a check failed, 2 when the harness itself broke.
Every process it starts is stopped on exit, and every wait is bounded.

Environment: PAGE_TEST_SERVER=python|outagecal insists on one server; PAGE_TEST_BUDGET (seconds,
default 100) bounds the checks; CHROMIUM names the browser binary (default: Debian's
/usr/lib/chromium/chromium, called directly rather than through its /usr/bin wrapper script).
"""

import base64
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

REPO = Path(__file__).resolve().parents[2]
DEADLINE = time.monotonic() + float(os.environ.get("PAGE_TEST_BUDGET", "100"))
PHONE = dict(width=412, height=915, deviceScaleFactor=2, mobile=True)
DESKTOP = dict(width=1280, height=800, deviceScaleFactor=1, mobile=False)
FUKUOKA = "prefectures/40-fukuoka.ics"


class HarnessError(Exception):
    """The harness, not the page, went wrong (no browser, no server, a timeout)."""


def remaining(cap=30.0):
    left = DEADLINE - time.monotonic()
    if left <= 0:
        raise HarnessError("out of time (PAGE_TEST_BUDGET)")
    return min(cap, left)


# --- Results ------------------------------------------------------------------------------------

passed = failed = warned = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}" + (f"\n     {detail}" if detail else ""))
    sys.stdout.flush()
    return ok


def warn(name, ok, detail=""):
    """Advice: printed as WARN, never fails the run."""
    global warned
    if ok:
        print(f"ok   {name}")
    else:
        warned += 1
        print(f"WARN {name}" + (f"\n     {detail}" if detail else ""))
    sys.stdout.flush()


def short(items, n=5):
    items = list(items)
    text = ", ".join(str(i) for i in items[:n])
    return text + (f", … ({len(items)} in all)" if len(items) > n else "")


# --- Processes ----------------------------------------------------------------------------------

started = []  # Popen objects, each leader of its own process group; stopped in stop_all()


def spawn(argv, **kwargs):
    proc = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL, **kwargs)
    started.append(proc)
    return proc


def stop_all():
    for proc in reversed(started):
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for proc in reversed(started):
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)
        # Children left in the group (Chromium's zygote, renderers) go with it.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=5.0, method="GET"):
    """(status, headers, body) without raising on HTTP errors."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def serve(feeds, log):
    """Start a server for `feeds`; returns (base URL, description)."""
    binary = REPO / ".build/debug/outagecal"
    choice = os.environ.get("PAGE_TEST_SERVER", "")  # "python" or "outagecal" to insist on one
    candidates = []
    if os.access(binary, os.X_OK) and choice != "python":
        candidates.append(("outagecal serve", lambda p: [str(binary), "serve", "--dir", str(feeds),
                                                         "--host", "127.0.0.1", "--port", str(p),
                                                         "--no-access-log"]))
    if choice != "outagecal":
        candidates.append(("python3 -m http.server", lambda p: ["/usr/bin/python3", "-m", "http.server",
                                                                "--bind", "127.0.0.1", "--directory",
                                                                str(feeds), str(p)]))
    for name, argv in candidates:
        for _attempt in range(2):  # a second port if someone took the first meanwhile
            port = free_port()
            proc = spawn(argv(port), stdout=log, stderr=log)
            base = f"http://127.0.0.1:{port}/"
            until = time.monotonic() + remaining(10)
            while time.monotonic() < until and proc.poll() is None:
                try:
                    status, _, _ = http_get(base + "index.html", timeout=1)
                    if status == 200:
                        return base, f"{name} on port {port}"
                except OSError:
                    pass
                time.sleep(0.1)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=5)
    raise HarnessError("no server answered for " + str(feeds))


def chromium_binary():
    for path in (os.environ.get("CHROMIUM"), "/usr/lib/chromium/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if path and os.access(path, os.X_OK):
            return path
    raise HarnessError("no chromium; run Tests/Page/setup.sh")


def start_chromium(profile, log):
    argv = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--disable-default-apps", "--mute-audio",
            "--hide-scrollbars", "--force-color-profile=srgb", "--lang=ja",
            "--password-store=basic", "--use-mock-keychain",
            f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "about:blank"]
    proc = spawn(argv, stdout=log, stderr=log)
    port_file = Path(profile) / "DevToolsActivePort"
    until = time.monotonic() + remaining(20)
    while time.monotonic() < until:
        if proc.poll() is not None:
            raise HarnessError(f"chromium exited with status {proc.returncode}")
        if port_file.exists():
            lines = port_file.read_text().split("\n")
            if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
                return f"ws://127.0.0.1:{lines[0].strip()}{lines[1].strip()}"
        time.sleep(0.05)
    raise HarnessError("chromium did not open its DevTools port")


# --- DevTools protocol --------------------------------------------------------------------------

class CDP:
    """A minimal synchronous DevTools client over one browser connection (flattened sessions)."""

    def __init__(self, url):
        self.ws = connect(url, max_size=None, open_timeout=remaining(10))
        self.next_id = 0
        self.events = []

    def close(self):
        self.ws.close()

    def call(self, method, params=None, session=None, timeout=20.0):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        until = time.monotonic() + remaining(timeout)
        while True:
            data = self.receive(until, f"no answer to {method}")
            if data.get("id") == self.next_id:
                if "error" in data:
                    raise HarnessError(f"{method}: {data['error'].get('message')}")
                return data.get("result", {})
            if "method" in data:
                self.events.append(data)

    def receive(self, until, failure):
        """The next message, or HarnessError(failure) when none comes before `until` (monotonic)."""
        left = until - time.monotonic()
        if left <= 0:
            raise HarnessError(failure)
        try:
            return json.loads(self.ws.recv(timeout=left))
        except TimeoutError:
            raise HarnessError(failure) from None

    def wait_event(self, method, session, timeout=20.0):
        until = time.monotonic() + remaining(timeout)
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            data = self.receive(until, f"no {method} event")
            if "method" in data:
                self.events.append(data)

    def drain(self, method, session):
        found = [e for e in self.events if e["method"] == method and e.get("sessionId") == session]
        self.events = [e for e in self.events if e not in found]
        return found


class Tab:
    def __init__(self, cdp, javascript=True):
        self.cdp = cdp
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "DOM"):
            self.call(f"{domain}.enable")
        if not javascript:
            self.call("Emulation.setScriptExecutionDisabled", {"value": True})

    def call(self, method, params=None, timeout=20.0):
        return self.cdp.call(method, params, self.session, timeout)

    def viewport(self, width, height, deviceScaleFactor, mobile):
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": deviceScaleFactor, "mobile": mobile})
        self.call("Emulation.setTouchEmulationEnabled", {"enabled": mobile})

    def goto(self, url):
        self.cdp.drain("Page.loadEventFired", self.session)
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise HarnessError(f"cannot load {url}: {result['errorText']}")
        self.cdp.wait_event("Page.loadEventFired", self.session)
        # Web fonts and layout settle (the page's one timer, 現在の状況's minute, is not waited for).
        self.js("document.fonts ? document.fonts.ready.then(() => true) : true")

    def js(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise HarnessError(f"script failed: {text}")
        return result["result"].get("value")

    def screenshot(self, path, metrics, full=True, element=None):
        # Headless Chromium draws no frames for a tab behind another: a capture there can wait
        # for ever.
        self.call("Page.bringToFront")
        self.viewport(**metrics)
        if element:
            # An element that fits on the screen is scrolled to and taken as it is; a taller one
            # needs the viewport stretched to the whole page (slow on a busy machine).
            box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(element)}); if (!e) return null;
                e.scrollIntoView({{block: 'start'}}); const r = e.getBoundingClientRect();
                return [r.left, r.top + scrollY, r.width, r.height, innerHeight]; }})()""")
            if box and 0 < box[3] <= box[4]:
                data = self.call("Page.captureScreenshot", {"format": "png", "clip": {
                    "x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1}}, timeout=30)["data"]
                Path(path).write_bytes(base64.b64decode(data))
                return
            height = self.js("document.documentElement.scrollHeight")
            self.viewport(**{**metrics, "height": int(height)})
            box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(element)}); if (!e) return null;
                const r = e.getBoundingClientRect(); return [r.left, r.top + scrollY, r.width, r.height]; }})()""")
            if box:
                data = self.call("Page.captureScreenshot", {"format": "png", "clip": {
                    "x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1}}, timeout=30)["data"]
                Path(path).write_bytes(base64.b64decode(data))
            self.viewport(**metrics)
            return
        if full:
            height = self.js("Math.ceil(document.documentElement.getBoundingClientRect().height)")
            self.viewport(**{**metrics, "height": max(metrics["height"], int(height))})
        data = self.call("Page.captureScreenshot", {"format": "png"}, timeout=30)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        self.viewport(**metrics)


# --- In-page scripts ----------------------------------------------------------------------------

# Colour and contrast helpers, shared by the checks below (WCAG 2.2 relative luminance).
COLOUR_JS = r"""
function parseColour(text) {
  const m = text && text.match(/rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/);
  if (!m) return null;
  let a = m[4] === undefined ? 1 : (m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
  return [ +m[1], +m[2], +m[3], a ];
}
function over(top, bottom) {  // top composited over an opaque bottom
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function hex(c) { return '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join(''); }
// The opaque colour behind an element: its own and its ancestors' backgrounds over the white
// canvas; null when an image or gradient is behind it (then contrast is not computed).
function background(element) {
  const layers = [];
  for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.backgroundImage && style.backgroundImage !== 'none') return null;
    const c = parseColour(style.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let colour = [255, 255, 255, 1];
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
}
function describe(e) {
  let text = e.tagName.toLowerCase();
  if (e.id) text += '#' + e.id;
  const cls = e.getAttribute('class');
  if (cls) text += '.' + cls.trim().split(/\s+/).join('.');
  return text;
}
"""

# Everything the checks need from the page, as one JSON value.
FACTS_JS = COLOUR_JS + r"""
(() => {
  const visible = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const select = document.getElementById('prefecture');
  const labels = select ? Array.from(document.querySelectorAll('label')).filter(l => l.htmlFor === 'prefecture') : [];
  const headings = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
    .filter(visible).map(h => ({ level: +h.tagName[1], text: h.textContent.trim() }));
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => ({
    href: a.href, raw: a.getAttribute('href'), cls: a.className, text: a.textContent.trim(),
    path: a.dataset.path || null, visible: visible(a),
    webcal: (a.parentElement.querySelector('a.webcal') || {}).href || null }));
  const svgs = Array.from(document.querySelectorAll('svg')).map(svg => {
    const title = Array.from(svg.children).find(c => c.tagName.toLowerCase() === 'title');
    const by = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent.trim()).join(' ');
    return { cls: svg.getAttribute('class') || '', role: svg.getAttribute('role'),
             hidden: svg.getAttribute('aria-hidden') === 'true', title: title ? title.textContent.trim() : null,
             labelledby: by, label: svg.getAttribute('aria-label') };
  });
  const images = Array.from(document.querySelectorAll('img')).map(i => ({ src: i.src, alt: i.getAttribute('alt') }));
  const controls = Array.from(document.querySelectorAll('input:not([type=hidden]),select,textarea')).map(c => ({
    what: describe(c), labelled: (c.labels && c.labels.length > 0 && Array.from(c.labels).some(l => l.textContent.trim()))
      || !!(c.getAttribute('aria-label') || '').trim() || !!c.getAttribute('aria-labelledby') }));
  const ids = {};
  document.querySelectorAll('[id]').forEach(e => { ids[e.id] = (ids[e.id] || 0) + 1; });

  // Contrast of every visible text run: HTML text against the backgrounds behind it, SVG text
  // against the bar it is drawn on (the base rect's fill and opacity over white) or white.
  const pairs = {};
  function note(e, fg, bg, px, bold, sample) {
    if (!fg || !bg) return;
    const large = px >= 24 || (bold && px >= 18.66);
    const solid = over(fg, bg);
    const key = hex(solid) + ' on ' + hex(bg) + (large ? ' (large)' : '');
    const r = ratio(solid, bg);
    if (!pairs[key] || pairs[key].ratio > r)
      pairs[key] = { ratio: r, need: large ? 3 : 4.5, where: describe(e), sample: sample.slice(0, 24), count: 0 };
    pairs[key].count++;
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const e = n.parentElement;
    if (!n.textContent.trim() || !e || e.closest('svg,script,style,option,template') || !visible(e)) continue;
    const s = getComputedStyle(e);
    note(e, parseColour(s.color), background(e), parseFloat(s.fontSize), parseInt(s.fontWeight) >= 700, n.textContent.trim());
  }
  if (select && visible(select)) {  // the select's own text, the chosen option
    const s = getComputedStyle(select);
    note(select, parseColour(s.color), background(select), parseFloat(s.fontSize), false, select.selectedOptions[0].text);
  }
  const svgText = [];
  document.querySelectorAll('svg text').forEach(t => {
    if (!visible(t)) return;
    const s = getComputedStyle(t);
    const svg = t.closest('svg');
    const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
    const px = parseFloat(s.fontSize) * scale;
    const entry = { cls: t.getAttribute('class') || '', px: px, text: t.textContent };
    svgText.push(entry);
    let bg = background(svg);
    const bar = t.closest('g') && t.closest('g').querySelector('rect.base');
    if (bar && t.getBoundingClientRect().left < bar.getBoundingClientRect().right - 1) {
      const b = getComputedStyle(bar);
      const fill = parseColour(b.fill);
      const opacity = parseFloat(b.opacity) * parseFloat(b.fillOpacity) * parseFloat(getComputedStyle(t.closest('g')).opacity);
      if (fill && bg) bg = over([fill[0], fill[1], fill[2], fill[3] * opacity], bg);
      // A hatch drawn over the bar (tentative windows): the text also crosses its stripes.
      const hatch = t.closest('g').querySelector('rect.hatch');
      const ref = hatch && (getComputedStyle(hatch).fill.match(/url\(["']?#([^"')]+)/) || [])[1];
      const stripe = ref && document.getElementById(ref) && document.getElementById(ref).querySelector('rect');
      if (stripe && bg) {
        const sc = parseColour(getComputedStyle(stripe).fill);
        const so = parseFloat(getComputedStyle(stripe).opacity) * parseFloat(getComputedStyle(stripe).fillOpacity);
        const under = over([sc[0], sc[1], sc[2], sc[3] * so], bg);
        const fg = over(parseColour(s.fill), under);
        entry.stripe = { ratio: ratio(fg, under), colour: hex(under), text: hex(fg) };
      }
    }
    note(t, parseColour(s.fill), bg, px, parseInt(s.fontWeight) >= 700, t.textContent.trim());
  });

  const chosen = document.getElementById('chosen');
  return {
    lang: document.documentElement.getAttribute('lang'), title: document.title.trim(),
    hasSelect: !!select, labels: labels.map(l => l.textContent.trim()),
    options: select ? Array.from(select.options).map(o => ({ value: o.value, text: o.text })) : [],
    chosenVisible: visible(chosen) && !chosen.hidden,
    selectVisible: visible(select),
    headings, links, svgs, images, controls,
    duplicateIds: Object.keys(ids).filter(k => ids[k] > 1),
    contrast: pairs, svgText,
    overflow: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                wide: Array.from(document.querySelectorAll('body *')).filter(e => visible(e)
                  && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(describe).slice(0, 5) },
    targets: Array.from(document.querySelectorAll('a[href],button,select,summary')).filter(visible).map(e => {
      const r = e.getBoundingClientRect();
      return { what: describe(e) + ' ' + e.textContent.trim().slice(0, 12), x: r.left, y: r.top + scrollY, w: r.width, h: r.height }; }),
    scriptingFlag: (() => { const d = document.createElement('div'); d.innerHTML = '<noscript><i></i></noscript>'; return d.querySelector('noscript i') === null; })(),
  };
})()
"""

CHOOSE_JS = r"""
(() => {
  const s = document.getElementById('prefecture');
  if (!s) return null;
  const option = Array.from(s.options).find(o => o.text.includes('福岡'));
  if (!option) return null;
  s.focus();
  s.value = option.value;
  s.dispatchEvent(new Event('input', { bubbles: true }));
  s.dispatchEvent(new Event('change', { bubbles: true }));
  const box = document.getElementById('chosen');
  const https = document.getElementById('chosen-https'), webcal = document.getElementById('chosen-webcal');
  return { value: option.value, visible: !box.hidden && box.getClientRects().length > 0,
           https: https && https.href, httpsText: https && https.textContent,
           webcal: webcal && webcal.href, webcalText: webcal && webcal.textContent,
           buttons: Array.from(box.querySelectorAll('button')).map(b => b.textContent.trim()) };
})()
"""


# --- The checks ---------------------------------------------------------------------------------

def feed_files(feeds):
    """The feed paths the page must link, relative to FEEDS_DIR."""
    top = sorted(p.name for p in feeds.glob("*.ics"))
    top += sorted("systems/" + p.name for p in (feeds / "systems").glob("*.ics"))
    prefectures = sorted("prefectures/" + p.name for p in (feeds / "prefectures").glob("*.ics"))
    return top, prefectures


def run(feeds, out):
    log = open(out / "processes.log", "w")  # the server's and Chromium's own output
    profile = tempfile.mkdtemp(prefix="outagecal-page-")
    try:
        base, server = serve(feeds, log)
        print(f"# serving {feeds} with {server}")
        cdp = CDP(start_chromium(profile, log))
        version = cdp.call("Browser.getVersion")["product"]
        print(f"# {version}, headless")
        sys.stdout.flush()
        try:
            page_checks(cdp, base, feeds, out)
        finally:
            cdp.close()
    finally:
        stop_all()
        shutil.rmtree(profile, ignore_errors=True)
        log.close()


def page_checks(cdp, base, feeds, out):
    url = base + "index.html"
    top, prefecture_files = feed_files(feeds)
    expected = set(top) | set(prefecture_files)

    # -- JavaScript on, phone width first (what most reception staff will use to look it up).
    # The copy buttons need the clipboard: allowed for this origin, and the page kept focused.
    cdp.call("Browser.grantPermissions", {"origin": base.rstrip("/"),
                                          "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    tab = Tab(cdp)
    tab.call("Emulation.setFocusEmulationEnabled", {"enabled": True})
    tab.viewport(**PHONE)
    tab.goto(url)
    errors = cdp.drain("Runtime.exceptionThrown", tab.session)
    check("no JavaScript errors while loading", not errors,
          short(e["params"]["exceptionDetails"].get("exception", {}).get("description", "?") for e in errors))
    tab.screenshot(out / "phone.png", PHONE)
    phone = tab.js(FACTS_JS)

    check('<html lang="ja">', phone["lang"] == "ja", f"lang={phone['lang']!r}")
    check("the page has a non-empty <title>", bool(phone["title"]), repr(phone["title"]))
    check("select#prefecture has a <label for=prefecture> with text",
          phone["hasSelect"] and any(phone["labels"]), f"labels={phone['labels']}")
    check("#chosen is hidden until a prefecture is chosen", not phone["chosenVisible"])
    values = [o["value"] for o in phone["options"] if o["value"]]
    check("the select offers the 47 prefecture feeds",
          sorted(values) == prefecture_files and len(values) == 47,
          f"{len(values)} options; not on disk: {short(set(values) - set(prefecture_files))}; "
          f"missing: {short(set(prefecture_files) - set(values))}")

    chosen = tab.js(CHOOSE_JS)
    if not check("the select has 福岡 with value prefectures/40-fukuoka.ics",
                 chosen is not None and chosen["value"] == FUKUOKA, f"{chosen and chosen['value']!r}"):
        chosen = chosen or {}
    check("choosing 福岡 shows #chosen", bool(chosen.get("visible")))
    https = chosen.get("https") or ""
    check("#chosen has the http(s) link to …/prefectures/40-fukuoka.ics, as its text too",
          https == base + FUKUOKA and chosen.get("httpsText") == https,
          f"href={https!r} text={chosen.get('httpsText')!r}")
    webcal = chosen.get("webcal") or ""
    check("#chosen has the webcal:// link to the same feed, as its text too",
          webcal == "webcal://" + (base + FUKUOKA).split("://", 1)[1] and chosen.get("webcalText") == webcal,
          f"href={webcal!r} text={chosen.get('webcalText')!r}")
    check("#chosen has a copy button for each link", len(chosen.get("buttons", [])) == 2
          and all(chosen["buttons"]), f"{chosen.get('buttons')}")
    tab.screenshot(out / "phone-chosen.png", PHONE, full=False)
    copy_buttons(tab)
    phone_chosen = tab.js(FACTS_JS)
    check("no horizontal scrolling at 412 px (with #chosen open)",
          phone_chosen["overflow"]["scroll"] <= phone_chosen["overflow"]["client"],
          f"scrollWidth {phone_chosen['overflow']['scroll']} > {phone_chosen['overflow']['client']}; "
          f"wide: {short(phone_chosen['overflow']['wide'])}")

    # Every feed link: listed, resolving, and with its webcal twin.
    feeds_linked = {l["path"]: l for l in phone_chosen["links"] if "feed" in l["cls"].split()}
    linked_prefectures = sorted(p for p in feeds_linked if p.startswith("prefectures/"))
    check("47 prefecture feeds are linked, one for each prefectures/*.ics",
          linked_prefectures == prefecture_files and len(linked_prefectures) == 47,
          f"{len(linked_prefectures)} linked, {len(prefecture_files)} on disk; "
          f"unlinked: {short(set(prefecture_files) - set(linked_prefectures))}; "
          f"not on disk: {short(set(linked_prefectures) - set(prefecture_files))}")
    regions = [p for p in top if p != "all.ics"]
    check("every region feed and all.ics is linked", bool(regions) and all(p in feeds_linked for p in top),
          f"on disk: {top}; linked: {short(p for p in feeds_linked if '/' not in p)}")
    check("no feed link points at a file that is not there", set(feeds_linked) <= expected,
          short(set(feeds_linked) - expected))
    bad = []
    for path, link in sorted(feeds_linked.items()):
        try:
            status, headers, body = http_get(link["href"], timeout=remaining(5))
        except OSError as error:
            bad.append(f"{path}: {error}")
            continue
        kind = headers.get("Content-Type", "")
        if status != 200 or not kind.startswith("text/calendar") or not body.startswith(b"BEGIN:VCALENDAR"):
            bad.append(f"{path}: {status} {kind!r} {body[:20]!r}")
    check(f"each of the {len(feeds_linked)} feed links answers 200 text/calendar with a VCALENDAR", not bad, short(bad))
    status, headers, _ = http_get(https, timeout=remaining(5)) if https else (0, {}, b"")
    check("the chosen https link answers 200 text/calendar",
          status == 200 and headers.get("Content-Type", "").startswith("text/calendar"), f"{status}")
    wrong = [p for p, l in feeds_linked.items()
             if l["webcal"] != "webcal://" + l["href"].split("://", 1)[1]]
    check("each feed link has a webcal:// link to the same feed beside it", not wrong, short(wrong))

    # Timelines.
    timelines = [s for s in phone["svgs"] if "timeline" in s["cls"].split()]
    check("there is at least one svg.timeline", bool(timelines))
    check("every svg.timeline has a <title>", all(s["title"] for s in timelines),
          short(s for s in timelines if not s["title"]))

    tab.screenshot(out / "phone-timeline.png", PHONE, element="section[aria-labelledby=timeline]")

    # -- Accessibility (the phone page, #chosen open).
    accessibility(tab, phone_chosen)

    # -- Phone advice (does not fail the run).
    small = sorted({round(t["px"], 1) for t in phone["svgText"] if t["px"] < 10})
    warn("timeline text is at least 10 px on a 412 px phone", not small,
         f"drawn at {short(small)} px: the 720-unit viewBox is scaled to the column width")
    tiny = crowded_targets(phone_chosen["targets"])
    warn("tap targets on a phone are 24×24 px or spaced as WCAG 2.5.8 allows",
         not tiny, short(f"{t['what']} {t['w']:.0f}×{t['h']:.0f}" for t in tiny))
    striped = [t for t in phone["svgText"] if t.get("stripe") and t["stripe"]["ratio"] < 4.5]
    warn("timeline text over hatched (tentative) bars keeps 4.5:1 on the stripes too", not striped,
         short(f"“{t['text'][:16]}…” {t['stripe']['text']} on stripe {t['stripe']['colour']}: "
               f"{t['stripe']['ratio']:.2f}:1" for t in striped))
    warn("element ids are unique", not phone["duplicateIds"], f"repeated: {short(phone['duplicateIds'])}")

    # -- Desktop.
    tab.viewport(**DESKTOP)
    tab.goto(url)
    tab.screenshot(out / "desktop.png", DESKTOP)
    desktop = tab.js(FACTS_JS)
    check("no horizontal scrolling at 1280 px", desktop["overflow"]["scroll"] <= desktop["overflow"]["client"],
          f"wide: {short(desktop['overflow']['wide'])}")
    errors = cdp.drain("Runtime.exceptionThrown", tab.session)
    check("no JavaScript errors after choosing and reloading", not errors,
          short(e["params"]["exceptionDetails"].get("text", "?") for e in errors))

    # -- JavaScript off: every feed link is still there.
    nojs = Tab(cdp, javascript=False)
    nojs.viewport(**PHONE)
    nojs.goto(url)
    nojs.screenshot(out / "phone-nojs.png", PHONE)
    still = nojs.js(FACTS_JS)  # DevTools' own evaluation runs even with page scripts off
    hrefs = {l["path"] for l in still["links"] if "feed" in l["cls"].split() and l["visible"]}
    check("JavaScript disabled: every feed link is present and visible", hrefs == set(feeds_linked) == expected,
          f"missing: {short(expected - hrefs)}")
    check("JavaScript disabled: the empty #chosen box stays hidden", not still["chosenVisible"])
    chosen = nojs.js(CHOOSE_JS) or {}
    check("JavaScript disabled: really off (scripting flag off; choosing 福岡 shows nothing)",
          not still["scriptingFlag"] and not chosen.get("visible"), f"{still['scriptingFlag']=}, {chosen=}")
    check("JavaScript enabled: the scripting flag was on in the first tab", phone["scriptingFlag"])
    warn("JavaScript disabled: the prefecture picker, which needs the script, is not shown",
         not still["selectVisible"], "select#prefecture is shown but does nothing without JavaScript")

    # -- The timelines' labels, at every width from a small phone to a wide screen.
    timeline_labels(tab, url, out)

    # -- 現在の状況, at chosen instants, with JavaScript and without.
    now_block(cdp, url, out)


# --- Timeline labels ----------------------------------------------------------------------------

LABEL_WIDTHS = (360, 768, 1024, 1280, 1600)

# The box of every text node in every svg (Range.getBoundingClientRect: the glyphs as drawn, in
# CSS px), and each pair of boxes on the same lines that overlap or come within 2 px (touching
# labels read as one: 「12:0018:00」).
LABELS_JS = r"""
(() => {
  const boxes = [];
  document.querySelectorAll('svg').forEach((svg, n) => {
    const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.textContent.trim() || t.parentElement.closest('title,desc,defs')) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      const r = range.getBoundingClientRect();
      if (r.width > 0) boxes.push({ svg: n, text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom });
    }
  });
  const meet = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], c = boxes[j];
      if (a.t < c.b && c.t < a.b && a.l < c.r + 2 && c.l < a.r + 2)
        meet.push(`「${a.text}」 [${a.l.toFixed(1)}–${a.r.toFixed(1)}] and 「${c.text}」 [${c.l.toFixed(1)}–${c.r.toFixed(1)}]`);
    }
  return { labels: boxes.length, svgs: document.querySelectorAll('svg.timeline').length, meet,
           scale: Array.from(document.querySelectorAll('svg.timeline')).map(s => s.getBoundingClientRect().width / 720)[0] || 0 };
})()
"""


def timeline_labels(tab, url, out):
    """No two labels of a timeline (ticks, bars) overlap or touch, at each width."""
    for width in LABEL_WIDTHS:
        metrics = PHONE if width < 600 else DESKTOP
        tab.viewport(**{**metrics, "width": width})
        tab.goto(url)
        found = tab.js(LABELS_JS)
        check(f"timeline labels do not overlap at {width} px ({found['labels']} text boxes in "
              f"{found['svgs']} timelines, drawn at {found['scale']:.2f}× the viewBox)",
              found["labels"] > 0 and not found["meet"], short(found["meet"], 4))
        if width in (360, 1280):  # the second timeline: five days of 電子処方箋 in the bundled feeds
            tab.screenshot(out / f"timeline-{width}.png", {**metrics, "width": width},
                           element="section[aria-labelledby=timeline] > div.timeline-scroll:nth-of-type(2)")


# --- 現在の状況 -----------------------------------------------------------------------------------

JST = datetime.timezone(datetime.timedelta(hours=9))
WEEKDAYS = "月火水木金土日"  # datetime.weekday(): Monday is 0

NOW_JS = r"""
(() => {
  const block = document.getElementById('now-block');
  const visible = e => !!e && !e.hidden && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const items = block ? Array.from(block.querySelectorAll('li')).map(li => li.innerText) : [];
  const next = block && block.querySelector('.next');
  const page = document.body.innerText;
  return { visible: visible(block), text: block ? block.innerText : null, items,
           next: next ? next.innerText : null, asof: (block && block.querySelector('.asof') || {}).innerText || null,
           windows: document.querySelectorAll('ul.windows li').length,
           claims: ['現在の状況', '時点（', 'いま停止中', '次に始まる予定'].filter(w => page.includes(w)),
           handlers: Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)
             .filter(a => /^on/i.test(a.name)).map(a => e.tagName.toLowerCase() + '[' + a.name + ']')) };
})()
"""


def parse_instant(text):
    return datetime.datetime.fromisoformat(text)


def jst_text(instant):
    """2024年12月31日(火) 3:30, the block's 時点, worked out here rather than by the page."""
    t = instant.astimezone(JST)
    return f"{t.year}年{t.month}月{t.day}日({WEEKDAYS[t.weekday()]}) {t.hour}:{t.minute:02d}"


def in_effect(windows, instant):
    on = [w for w in windows if parse_instant(w["start"]) <= instant
          and ("end" not in w or instant < parse_instant(w["end"]))]
    later = [w for w in windows if parse_instant(w["start"]) > instant]
    return on, min(later, key=lambda w: parse_instant(w["start"])) if later else None


def now_instants(windows):
    """Three instants: before any window; during one with a known end; during an open-ended one
    (else a tentative one). Taken from the page's own data, so any feeds folder will do."""
    starts = sorted(parse_instant(w["start"]) for w in windows)
    chosen = [("before any window", starts[0] - datetime.timedelta(days=1))]
    timed = [w for w in windows if "end" in w and not w.get("backup")]
    if timed:
        w = timed[0]
        s, e = parse_instant(w["start"]), parse_instant(w["end"])
        chosen.append((f"during {w['system']} {w['label']}", s + (e - s) / 2))
    hedged = [w for w in windows if "end" not in w] or [w for w in windows if "（予定）" in w["until"]]
    if hedged:
        w = hedged[0]
        kind = "open-ended" if "end" not in w else "tentative"
        chosen.append((f"during {kind} {w['system']} {w['label']}", parse_instant(w["start"]) + datetime.timedelta(minutes=30)))
    return chosen


def now_block(cdp, url, out):
    tab = Tab(cdp)
    tab.call("Network.enable")
    tab.viewport(**PHONE)
    tab.goto(url)
    windows = tab.js("(() => { const d = document.getElementById('now-data'); return d && JSON.parse(d.textContent); })()")
    if not check("the page embeds its windows as JSON (script#now-data)", bool(windows), repr(windows)[:80]):
        return
    loaded = [e["params"]["request"]["url"] for e in cdp.drain("Network.requestWillBeSent", tab.session)]
    check("the page loads nothing but itself (no network resource)", loaded == [url], short(loaded))
    facts = tab.js(NOW_JS)
    check("no inline event handlers (on…= attributes)", not facts["handlers"], short(facts["handlers"]))
    check("JavaScript on, no ?now=: 現在の状況 is shown, at the browser's clock",
          facts["visible"] and jst_text(datetime.datetime.now(JST)).split(" ")[0] in (facts["asof"] or ""), repr(facts["asof"]))

    nojs = Tab(cdp, javascript=False)
    nojs.viewport(**PHONE)
    for number, (what, instant) in enumerate(now_instants(windows)):
        stamp = instant.astimezone(JST).isoformat(timespec="seconds")
        address = url + "?now=" + urllib.parse.quote(stamp, safe=":")
        tab.goto(address)
        facts = tab.js(NOW_JS)
        on, upcoming = in_effect(windows, instant)
        label = f"?now={stamp} ({what})"
        check(f"{label}: 現在の状況 is shown, {jst_text(instant)} 時点",
              facts["visible"] and (facts["asof"] or "").startswith(jst_text(instant) + " 時点"), repr(facts["asof"]))
        if on:
            wrong = []
            if len(facts["items"]) != len(on):
                wrong.append(f"{len(facts['items'])} items for {len(on)} windows")
            for item, w in zip(facts["items"], on):
                for part in (w["stopped"], w["system"], w["label"], "対象：" + w["area"], w["until"]):
                    if part not in item:
                        wrong.append(f"「{part}」 not in 「{' '.join(item.split())}」")
            check(f"{label}: each of the {len(on)} windows in effect, with its kind, system, area and end",
                  not wrong, short(wrong, 3))
            check(f"{label}: nothing says that nothing is stopped", "停止中の予定はありません" not in (facts["text"] or ""))
            for w in on:
                if "end" not in w:
                    check(f"{label}: the open-ended window says 終了未定", any("終了未定" in i for i in facts["items"]))
                elif "（予定）" in w["until"]:
                    check(f"{label}: the tentative end says （予定）",
                          any(w["until"] in i and "（予定）" in i for i in facts["items"]))
        else:
            check(f"{label}: no window in effect, and it says so",
                  not facts["items"] and "いま停止中の予定はありません。" in (facts["text"] or ""), repr(facts["text"]))
        if upcoming:
            check(f"{label}: the next window to begin, {upcoming['summary']}",
                  upcoming["summary"] in (facts["next"] or "") and upcoming["when"] in (facts["next"] or "")
                  and upcoming["stopped"] in (facts["next"] or ""), repr(facts["next"]))
        else:
            check(f"{label}: no window begins later, and it says so", "次に始まる予定：ありません。" in (facts["next"] or ""),
                  repr(facts["next"]))
        tab.screenshot(out / f"now-{number + 1}.png", PHONE, element="#now-block")

        # Without JavaScript the same address shows nothing that claims to be current, and the
        # list is all there.
        nojs.goto(address)
        still = nojs.js(NOW_JS)
        check(f"{label}, JavaScript off: 現在の状況 is hidden and nothing claims to be current",
              not still["visible"] and not still["claims"], f"visible={still['visible']} claims={still['claims']}")
        check(f"{label}, JavaScript off: the list of windows is all there ({still['windows']} entries)",
              still["windows"] == facts["windows"] > 0, f"{still['windows']} without, {facts['windows']} with JavaScript")
    nojs.screenshot(out / "now-nojs.png", PHONE, full=False)
    minute_later(cdp, url, windows)


def minute_later(cdp, url, windows):
    """The block says it again each minute: with the browser's clock (virtual time) held 30 s
    before a window begins, it is not in effect; a minute later it is, without a reload."""
    w = next((w for w in windows if "end" not in w or parse_instant(w["end"]) - parse_instant(w["start"]) > datetime.timedelta(minutes=2)), None)
    if not w:
        return
    start = parse_instant(w["start"])
    tab = Tab(cdp)
    tab.viewport(**PHONE)
    # The clock stands still at 30 s before the start while the page loads (virtual time runs
    # only while no fetch is pending, for at most a second), then runs a minute and a second.
    tab.call("Emulation.setVirtualTimePolicy", {"policy": "pause", "initialVirtualTime": start.timestamp() - 30})
    tab.call("Page.navigate", {"url": url})
    tab.call("Emulation.setVirtualTimePolicy", {"policy": "pauseIfNetworkFetchesPending", "budget": 1000})
    cdp.wait_event("Emulation.virtualTimeBudgetExpired", tab.session)
    before = tab.js(NOW_JS)
    tab.call("Emulation.setVirtualTimePolicy", {"policy": "advance", "budget": 61_000})
    cdp.wait_event("Emulation.virtualTimeBudgetExpired", tab.session)
    after = tab.js(NOW_JS)
    named = lambda facts: any(w["system"] in i and w["label"] in i for i in facts["items"])
    check(f"a minute later, without a reload, the block shows {w['system']} {w['label']} in effect",
          not named(before) and named(after)
          and (before["asof"] or "").startswith(jst_text(start - datetime.timedelta(seconds=30)))
          and (after["asof"] or "").startswith(jst_text(start + datetime.timedelta(seconds=31))),
          f"before: {before['asof']!r} {before['items']}; after: {after['asof']!r} {after['items']}")


def crowded_targets(targets):
    """Targets under 24×24 px whose 24 px circle (around the box centre) meets another target, or
    another small target's circle: WCAG 2.2 SC 2.5.8 with its spacing exception."""
    def small(t):
        return t["w"] < 24 or t["h"] < 24

    def centre(t):
        return t["x"] + t["w"] / 2, t["y"] + t["h"] / 2

    def distance_to_box(point, t):
        dx = max(t["x"] - point[0], 0, point[0] - (t["x"] + t["w"]))
        dy = max(t["y"] - point[1], 0, point[1] - (t["y"] + t["h"]))
        return (dx * dx + dy * dy) ** 0.5

    crowded = []
    for t in targets:
        if not small(t):
            continue
        c = centre(t)
        for u in targets:
            if u is t:
                continue
            if small(u):
                cu = centre(u)
                near = ((c[0] - cu[0]) ** 2 + (c[1] - cu[1]) ** 2) ** 0.5 < 24
            else:
                near = distance_to_box(c, u) < 12
            if near:
                crowded.append(t)
                break
    return crowded


def copy_buttons(tab):
    """Click each copy button like a user (a trusted click, clipboard permission granted): the
    status line names the link, and the clipboard holds it."""
    for target in ("chosen-https", "chosen-webcal"):
        spot = tab.js(f"""(() => {{ const b = document.querySelector('button.copy[data-target="{target}"]');
            if (!b) return null; b.scrollIntoView({{block: 'center'}}); const r = b.getBoundingClientRect();
            document.getElementById('copied').textContent = '';
            return [r.left + r.width / 2, r.top + r.height / 2, document.getElementById('{target}').textContent]; }})()""")
        if not spot:
            check(f"copy button for #{target}", False, "no button")
            continue
        for kind in ("mousePressed", "mouseReleased"):
            tab.call("Input.dispatchMouseEvent", {"type": kind, "x": spot[0], "y": spot[1], "button": "left", "clickCount": 1})
        status = ""
        until = time.monotonic() + remaining(3)
        while time.monotonic() < until and not status:
            status = tab.js("document.getElementById('copied').textContent")
            time.sleep(0.05)
        clip = tab.js("navigator.clipboard.readText().catch(e => 'error: ' + e)")
        check(f"the copy button for #{target} copies the link and says so",
              clip == spot[2] and spot[2] in (status or ""), f"clipboard={clip!r} status={status!r}")


def accessibility(tab, facts):
    tab.call("Accessibility.enable")
    nodes = tab.call("Accessibility.getFullAXTree", timeout=30)["nodes"]

    def value(node, key):
        return ((node.get(key) or {}).get("value") or "")

    def where(node):
        backend = node.get("backendDOMNodeId")
        if not backend:
            return value(node, "role")
        try:
            return " ".join(tab.call("DOM.getOuterHTML", {"backendNodeId": backend})["outerHTML"].split())[:80]
        except HarnessError:
            return value(node, "role")

    live = [n for n in nodes if not n.get("ignored")]
    images = [n for n in live if value(n, "role") in ("image", "img", "graphics-document", "SvgRoot")]
    nameless = [where(n) for n in images if not value(n, "name").strip()]
    check(f"accessible names for all {len(images)} images and svg (accessibility tree)",
          bool(images) and not nameless, short(nameless))
    bare = [s for s in facts["svgs"] if not s["hidden"] and not (s["role"] == "img" and (s["labelledby"] or s["label"] or s["title"]))]
    check('every <svg> is role="img" with a name, or aria-hidden', not bare, short(bare))
    check("every <img> has an alt attribute", all(i["alt"] is not None for i in facts["images"]),
          short(i["src"] for i in facts["images"] if i["alt"] is None))

    controls = [n for n in live if value(n, "role") in ("combobox", "textbox", "listbox", "checkbox",
                                                        "radio", "button", "searchbox", "spinbutton")]
    nameless = [where(n) for n in controls if not value(n, "name").strip()]
    check(f"accessible names for all {len(controls)} form controls and buttons", not nameless, short(nameless))
    check("every input/select/textarea has a <label> or aria-label",
          all(c["labelled"] for c in facts["controls"]), short(c["what"] for c in facts["controls"] if not c["labelled"]))

    links = [n for n in live if value(n, "role") == "link"]
    nameless = [where(n) for n in links if not value(n, "name").strip()]
    check(f"accessible names for all {len(links)} links", bool(links) and not nameless, short(nameless))
    empty = [l["href"] for l in facts["links"] if l["visible"] and not l["text"]]
    check("every visible link has text", not empty, short(empty))

    levels = [h["level"] for h in facts["headings"]]
    jumps = [f"h{a}→h{b} ({facts['headings'][i + 1]['text'][:20]})"
             for i, (a, b) in enumerate(zip(levels, levels[1:])) if b > a + 1]
    check("exactly one <h1>, first", levels[:1] == [1] and levels.count(1) == 1, f"levels {levels}")
    check("heading levels never skip one", not jumps, short(jumps))

    for key, pair in sorted(facts["contrast"].items(), key=lambda kv: kv[1]["ratio"]):
        check(f"contrast {key}: {pair['ratio']:.2f}:1 ≥ {pair['need']}:1 "
              f"({pair['count']}× e.g. {pair['where']} “{pair['sample']}”)", pair["ratio"] >= pair["need"] - 0.005)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    feeds = Path(sys.argv[1]).resolve()
    out = Path(sys.argv[2]).resolve()
    if not (feeds / "index.html").is_file():
        print(f"error: {feeds}/index.html not found; run `outagecal generate` first", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):  # no stale screenshots from an earlier run
        old.unlink()
    # run.sh's timeout sends SIGTERM: unwind through the finally blocks that stop the processes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    try:
        run(feeds, out)
    except HarnessError as error:
        check("the checks ran to the end", False, str(error))
    except Exception as error:  # the browser or server went away, the socket broke, …
        check("the checks ran to the end", False, f"{type(error).__name__}: {error}")
    print(f"# screenshots: {', '.join(sorted(p.name for p in out.glob('*.png')))} in {out}")
    if warned:
        print(f"# {warned} warnings (advice; they do not fail the run)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
