#!/usr/bin/env python3
"""Scores `outagecal import` against the hand-read notice corpus (Tests/Corpus/notices).

Usage:
  score.py [BINARY] [--floor Tests/Corpus/floor.txt] [--write-floor] [--only held-out|tuned|all]
           [--verbose] [--feeds DIR] [--timeout SECONDS]

For each notice NNN-*.txt the `# source:` line is stripped, the rest goes to
`BINARY import NOTICE.txt -o OUT.yaml --feeds FEEDS`, and the draft's windows are paired with
NNN-*.expected.yaml. A drafted and an expected window match EXACTLY when their instants agree:
same start and same end (open end on both sides counts as the same end), or the same set of
all-day dates; a dates window also matches a timed window covering exactly those whole JST days
(00:00-24:00). Scope is not part of exactness; it is counted separately, like kind, tentative
and backup (each among exact pairs). INVENTED = drafted windows without an exact partner (for a
negative notice every drafted window is invented; so is a drafted window that cannot be read).
Drafted windows with `cancelled: true` are neither paired nor invented; they are counted on their
own.

An importer that exits non-zero, times out or writes no readable draft has drafted 0 windows;
the run goes on.

With --floor FILE (lines `exact_all=…`, `exact_heldout=…`, `invented_per10=…`) the exit status is
1 when exact on all notices or on the held-out ones falls below the floor, or invented per ten
notices rises above it (with --only, only the figures that run measures are checked).
--write-floor rewrites the floor file (the --floor FILE, default Tests/Corpus/floor.txt) from this
run, after checking against the old one when --floor is given.

Stdlib + PyYAML only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
NOTICES = HERE / "notices"
README = HERE / "README.md"
DEFAULT_BINARY = REPO / ".build" / "debug" / "outagecal"
DEFAULT_FEEDS = REPO / "Feeds"
DEFAULT_FLOOR = HERE / "floor.txt"
JST = dt.timezone(dt.timedelta(hours=9))
TIMEOUT = 30.0


class NoTimestampLoader(yaml.SafeLoader):
    """YAML as the importer and editors read it: 2024-12-24 and ISO instants stay strings."""


NoTimestampLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    return yaml.load(text, Loader=NoTimestampLoader)


# ---------------------------------------------------------------------------------------------
# Scope: everything is reduced to a set of prefectures (nationwide = all 47, a region id = its
# prefectures from regions.yaml, a prefecture by name, short name, romaji or JIS code).

PREFECTURES = [
    ("北海道", "hokkaido"), ("青森県", "aomori"), ("岩手県", "iwate"), ("宮城県", "miyagi"),
    ("秋田県", "akita"), ("山形県", "yamagata"), ("福島県", "fukushima"), ("茨城県", "ibaraki"),
    ("栃木県", "tochigi"), ("群馬県", "gunma"), ("埼玉県", "saitama"), ("千葉県", "chiba"),
    ("東京都", "tokyo"), ("神奈川県", "kanagawa"), ("新潟県", "niigata"), ("富山県", "toyama"),
    ("石川県", "ishikawa"), ("福井県", "fukui"), ("山梨県", "yamanashi"), ("長野県", "nagano"),
    ("岐阜県", "gifu"), ("静岡県", "shizuoka"), ("愛知県", "aichi"), ("三重県", "mie"),
    ("滋賀県", "shiga"), ("京都府", "kyoto"), ("大阪府", "osaka"), ("兵庫県", "hyogo"),
    ("奈良県", "nara"), ("和歌山県", "wakayama"), ("鳥取県", "tottori"), ("島根県", "shimane"),
    ("岡山県", "okayama"), ("広島県", "hiroshima"), ("山口県", "yamaguchi"), ("徳島県", "tokushima"),
    ("香川県", "kagawa"), ("愛媛県", "ehime"), ("高知県", "kochi"), ("福岡県", "fukuoka"),
    ("佐賀県", "saga"), ("長崎県", "nagasaki"), ("熊本県", "kumamoto"), ("大分県", "oita"),
    ("宮崎県", "miyazaki"), ("鹿児島県", "kagoshima"), ("沖縄県", "okinawa"),
]
ALL_PREFECTURES = frozenset(name for name, _ in PREFECTURES)
PREFECTURE_ALIASES: dict[str, str] = {}
for _code, (_name, _romaji) in enumerate(PREFECTURES, start=1):
    _short = _name if _name == "北海道" else _name[:-1]
    for _alias in (_name, _short, _romaji, str(_code), f"{_code:02d}"):
        PREFECTURE_ALIASES[_alias] = _name


def load_regions(feeds: pathlib.Path) -> dict[str, frozenset]:
    regions: dict[str, frozenset] = {}
    path = feeds / "regions.yaml"
    if not path.exists():
        return regions
    try:
        doc = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return regions
    for region in doc.get("regions") or []:
        if isinstance(region, dict) and "id" in region:
            prefs = set()
            for item in region.get("prefectures") or []:
                prefs.add(PREFECTURE_ALIASES.get(str(item).strip(), str(item).strip()))
            regions[str(region["id"])] = frozenset(prefs)
            if region.get("name"):
                regions[str(region["name"])] = frozenset(prefs)
    return regions


def scope_set(scope, regions: dict[str, frozenset]) -> frozenset:
    """The prefectures a scope covers; unknown items are kept as themselves."""
    if scope is None:
        return frozenset()
    items = scope if isinstance(scope, list) else [scope]
    result: set = set()
    for item in items:
        text = str(item).strip()
        if text.lower() in ("nationwide", "全国"):
            result |= ALL_PREFECTURES
        elif text in regions:
            result |= regions[text]
        elif text in PREFECTURE_ALIASES:
            result.add(PREFECTURE_ALIASES[text])
        elif text.lower() in PREFECTURE_ALIASES:
            result.add(PREFECTURE_ALIASES[text.lower()])
        else:
            result.add("?" + text)
    return frozenset(result)


def scope_text(scope) -> str:
    if isinstance(scope, list):
        return "[" + ", ".join(str(s) for s in scope) + "]"
    return str(scope)


# ---------------------------------------------------------------------------------------------
# Windows and their instants.


class WindowError(ValueError):
    pass


def parse_instant(value) -> dt.datetime:
    text = str(value).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]24:00(?::00)?(.*)$", text)
    extra_day = False
    if m:  # 24:00 is the next day's 00:00
        text = f"{m.group(1)}T00:00:00{m.group(2)}"
        extra_day = True
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0900 -> +09:00
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise WindowError(f"not an ISO instant: {value!r}") from error
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=JST)  # the schema requires an offset; read it as JST
    if extra_day:
        instant += dt.timedelta(days=1)
    return instant


def parse_date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise WindowError(f"not a date: {value!r}") from error


@dataclass
class Window:
    key: tuple  # ("days", frozenset of dates) | ("timed", start, end) | ("open", start)
    kind: str | None
    tentative: bool
    backup: bool
    cancelled: bool
    scope: object
    wid: str = ""
    line: str = ""  # for messages
    raw: dict = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        if self.key[0] == "days":
            return dt.datetime.combine(min(self.key[1]), dt.time(0), JST)
        return self.key[1]

    @property
    def end(self) -> dt.datetime | None:
        if self.key[0] == "days":
            return dt.datetime.combine(max(self.key[1]) + dt.timedelta(days=1), dt.time(0), JST)
        if self.key[0] == "timed":
            return self.key[2]
        return None

    def describe(self) -> str:
        if self.key[0] == "days":
            days = sorted(self.key[1])
            if len(days) > 2 and (days[-1] - days[0]).days == len(days) - 1:
                when = f"all day {days[0]}..{days[-1]} ({len(days)} days)"
            else:
                when = "all day " + ", ".join(str(d) for d in days)
        elif self.key[0] == "timed":
            when = f"{fmt(self.key[1])} - {fmt(self.key[2])}"
        else:
            when = f"{fmt(self.key[1])} - (open end)"
        flags = [self.kind or "?kind"]
        if self.tentative:
            flags.append("tentative")
        if self.backup:
            flags.append("backup")
        if self.cancelled:
            flags.append("cancelled")
        return f"{when} {' '.join(flags)} scope={scope_text(self.scope)}"


def fmt(instant: dt.datetime) -> str:
    local = instant.astimezone(JST)
    text = local.strftime("%Y-%m-%d %H:%M")
    if instant.utcoffset() != dt.timedelta(hours=9):
        text += f" (given as {instant.isoformat()})"
    return text


def whole_days(start: dt.datetime, end: dt.datetime) -> frozenset | None:
    """The JST dates a timed window covers when it runs exactly from midnight to midnight."""
    s, e = start.astimezone(JST), end.astimezone(JST)
    if s.time() != dt.time(0) or e.time() != dt.time(0) or e <= s:
        return None
    days = (e.date() - s.date()).days
    return frozenset(s.date() + dt.timedelta(days=i) for i in range(days))


def to_window(raw: dict) -> Window:
    if not isinstance(raw, dict):
        raise WindowError(f"a window is not a mapping: {raw!r}")
    open_end = raw.get("open_end") is True
    if raw.get("dates") is not None:
        dates = raw["dates"]
        dates = dates if isinstance(dates, list) else [dates]
        if not dates:
            raise WindowError("empty dates")
        days = frozenset(parse_date(d) for d in dates)
        if open_end:
            key = ("open", dt.datetime.combine(min(days), dt.time(0), JST))
        else:
            key = ("days", days)
    elif raw.get("start") is not None:
        start = parse_instant(raw["start"])
        if raw.get("end") is not None:
            end = parse_instant(raw["end"])
            days = whole_days(start, end)
            key = ("days", days) if days else ("timed", start, end)
        elif open_end:
            key = ("open", start)
        else:
            raise WindowError("start without end or open_end")
    else:
        raise WindowError("neither dates nor start")
    return Window(
        key=key,
        kind=raw.get("kind"),
        tentative=raw.get("tentative") is True,
        backup=raw.get("backup") is True,
        cancelled=raw.get("cancelled") is True,
        scope=raw.get("scope"),
        wid=str(raw.get("id") or ""),
        raw=raw,
    )


def per_day(windows: list) -> list:
    """All-day windows as runs of consecutive days: 「6月6日・13日・14日 終日」 is two windows (6/6 and
    6/13–14) whether it was entered as one `dates:` entry, as three, or as a range; a 33-day closure
    is one window, not 33. Each run keeps the attributes of the entry its first day came from."""
    days: dict = {}
    out = []
    for w in windows:
        if w.key[0] == "days":
            for day in w.key[1]:
                days.setdefault(day, w)
        else:
            out.append(w)
    run: list = []
    for day in sorted(days) + [None]:
        if run and (day is None or day - run[-1] != dt.timedelta(days=1)):
            first = days[run[0]]
            out.append(Window(key=("days", frozenset(run)), kind=first.kind, tentative=first.tentative, backup=first.backup,
                              cancelled=first.cancelled, scope=first.scope, wid=first.wid, line=first.line, raw=first.raw))
            run = []
        if day is not None:
            run.append(day)
    return out


def same_instants(a: Window, b: Window) -> bool:
    return a.key == b.key


def overlaps(a: Window, b: Window) -> bool:
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return a.start < (b.end or far) and b.start < (a.end or far)


# ---------------------------------------------------------------------------------------------
# The corpus.


@dataclass
class Notice:
    number: str
    slug: str
    txt: pathlib.Path
    expected_path: pathlib.Path
    held_out: bool
    expected: list = field(default_factory=list)


def held_out_numbers() -> set[str]:
    """The HELD-OUT rows of the README's notice table."""
    numbers = set()
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.match(r"^\d{3}-", cells[0]) and "HELD-OUT" in cells:
            numbers.add(cells[0][:3])
    if not numbers:
        sys.exit(f"score: no HELD-OUT rows found in {README}")
    return numbers


def load_corpus(folder: pathlib.Path = NOTICES, all_held_out: bool = False) -> list[Notice]:
    held = set() if all_held_out or folder.resolve() != NOTICES else held_out_numbers()
    notices = []
    for txt in sorted(folder.glob("[0-9][0-9][0-9]-*.txt")):
        expected_path = txt.with_name(txt.stem + ".expected.yaml")
        if not expected_path.exists():
            sys.exit(f"score: {expected_path.name} missing")
        doc = load_yaml(expected_path.read_text(encoding="utf-8")) or {}
        try:
            expected = [to_window(w) for w in (doc.get("windows") or [])]
        except WindowError as error:
            sys.exit(f"score: {expected_path.name}: {error}")
        number = txt.name[:3]
        notices.append(Notice(number, txt.stem[4:], txt, expected_path, all_held_out or number in held, expected))
    missing = held - {n.number for n in notices}
    if missing:
        sys.exit(f"score: README names held-out notices that are not in notices/: {sorted(missing)}")
    return notices


def notice_text(txt: pathlib.Path) -> str:
    """The notice without its first `# source:` line."""
    text = txt.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if not first.startswith("# source:"):
        sys.exit(f"score: {txt.name}: first line is not '# source: URL'")
    return rest


# ---------------------------------------------------------------------------------------------
# Running the importer.


@dataclass
class ImportRun:
    ok: bool
    status: str  # "ok", "exit N", "timeout", "cannot run", "bad draft"
    detail: str  # last stderr line, or why the draft could not be read
    stderr: str
    draft_text: str
    windows: list  # Window
    draft_errors: list


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_import(binary: str, text: str, feeds: pathlib.Path, timeout: float = TIMEOUT,
               name: str = "notice.txt") -> ImportRun:
    """Runs BINARY import on TEXT (written to a temporary NAME); paths of the temporary folder
    are cut from what it says."""
    with tempfile.TemporaryDirectory(prefix="outagecal-score-") as tmp:
        run = _run_import(binary, text, feeds, timeout, pathlib.Path(tmp), name)
    prefix = tmp + os.sep
    run.stderr = run.stderr.replace(prefix, "")
    run.detail = run.detail.replace(prefix, "")
    return run


def _run_import(binary: str, text: str, feeds: pathlib.Path, timeout: float,
                tmp: pathlib.Path, name: str) -> ImportRun:
    notice = tmp / name
    notice.write_text(text, encoding="utf-8")
    out = tmp / "draft.yaml"  # must not exist: import refuses to overwrite
    command = [binary, "import", str(notice), "-o", str(out), "--feeds", str(feeds)]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, cwd=tmp, start_new_session=True)
    except OSError as error:
        return ImportRun(False, "cannot run", str(error), "", "", [], [])
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        _, err = process.communicate()
        stderr = err.decode("utf-8", "replace")
        return ImportRun(False, "timeout", f"no answer in {timeout:g} s", stderr, "", [], [])
    stderr = err.decode("utf-8", "replace")
    if process.returncode != 0:
        status = (f"signal {-process.returncode}" if process.returncode < 0
                  else f"exit {process.returncode}")
        return ImportRun(False, status, last_line(stderr), stderr, "", [], [])
    if not out.exists():
        return ImportRun(False, "bad draft", "exit 0 but no draft written", stderr, "", [], [])
    draft_text = out.read_text(encoding="utf-8", errors="replace")
    try:
        doc = load_yaml(draft_text)
    except yaml.YAMLError as error:
        return ImportRun(False, "bad draft", f"draft is not YAML: {str(error).splitlines()[0]}",
                         stderr, draft_text, [], [])
    if not isinstance(doc, dict):
        return ImportRun(False, "bad draft", "draft is not a YAML mapping", stderr, draft_text, [], [])
    windows, errors = [], []
    for i, raw in enumerate(doc.get("windows") or []):
        try:
            windows.append(to_window(raw))
        except WindowError as error:
            wid = raw.get("id") if isinstance(raw, dict) else None
            errors.append(f"invented drafted window {wid or i + 1}: unreadable ({error})")
    return ImportRun(True, "ok", "", stderr, draft_text, windows, errors)


# ---------------------------------------------------------------------------------------------
# Matching.


@dataclass
class Result:
    notice: Notice
    run: ImportRun
    expected: int = 0
    drafted: int = 0
    cancelled: int = 0
    exact: int = 0
    kind: int = 0
    tentative: int = 0
    backup: int = 0
    scope: int = 0
    invented: int = 0
    notes: list = field(default_factory=list)


def attribute_score(e: Window, d: Window, regions) -> tuple:
    return (e.kind == d.kind, e.tentative == d.tentative, e.backup == d.backup,
            scope_set(e.scope, regions) == scope_set(d.scope, regions))


def attribute_differences(e: Window, d: Window, regions) -> list[tuple[str, str, str]]:
    """(field, e's value, d's value) for each of kind, tentative, backup and scope that differ."""
    values = (("kind", e.kind, d.kind), ("tentative", str(e.tentative).lower(), str(d.tentative).lower()),
              ("backup", str(e.backup).lower(), str(d.backup).lower()), ("scope", scope_text(e.scope), scope_text(d.scope)))
    return [value for value, ok in zip(values, attribute_score(e, d, regions)) if not ok]


def score_notice(notice: Notice, run: ImportRun, regions) -> Result:
    expected = per_day(notice.expected)
    result = Result(notice, run, expected=len(expected))
    active = per_day([w for w in run.windows if not w.cancelled])
    result.cancelled = len(run.windows) - len([w for w in run.windows if not w.cancelled])
    result.drafted = len(active)
    result.notes.extend(run.draft_errors)

    # 1. Exact pairs, greedily in expected order; among several drafted windows with the same
    #    instants, the one with the most attributes right.
    free = list(range(len(active)))
    pairs = []
    unmatched_expected = []
    for e in expected:
        candidates = [i for i in free if same_instants(e, active[i])]
        if not candidates:
            unmatched_expected.append(e)
            continue
        best = max(candidates, key=lambda i: sum(attribute_score(e, active[i], regions)))
        free.remove(best)
        pairs.append((e, active[best]))
    result.exact = len(pairs)
    # A drafted window that cannot be read has no exact partner either.
    result.drafted += len(run.draft_errors)
    result.invented = len(free) + len(run.draft_errors)

    for e, d in pairs:
        kind_ok, tentative_ok, backup_ok, scope_ok = attribute_score(e, d, regions)
        result.kind += kind_ok
        result.tentative += tentative_ok
        result.backup += backup_ok
        result.scope += scope_ok
        wrong = [f"{name} {drafted} (expected {expected})" for name, expected, drafted in attribute_differences(e, d, regions)]
        if wrong:
            result.notes.append(f"exact    {describe_when(e)} (drafted {d.wid or 'window'}): "
                                + "; ".join(wrong))

    # 2. For the report only: pair what is left by overlap, to say how close a miss was.
    left = [active[i] for i in free]
    for e in unmatched_expected:
        near = [d for d in left if overlaps(e, d)]
        if near:
            d = min(near, key=lambda w: abs((w.start - e.start).total_seconds()))
            left.remove(d)
            result.notes.append(f"missed   {e.describe()}\n"
                                f"           nearest drafted {d.describe()}"
                                f"{' ' + repr(d.wid) if d.wid else ''} ({miss_reason(e, d)})")
        else:
            result.notes.append(f"missed   {e.describe()}")
    for d in left:
        result.notes.append(f"invented {d.describe()}{' ' + repr(d.wid) if d.wid else ''}")
    for d in run.windows:
        if d.cancelled:
            result.notes.append(f"cancelled (ignored) {d.describe()}")
    return result


def describe_when(w: Window) -> str:
    return w.describe().split(" scope=")[0]


def miss_reason(e: Window, d: Window) -> str:
    reasons = []
    if e.start != d.start:
        reasons.append("start differs")
    if e.end != d.end:
        reasons.append("end differs" if e.end and d.end else "open end on one side only")
    if not reasons:  # same span, different form (e.g. dates vs timed not on whole days)
        reasons.append("different form")
    return ", ".join(reasons)


# ---------------------------------------------------------------------------------------------
# Totals and output.


@dataclass
class Totals:
    notices: int = 0
    expected: int = 0
    drafted: int = 0
    exact: int = 0
    kind: int = 0
    tentative: int = 0
    backup: int = 0
    scope: int = 0
    invented: int = 0
    failed_runs: int = 0

    def add(self, r: Result) -> None:
        self.notices += 1
        for name in ("expected", "drafted", "exact", "kind", "tentative", "backup", "scope", "invented"):
            setattr(self, name, getattr(self, name) + getattr(r, name))
        self.failed_runs += not r.run.ok

    @property
    def exact_pct(self) -> float | None:
        return round(100.0 * self.exact / self.expected, 1) if self.expected else None

    @property
    def invented_per10(self) -> float | None:
        return round(10.0 * self.invented / self.notices, 1) if self.notices else None


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100.0 * n / d:.1f}%)" if d else f"{n}/{d} (n/a)"


def totals_line(label: str, t: Totals) -> str:
    return (f"{label:<22} windows exact: {pct(t.exact, t.expected)}  "
            f"kinds right: {pct(t.kind, t.exact)}  tentative right: {pct(t.tentative, t.exact)}  "
            f"backup right: {pct(t.backup, t.exact)}  scope right: {pct(t.scope, t.exact)}  "
            f"invented: {t.invented} (per ten notices: {t.invented_per10})  "
            f"[{t.notices} notices, {t.drafted} drafted, {t.failed_runs} drafted nothing]")


def notice_line(r: Result) -> str:
    n = r.notice
    tag = "HELD-OUT" if n.held_out else "tuned   "
    head = f"{n.number} {n.slug[:44]:<44} {tag}"
    if r.expected:
        body = (f"exact {r.exact}/{r.expected}  kind {r.kind}  tent {r.tentative}  "
                f"backup {r.backup}  scope {r.scope}  invented {r.invented}")
    else:
        body = f"negative  drafted {r.drafted}  invented {r.invented}" + ("  ok" if not r.invented else "")
    if r.cancelled:
        body += f"  cancelled {r.cancelled}"
    if not r.run.ok:
        detail = r.run.detail or "(nothing on stderr)"
        if len(detail) > 110:
            detail = detail[:107] + "..."
        body += f"  [drafted nothing: {r.run.status}: {detail}]"
    return f"{head} {body}"


def read_floor(path: pathlib.Path) -> dict[str, float]:
    floor = {}
    if not path.exists():
        sys.exit(f"score: floor file {path} missing; write one with --write-floor")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, value = line.partition("=")
        try:
            floor[name.strip()] = float(value)
        except ValueError:
            sys.exit(f"score: {path}: not a number: {line!r}")
    for name in ("exact_all", "exact_heldout", "invented_per10"):
        if name not in floor:
            sys.exit(f"score: {path}: no {name}=")
    return floor


def write_floor(path: pathlib.Path, all_t: Totals, held_t: Totals, binary: str) -> None:
    try:
        built = dt.datetime.fromtimestamp(pathlib.Path(binary).stat().st_mtime, dt.timezone.utc)
        built_text = f" (built {built.strftime('%Y-%m-%d %H:%M UTC')})"
    except OSError:
        built_text = ""
    path.write_text(
        "# Regression floor for Tests/Corpus/score.py (rewrite with --write-floor).\n"
        f"# Written {dt.date.today().isoformat()} from a run of {binary}{built_text}.\n"
        "# exact_* = % of expected windows drafted exactly; invented_per10 = drafted windows with no\n"
        "# exact expected partner, per ten notices. score.py --floor fails when exact drops below\n"
        "# or invented rises above these.\n"
        f"exact_all={all_t.exact_pct or 0.0}\n"
        f"exact_heldout={held_t.exact_pct or 0.0}\n"
        f"invented_per10={all_t.invented_per10 or 0.0}\n",
        encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=str(DEFAULT_BINARY),
                        help=f"the outagecal binary (default {DEFAULT_BINARY})")
    parser.add_argument("--floor", type=pathlib.Path, help="fail if the run is below this floor")
    parser.add_argument("--write-floor", action="store_true",
                        help=f"rewrite the floor file (--floor FILE, default {DEFAULT_FLOOR}) from this run")
    parser.add_argument("--only", choices=("held-out", "tuned", "all"), default="all")
    parser.add_argument("--verbose", "-v", action="store_true", help="also print the mismatches")
    parser.add_argument("--feeds", type=pathlib.Path, default=DEFAULT_FEEDS)
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per notice")
    parser.add_argument("--notices", type=pathlib.Path, default=NOTICES,
                        help=f"the folder of NNN-*.txt and NNN-*.expected.yaml (default {NOTICES})")
    parser.add_argument("--all-held-out", action="store_true",
                        help="every notice of --notices is held out (a batch nobody tunes to, e.g. Tests/Corpus/heldout)")
    args = parser.parse_args()

    if args.write_floor and args.only != "all":
        parser.error("--write-floor needs a run over all notices (--only all)")
    binary = args.binary
    if os.sep in binary:  # the importer runs in a temporary folder: make the path absolute
        binary = str(pathlib.Path(binary).resolve())
        if not os.access(binary, os.X_OK):
            print(f"score: {binary} is not an executable file; every notice will draft nothing",
                  file=sys.stderr)
    args.feeds = args.feeds.resolve()
    regions = load_regions(args.feeds)

    notices = load_corpus(args.notices, args.all_held_out)
    if args.only == "held-out":
        notices = [n for n in notices if n.held_out]
    elif args.only == "tuned":
        notices = [n for n in notices if not n.held_out]

    results = []
    for notice in notices:
        run = run_import(binary, notice_text(notice.txt), args.feeds, args.timeout, notice.txt.name)
        result = score_notice(notice, run, regions)
        results.append(result)
        print(notice_line(result), flush=True)
        if args.verbose:
            if not run.ok and run.stderr.strip():
                for line in run.stderr.strip().splitlines()[-3:]:
                    print(f"      stderr: {line}")
            for note in result.notes:
                print(f"    - {note}")

    all_t, tuned_t, held_t = Totals(), Totals(), Totals()
    for r in results:
        all_t.add(r)
        (held_t if r.notice.held_out else tuned_t).add(r)
    print()
    if tuned_t.notices and held_t.notices:
        print(totals_line(f"all ({all_t.notices}):", all_t))
    if tuned_t.notices:
        print(totals_line(f"tuned ({tuned_t.notices}):", tuned_t))
    if held_t.notices:
        print(totals_line(f"held-out ({held_t.notices}):", held_t))

    status = 0
    if args.floor and not (args.write_floor and not args.floor.exists()):
        floor = read_floor(args.floor)
        failures, skipped = [], []
        if args.only == "all":
            if (all_t.exact_pct or 0.0) < floor["exact_all"]:
                failures.append(f"exact on all notices {all_t.exact_pct}% is below the floor "
                                f"{floor['exact_all']}%")
            if (all_t.invented_per10 or 0.0) > floor["invented_per10"]:
                failures.append(f"invented per ten notices {all_t.invented_per10} is above the floor "
                                f"{floor['invented_per10']}")
        else:
            skipped.append("exact_all and invented_per10 (not a run over all notices)")
        if held_t.notices:
            if (held_t.exact_pct or 0.0) < floor["exact_heldout"]:
                failures.append(f"exact on held-out notices {held_t.exact_pct}% is below the floor "
                                f"{floor['exact_heldout']}%")
        else:
            skipped.append("exact_heldout (no held-out notice in this run)")
        print()
        for s in skipped:
            print(f"floor: not checked: {s}")
        for f in failures:
            print(f"floor: FAIL: {f}")
        if not failures:
            print(f"floor: ok (exact_all={floor['exact_all']} exact_heldout={floor['exact_heldout']} "
                  f"invented_per10={floor['invented_per10']}, from {args.floor})")
        status = 1 if failures else 0
    if args.write_floor:
        path = args.floor or DEFAULT_FLOOR
        write_floor(path, all_t, held_t, args.binary)
        print(f"floor: wrote {path}")

    def show(value, unit=""):
        return "n/a" if value is None else f"{value}{unit}"

    print(f"score: exact={show(all_t.exact_pct, '%')} heldout={show(held_t.exact_pct, '%')} "
          f"invented_per10={show(all_t.invented_per10)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
