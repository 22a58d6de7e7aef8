"""Checks the importer's review page (`outagecal import LETTER --review PAGE.html`) in headless Chromium.

    .venv/bin/python check_review.py BINARY LETTER OUT_DIR

Runs the importer on LETTER, opens the page it wrote from disk (file://, JavaScript off: the page
has no script and fetches nothing), takes screenshots at phone (412 px) and desktop (1280 px)
width into OUT_DIR, and checks what an administrator relies on:
  - every drafted window is marked in the letter, numbered as in the draft, and the numbers on the
    page are exactly the draft's windows;
  - every date the importer reported as not used is marked in grey with its class and reason;
  - every CHECK of the draft stands on the page in red;
  - the page loads nothing from the network; desktop shows letter and draft side by side, the
    phone one above the other, with no sideways scrolling.
Prints PASS/FAIL per check and "N passed, M failed"; exit 1 on a failure, 2 when the harness broke.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_page as harness  # noqa: E402
from check_page import CDP, PHONE, DESKTOP, Tab, check, start_chromium, stop_all  # noqa: E402


def main():
    binary, letter, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="outagecal-review-"))
    page, draft = work / "review.html", work / "draft.yaml"
    run = subprocess.run([binary, "import", str(letter), "--review", str(page), "-o", str(draft)],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        print(run.stderr)
        raise harness.HarnessError(f"outagecal import exited {run.returncode}")
    draft_text = draft.read_text(encoding="utf-8")
    windows = len(re.findall(r"^  - id: ", draft_text, re.M))
    checks = [line.split("# CHECK: ", 1)[1] for line in draft_text.splitlines() if "# CHECK: " in line]
    not_used = [line for line in run.stderr.splitlines() if line.startswith("not used:")]
    print(f"# draft: {windows} windows, {len(checks)} CHECKs; {len(not_used)} dates and times not used")

    log = open(out / "review-processes.log", "w")
    profile = tempfile.mkdtemp(prefix="outagecal-review-chromium-")
    try:
        cdp = CDP(start_chromium(profile, log))
        try:
            tab = Tab(cdp, javascript=False)
            tab.call("Network.enable")
            tab.viewport(**DESKTOP)
            tab.goto(page.as_uri())
            requests = [e for e in cdp.drain("Network.requestWillBeSent", tab.session)
                        if not e["params"]["request"]["url"].startswith("file:")]
            check("the review page loads nothing from the network", not requests,
                  harness.short(e["params"]["request"]["url"] for e in requests))
            tab.screenshot(out / "review-desktop.png", DESKTOP)
            facts = tab.js("""(() => {
                const marks = [...document.querySelectorAll('.letter mark.w')];
                const grey = [...document.querySelectorAll('.letter mark.unused')];
                const checks = [...document.querySelectorAll('.check')];
                const letter = document.querySelector('section.letter').getBoundingClientRect();
                const draft = document.querySelector('section.draft').getBoundingClientRect();
                return {
                  numbers: [...new Set(marks.map(m => m.dataset.window))].map(Number).sort((a, b) => a - b),
                  badges: [...document.querySelectorAll('.badge')].map(b => Number(b.textContent)),
                  grey: grey.map(g => g.querySelector('small') ? g.querySelector('small').textContent : ''),
                  greyColour: grey.length ? getComputedStyle(grey[0]).backgroundColor : '',
                  checks: checks.map(c => c.textContent),
                  checkColour: checks.length ? getComputedStyle(checks[0]).color : '',
                  sideBySide: draft.left >= letter.right - 1 && Math.abs(draft.top - letter.top) < 5,
                  overflow: document.documentElement.scrollWidth > innerWidth,
                };
            })()""")
            expected = list(range(1, windows + 1))
            check(f"every drafted window is marked in the letter, numbered as in the draft ({windows})",
                  facts["numbers"] == expected, f"marked {facts['numbers']}, draft {expected}")
            check("the draft beside it lists the same numbers", facts["badges"] == expected, f"{facts['badges']}")
            check(f"every date not used is marked in grey with its class and reason ({len(not_used)})",
                  len(facts["grey"]) >= len(not_used) and all(":" in g for g in facts["grey"]),
                  f"{len(facts['grey'])} grey marks for {len(not_used)} unused; {harness.short(facts['grey'])}")
            check("grey marks are grey", facts["greyColour"] in ("rgb(230, 230, 230)",), facts["greyColour"])
            on_page = " ".join(facts["checks"])
            missing = [c for c in checks if c not in on_page]
            check(f"every CHECK of the draft is on the page in red ({len(checks)})",
                  not missing and (not checks or facts["checkColour"] == "rgb(176, 0, 32)"),
                  f"missing {harness.short(missing)}; colour {facts['checkColour']}")
            check("desktop: the letter and the draft side by side, no sideways scrolling",
                  facts["sideBySide"] and not facts["overflow"])
            tab.screenshot(out / "review-phone.png", PHONE)
            phone = tab.js("""(() => ({ overflow: document.documentElement.scrollWidth > innerWidth,
                stacked: document.querySelector('section.draft').getBoundingClientRect().top
                         >= document.querySelector('section.letter').getBoundingClientRect().bottom - 1 }))()""")
            check("phone: the draft below the letter, no sideways scrolling", phone["stacked"] and not phone["overflow"])
        finally:
            cdp.close()
    finally:
        stop_all()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        log.close()


if __name__ == "__main__":
    try:
        main()
    except harness.HarnessError as error:
        print(f"FAIL the review page harness: {error}")
        print(f"{harness.passed} passed, {harness.failed + 1} failed")
        sys.exit(2)
    print(f"{harness.passed} passed, {harness.failed} failed")
    sys.exit(1 if harness.failed else 0)
