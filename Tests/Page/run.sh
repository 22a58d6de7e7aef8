#!/usr/bin/env bash
# The subscription page (Feeds/index.html) in a real browser: headless Chromium, driven over the
# DevTools protocol by check_page.py, against FEEDS_DIR served on 127.0.0.1 (by
# `.build/debug/outagecal serve` when that binary exists, else `python3 -m http.server`).
#   - screenshots at phone (412 px) and desktop (1280 px) width in Tests/Page/out/;
#   - lang, title, the prefecture picker (福岡 → https and webcal links with copy buttons),
#     every feed link present and answering 200 text/calendar, titled timelines;
#   - with JavaScript disabled, every feed link still there;
#   - the timelines' labels (each svg text node's box) never overlap at 360, 768, 1024, 1280 and
#     1600 px; the page loads nothing but itself and has no inline event handlers;
#   - 現在の状況 at three instants taken from the page's own data (?now=…: before any window,
#     during one, during an open-ended or tentative one), and a minute later without a reload
#     (virtual time); with JavaScript disabled it is hidden and nothing claims to be current;
#   - accessibility: names for images/svg, controls and links (Chromium's accessibility tree),
#     heading order, text contrast from computed styles.
#
#   Tests/Page/run.sh [FEEDS_DIR]     default: Feeds (this script builds and generates nothing)
#
# Run Tests/Page/setup.sh once first. Prints PASS/FAIL per check (WARN for advice) and ends with
# "N passed, M failed"; exits non-zero on any failure. Bounded: the checks stop after 100 s and
# the whole run is killed at 115 s; every process it starts is stopped on exit.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
feeds=$(realpath -m -- "${1:-$repo/Feeds}")
python=$here/.venv/bin/python

if [ ! -x "$python" ]; then
    echo "error: $python is missing; run Tests/Page/setup.sh (or bash scripts/setup) first" >&2
    exit 2
fi
if [ ! -f "$feeds/index.html" ]; then
    echo "error: $feeds/index.html not found; run '.build/debug/outagecal generate' first" >&2
    exit 2
fi

cd "$repo" || exit 2
# --foreground: the checker stays in this terminal's process group (Ctrl-C reaches it); on
# timeout it gets SIGTERM, stops its server and browser, and SIGKILL follows after 10 s.
timeout --foreground -k 10 115 "$python" "$here/check_page.py" "$feeds" "$here/out"
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "FAIL the page checks did not finish within 115 s"
    echo "0 passed, 1 failed"
fi

# The importer's review page (outagecal import LETTER --review PAGE.html), from a letter in a
# layout of its own, when the debug binary is built.
binary=$repo/.build/debug/outagecal
if [ -x "$binary" ]; then
    echo "# the review page of Tests/Page/fixtures/review-letter.txt"
    timeout --foreground -k 10 115 "$python" "$here/check_review.py" "$binary" "$here/fixtures/review-letter.txt" "$here/out"
    review=$?
    if [ "$review" -eq 124 ] || [ "$review" -eq 137 ]; then
        echo "FAIL the review page checks did not finish within 115 s"
        echo "0 passed, 1 failed"
    fi
    [ "$review" -ne 0 ] && status=$review
else
    echo "FAIL the review page: $binary is not built"
    status=1
fi
exit "$status"
