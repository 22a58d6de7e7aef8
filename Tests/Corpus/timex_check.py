#!/usr/bin/env python3
"""An independent check of `outagecal import` with ja-timex: does the importer account for every
date and time expression in a notice?

Usage: timex_check.py BINARY [--only held-out|tuned|all] [--verbose] [--all-types] [--feeds DIR]

For each corpus notice (text without its `# source:` line) ja-timex's TimexParser lists the
date/time expressions (types DATE and TIME; --all-types adds DURATION and SET). The importer is run
as score.py runs it, and its report on standard error is read:

  understood: window ID: SOURCE TEXT → normalised reading — kind, line N
  not used:   SOURCE TEXT: why (…context…)

(an item may run over several physical lines: a line that does not start with a known prefix
continues the one before). An expression is COVERED when its surface text overlaps the source
text of a drafted window (an `understood: window` line whose ID is in the draft), or appears as
the source text of a `not used:` line. The importer does not print character spans, so the match
is on surface text, both sides normalised with NFKC and with all white space removed; the same
text written twice in a notice is therefore covered twice by one report item.

Two adjustments to ja-timex's raw list, both printed in the totals:
- a weekday alone (「(火)」「(土曜日)」, value XXXX-WXX-n) right after a date is part of that
  date, not an expression of its own, and is dropped;
- kanji numerals are not converted (ignore_kansuji=True), so 「一時停止」 is not read as 1時.

Prints per notice how many expressions were found and how many are covered, then
`timex covered: X/Y`. Always exits 0: it is a figure, not a gate.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys
import traceback
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score  # noqa: E402  (same folder; stdlib + PyYAML)

PREFIX = re.compile(r"^(understood|not used|check|warning|error|wrote)\s*:?", re.IGNORECASE)
WINDOW = re.compile(r"^understood:\s*window\s+([^:\s]+)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
NOT_USED = re.compile(r"^not used:\s*(.*)$", re.IGNORECASE | re.DOTALL)
WEEKDAY_ONLY = re.compile(r"^XXXX-WXX-\d$")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def report_items(stderr: str) -> list[str]:
    """The report's items, continuation lines joined to the item they belong to."""
    items: list[str] = []
    for line in stderr.splitlines():
        if PREFIX.match(line) or not items:
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def window_source(rest: str) -> str:
    """SOURCE TEXT of `SOURCE → reading — kind, line N` (older reports: no arrow)."""
    for separator in (" → ", "→", " — "):
        if separator in rest:
            return rest.split(separator, 1)[0]
    return re.sub(r",\s*line\s+\d+\s*$", "", rest)


def not_used_source(rest: str) -> str:
    """SOURCE TEXT of `SOURCE: why (…context…)`; times such as 06:00 have no space after ':'."""
    return re.split(r"[:：]\s", rest, maxsplit=1)[0] if re.search(r"[:：]\s", rest) else rest


def parse_report(stderr: str, drafted_ids: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """([(window id, normalised source)], [(raw, normalised source)] of not-used items)."""
    windows, not_used = [], []
    for item in report_items(stderr):
        m = WINDOW.match(item)
        if m:
            if m.group(1) in drafted_ids:
                windows.append((m.group(1), norm(window_source(m.group(2)))))
            continue
        m = NOT_USED.match(item)
        if m:
            source = not_used_source(m.group(1).strip())
            not_used.append((source.strip(), norm(source)))
    return windows, not_used


def make_parser():
    from ja_timex import TimexParser
    from ja_timex.number_normalizer import NumberNormalizer
    from ja_timex.tagger import AbstimeTagger, DurationTagger, ReltimeTagger, SetTagger

    # Fresh objects: TimexParser's defaults are shared instances, and ignore_kansuji is set on
    # the normaliser, so it would leak into every other parser made with the defaults.
    return TimexParser(number_normalizer=NumberNormalizer(), abstime_tagger=AbstimeTagger(),
                       duration_tagger=DurationTagger(), reltime_tagger=ReltimeTagger(),
                       set_tagger=SetTagger(), ignore_kansuji=True)


def expressions(parser, text: str, all_types: bool) -> tuple[list, int]:
    """ja-timex's expressions (and how many weekday-only ones were folded into their date)."""
    found = [t for t in parser.parse(text) if all_types or t.type in ("DATE", "TIME")]
    kept, folded = [], 0
    for timex in found:
        previous = kept[-1] if kept else None
        if (timex.type == "DATE" and WEEKDAY_ONLY.match(str(timex.value or ""))
                and previous is not None and previous.type == "DATE"
                and text[previous.span[1]:timex.span[0]].strip() == ""):
            folded += 1
            continue
        kept.append(timex)
    return kept, folded


def coverage(timex, windows, not_used) -> str | None:
    surface = norm(timex.text)
    if not surface:
        return None
    for _, source in windows:
        if source and (surface in source or source in surface):
            return "window"
    for _, source in not_used:
        if source and surface in source:
            return "not used"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=str(score.DEFAULT_BINARY))
    parser.add_argument("--only", choices=("held-out", "tuned", "all"), default="all")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the uncovered expressions")
    parser.add_argument("--all-types", action="store_true", help="also DURATION and SET expressions")
    parser.add_argument("--feeds", type=pathlib.Path, default=score.DEFAULT_FEEDS)
    parser.add_argument("--timeout", type=float, default=score.TIMEOUT)
    args = parser.parse_args()
    binary = args.binary
    if "/" in binary:
        binary = str(pathlib.Path(binary).resolve())
    feeds = args.feeds.resolve()

    try:
        timex_parser = make_parser()
    except ImportError as error:
        print(f"timex: ja-timex is not installed ({error}); run Tests/Corpus/run.sh, which makes "
              "Tests/Corpus/.venv")
        print("timex covered: n/a")
        return 0

    notices = score.load_corpus()
    if args.only == "held-out":
        notices = [n for n in notices if n.held_out]
    elif args.only == "tuned":
        notices = [n for n in notices if not n.held_out]

    totals = {"all": [0, 0], "tuned": [0, 0], "held-out": [0, 0]}
    by_window = by_not_used = folded_total = 0
    for notice in notices:
        text = score.notice_text(notice.txt)
        found, folded = expressions(timex_parser, text, args.all_types)
        folded_total += folded
        run = score.run_import(binary, text, feeds, args.timeout, notice.txt.name)
        drafted_ids = {w.wid for w in run.windows}
        windows, not_used = parse_report(run.stderr, drafted_ids)
        covered, missing = 0, []
        for timex in found:
            how = coverage(timex, windows, not_used)
            if how == "window":
                by_window += 1
            elif how == "not used":
                by_not_used += 1
            if how:
                covered += 1
            else:
                missing.append(timex)
        group = "held-out" if notice.held_out else "tuned"
        for key in ("all", group):
            totals[key][0] += covered
            totals[key][1] += len(found)
        state = "" if run.ok else f"  [importer drafted nothing: {run.status}]"
        print(f"{notice.number} {notice.slug[:44]:<44} {'HELD-OUT' if notice.held_out else 'tuned   '} "
              f"timex {len(found):3d}  covered {covered:3d}  "
              f"(windows {len(windows)}, not used {len(not_used)}){state}", flush=True)
        if args.verbose:
            for timex in missing:
                line = text.count("\n", 0, timex.span[0]) + 1
                print(f"    - uncovered {timex.type:<8} {timex.text!r:<24} value {timex.value}  line {line}")

    print()
    for key in ("tuned", "held-out"):
        covered, total = totals[key]
        if total:
            print(f"{key:<9} timex covered: {covered}/{total} ({100.0 * covered / total:.1f}%)")
    covered, total = totals["all"]
    print(f"(covered by a drafted window's source text: {by_window}; by a not used: line: {by_not_used}; "
          f"weekdays folded into their date: {folded_total}; types: "
          f"{'all' if args.all_types else 'DATE, TIME'})")
    share = f" ({100.0 * covered / total:.1f}%)" if total else ""
    print(f"timex covered: {covered}/{total}{share}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except SystemExit as stop:  # argparse errors, a broken corpus: still a figure, not a gate
        if stop.code not in (0, None):
            print(f"timex: stopped: {stop.code}")
            print("timex covered: n/a")
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        print("timex covered: n/a")
    sys.exit(0)
