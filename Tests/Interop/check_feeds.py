#!/usr/bin/env python3
"""Independent interop checker for OutageCal feeds.

    check_feeds.py FEEDS_DIR [--source DIR]

Computes the expected feeds from regions.yaml and notices/*.yaml (in --source,
default FEEDS_DIR) without using any OutageCal code, then parses every
generated .ics with each third-party parser that can be imported:
icalendar, vobject, ics (ics-py) and recurring-ical-events.  Under Debian's
/usr/bin/python3 only Debian's (older) icalendar is there, so only that runs.
Parser-independent raw-text checks run once per feed as the pseudo-parser "raw".

Prints one FAIL line per problem, then "N passed, M failed" (feed x parser
checks).  Exit status: 0 all passed, 1 any failure, 2 bad usage or bad YAML.
"""
import argparse
import glob
import os
import re
import sys
from datetime import date, datetime, timedelta, timezone

import yaml

# JIS X 0401 order: code = index + 1.  Short names drop the 都/府/県 suffix
# (北海道 stays 北海道), so they are derived rather than listed.
PREFECTURES = [
    ("北海道", "hokkaido"), ("青森県", "aomori"), ("岩手県", "iwate"),
    ("宮城県", "miyagi"), ("秋田県", "akita"), ("山形県", "yamagata"),
    ("福島県", "fukushima"), ("茨城県", "ibaraki"), ("栃木県", "tochigi"),
    ("群馬県", "gunma"), ("埼玉県", "saitama"), ("千葉県", "chiba"),
    ("東京都", "tokyo"), ("神奈川県", "kanagawa"), ("新潟県", "niigata"),
    ("富山県", "toyama"), ("石川県", "ishikawa"), ("福井県", "fukui"),
    ("山梨県", "yamanashi"), ("長野県", "nagano"), ("岐阜県", "gifu"),
    ("静岡県", "shizuoka"), ("愛知県", "aichi"), ("三重県", "mie"),
    ("滋賀県", "shiga"), ("京都府", "kyoto"), ("大阪府", "osaka"),
    ("兵庫県", "hyogo"), ("奈良県", "nara"), ("和歌山県", "wakayama"),
    ("鳥取県", "tottori"), ("島根県", "shimane"), ("岡山県", "okayama"),
    ("広島県", "hiroshima"), ("山口県", "yamaguchi"), ("徳島県", "tokushima"),
    ("香川県", "kagawa"), ("愛媛県", "ehime"), ("高知県", "kochi"),
    ("福岡県", "fukuoka"), ("佐賀県", "saga"), ("長崎県", "nagasaki"),
    ("熊本県", "kumamoto"), ("大分県", "oita"), ("宮崎県", "miyazaki"),
    ("鹿児島県", "kagoshima"), ("沖縄県", "okinawa"),
]
assert len(PREFECTURES) == 47
ALL_CODES = frozenset(range(1, 48))
PREF_BY_NAME = {}
for _code, (_full, _romaji) in enumerate(PREFECTURES, 1):
    _short = _full if _full == "北海道" else _full[:-1]
    for _name in (_full, _short, _romaji, str(_code), "%02d" % _code):
        PREF_BY_NAME[_name] = _code


class OracleError(Exception):
    """The YAML itself is unusable; not a feed failure."""


# ----------------------------------------------------------------- the oracle

class Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as the strings written in the file:
    PyYAML versions disagree on whether offset timestamps come back aware or
    as naive UTC, and a naive value would be ambiguous."""


Loader.add_constructor("tag:yaml.org,2002:timestamp",
                       lambda loader, node: loader.construct_scalar(node))


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def instant(value, what):
    """An ISO 8601 value with offset (str, or datetime if a plain SafeLoader
    was used) as an aware UTC datetime."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise OracleError("%s: not an ISO 8601 date-time: %r" % (what, value))
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise OracleError("%s: needs a date-time with a UTC offset, got %r" % (what, value))
    return value.astimezone(timezone.utc)


def prefecture(item, what):
    key = str(item).strip()
    code = PREF_BY_NAME.get(key) or PREF_BY_NAME.get(key.lower())
    if code is None:
        raise OracleError("%s: unknown region or prefecture %r" % (what, item))
    return code


def build_oracle(source):
    """Returns (regions {id: set of codes}, events {uid: dict}, feeds {relpath: set of uids})."""
    regions = {}
    for r in (load_yaml(os.path.join(source, "regions.yaml")) or {}).get("regions", []):
        regions[r["id"]] = {prefecture(p, "region %s" % r["id"]) for p in r["prefectures"]}
    events = {}
    notice_files = sorted(glob.glob(os.path.join(source, "notices", "*.yaml")))
    if not notice_files:
        raise OracleError("no notices/*.yaml under %s" % source)
    for path in notice_files:
        n = load_yaml(path)
        updated = instant(n["updated"], "%s: updated" % path)
        for w in n.get("windows") or []:
            where = "%s: window %s" % (path, w.get("id"))
            scope = w["scope"]
            codes = set()
            for item in [scope] if isinstance(scope, str) else scope:
                if item == "nationwide":
                    codes |= ALL_CODES
                elif item in regions:
                    codes |= regions[item]
                else:
                    codes.add(prefecture(item, where))
            systems = w.get("systems") or n["systems"]
            systems = [systems] if isinstance(systems, str) else systems
            status = ("CANCELLED" if w.get("cancelled") else
                      "TENTATIVE" if w.get("tentative") or w.get("backup") else "CONFIRMED")
            if "dates" in w:
                # All-day: one event per date, a whole day in Asia/Tokyo.
                dates = w["dates"] if isinstance(w["dates"], list) else [w["dates"]]
                spans, days = [], []
                for text in sorted(str(d) for d in dates):
                    day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=JST)
                    spans.append((day.astimezone(timezone.utc), (day + timedelta(days=1)).astimezone(timezone.utc)))
                    days.append(day.date())
            else:
                start = instant(w["start"], where + " start")
                # An open end has no DTEND: the event is the moment the stop begins.
                spans = [(start, start if w.get("open_end") else instant(w["end"], where + " end"))]
                days = [None]
            for index, (start, end) in enumerate(spans):
                uid = "%s.%s%s@outagecal" % (n["id"], w["id"], "" if index == 0 else ".%d" % (index + 1))
                if uid in events:
                    raise OracleError("%s: duplicate UID %s" % (where, uid))
                # date: the day of an all-day event (None if timed); clients/compare.py needs it.
                events[uid] = dict(start=start, end=end, status=status, sequence=int(n["revision"]),
                                   updated=updated, codes=codes, systems=set(systems), date=days[index])
    feeds = {"all.ics": set(events)}
    for rid, codes in regions.items():
        feeds[rid + ".ics"] = {u for u, e in events.items() if e["codes"] & codes}
    for code, (_, romaji) in enumerate(PREFECTURES, 1):
        feeds["prefectures/%02d-%s.ics" % (code, romaji)] = \
            {u for u, e in events.items() if code in e["codes"]}
    for system in (load_yaml(os.path.join(source, "systems.yaml")) or {}).get("systems", []):
        feeds["systems/%s.ics" % system["id"]] = {u for u, e in events.items() if system["id"] in e["systems"]}
    return regions, events, feeds


# ------------------------------------------------------ the parser adapters
# Each takes the feed's bytes and returns [(uid, start, end, status, sequence)]
# plus a list of extra problems it found; compare() does the common part.

JST = timezone(timedelta(hours=9))


def utc(value, what):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    if isinstance(value, date) and not isinstance(value, datetime):
        # An all-day value: the feed says X-WR-TIMEZONE:Asia/Tokyo, so a whole day in Japan.
        return datetime(value.year, value.month, value.day, tzinfo=JST).astimezone(timezone.utc)
    kind = "floating (no zone)" if isinstance(value, datetime) else type(value).__name__
    raise ValueError("%s is %s: %r" % (what, kind, value))


def icalendar_events(data, events):
    """icalendar: the full structural check lives here, as this is the one
    parser both interpreters have."""
    import icalendar
    cal = icalendar.Calendar.from_ical(data)
    problems = []
    # Newer icalendar versions are lenient and record what they could not
    # parse on the component instead of raising.
    for comp in cal.walk():
        for err in getattr(comp, "errors", None) or []:
            problems.append("%s parse error: %s" % (comp.name, err))
    if str(cal.get("VERSION", "")) != "2.0":
        problems.append("VERSION is %r, want 2.0" % cal.get("VERSION"))
    for name in ("PRODID", "X-WR-CALNAME", "NAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        if name not in cal or not cal[name].to_ical().strip():
            problems.append("calendar has no %s" % name)
    if "REFRESH-INTERVAL" in cal and cal["REFRESH-INTERVAL"].params.get("VALUE") != "DURATION":
        problems.append("REFRESH-INTERVAL lacks VALUE=DURATION (RFC 7986 5.7)")
    if str(cal.get("X-WR-TIMEZONE", "")) != "Asia/Tokyo":
        problems.append("X-WR-TIMEZONE is %r, want Asia/Tokyo" % cal.get("X-WR-TIMEZONE"))
    defined = set()
    for tz in cal.walk("VTIMEZONE"):
        tzid = str(tz.get("TZID"))
        defined.add(tzid)
        rules = [c.name for c in tz.subcomponents]
        if tzid == "Asia/Tokyo" and rules != ["STANDARD"]:
            problems.append("VTIMEZONE Asia/Tokyo has rules %s, want one STANDARD" % rules)
        for rule in tz.subcomponents:
            for name in ("TZOFFSETFROM", "TZOFFSETTO"):
                off = rule.get(name)
                if off is None or off.td != timedelta(hours=9):
                    problems.append("VTIMEZONE %s %s %s is %s, want +0900" % (
                        tzid, rule.name, name, hhmm(off.td) if off is not None else "missing"))
    out = []
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID"))
        for name in ("DTSTART", "DTEND"):
            tzid = ev[name].params.get("TZID") if name in ev else None
            if tzid is not None and (tzid != "Asia/Tokyo" or tzid not in defined):
                problems.append("%s: %s TZID=%s (want Asia/Tokyo with a VTIMEZONE)" % (uid, name, tzid))
        for name in ("SUMMARY", "DESCRIPTION"):
            if not str(ev.get(name, "")).strip():
                problems.append("%s: empty or missing %s" % (uid, name))
        if not any(str(a.get("ACTION", "")).upper() == "DISPLAY" and str(a.get("DESCRIPTION", "")).strip()
                   for a in ev.walk("VALARM")):
            problems.append("%s: no VALARM with ACTION:DISPLAY and a DESCRIPTION" % uid)
        want = events.get(uid)
        for name in ("DTSTAMP", "LAST-MODIFIED"):
            got = utc(ev.decoded(name), name) if name in ev else None
            if want and got != want["updated"]:
                problems.append("%s: %s %s, want %s (notice updated)" % (uid, name, fmt(got), fmt(want["updated"])))
        start = utc(ev.decoded("DTSTART"), "DTSTART")
        end = (utc(ev.decoded("DTEND"), "DTEND") if "DTEND" in ev else
               start + ev.decoded("DURATION") if "DURATION" in ev else start)
        out.append((uid, start, end, str(ev.get("STATUS", "")), int(ev.get("SEQUENCE", 0))))
    return out, problems


def vobject_events(data, events):
    import vobject
    # validate=True runs vobject's own per-property validation as well.
    cal = vobject.readOne(data.decode("utf-8"), validate=True)
    out = []
    for ev in getattr(cal, "vevent_list", []):
        start = utc(ev.dtstart.value, "DTSTART")
        end = (utc(ev.dtend.value, "DTEND") if hasattr(ev, "dtend") else
               start + ev.duration.value if hasattr(ev, "duration") else start)
        status = ev.status.value if hasattr(ev, "status") else ""
        seq = int(ev.sequence.value) if hasattr(ev, "sequence") else 0
        out.append((ev.uid.value, start, end, status, seq))
    return out, []


def ics_events(data, events):
    import ics
    # ics-py 0.7.x has no strictness switch: Calendar(str) is its only (and
    # strict) mode, raising on malformed content lines, a missing PRODID,
    # unbalanced BEGIN/END, VTIMEZONEs dateutil cannot read, DTEND before
    # DTSTART.  0.8 (pre-release) changed the API; fail loudly if we get it.
    if not ics.__version__.startswith("0.7."):
        raise RuntimeError("ics %s: checker only knows the 0.7.x API" % ics.__version__)
    cal = ics.Calendar(data.decode("utf-8"))
    out = []
    # Note: cal.events is a set hashed by UID, so ics cannot report duplicate
    # UIDs; icalendar and vobject do.  0.7 keeps SEQUENCE only in .extra.
    for ev in cal.events:
        seqs = [int(line.value) for line in ev.extra if getattr(line, "name", "") == "SEQUENCE"]
        # ics-py reads a DATE as midnight UTC; the day it names is what counts.
        begin, end = ((ev.begin.date(), ev.end.date()) if ev.all_day else (ev.begin.datetime, ev.end.datetime))
        out.append((ev.uid, utc(begin, "DTSTART"), utc(end, "DTEND"),
                    ev.status or "", seqs[0] if seqs else 0))
    return out, []


def recurring_events(data, events):
    import icalendar
    import recurring_ical_events
    cal = icalendar.Calendar.from_ical(data)
    # recurring-ical-events does not drop STATUS:CANCELLED events (its test
    # test_issue_18_cancel_status keeps them, and so does 3.8.x in practice),
    # so the full expected set, cancelled windows included, is compared.
    occ = recurring_ical_events.of(cal).between(datetime(1970, 1, 1), datetime(2100, 1, 1))
    out = []
    for ev in occ:
        out.append((str(ev.get("UID")), utc(ev.decoded("DTSTART"), "DTSTART"),
                    utc(ev.decoded("DTEND"), "DTEND") if "DTEND" in ev else utc(ev.decoded("DTSTART"), "DTSTART"),
                    str(ev.get("STATUS", "")),
                    int(ev.get("SEQUENCE", 0))))
    return out, []


PARSERS = [  # (name, module to import, PyPI distribution, adapter)
    ("icalendar", "icalendar", "icalendar", icalendar_events),
    ("vobject", "vobject", "vobject", vobject_events),
    ("ics", "ics", "ics", ics_events),
    ("recurring-ical-events", "recurring_ical_events", "recurring-ical-events", recurring_events),
]


def available_parsers():
    found, missing = [], []
    for name, module, dist, adapter in PARSERS:
        try:
            mod = __import__(module)
        except ImportError:
            missing.append(name)
            continue
        try:
            from importlib.metadata import version
            ver = version(dist)
        except Exception:
            ver = getattr(mod, "__version__", "?")
        found.append((name, ver, os.path.dirname(mod.__file__), adapter))
    return found, missing


# ----------------------------------------------------------------- checking

def hhmm(td):
    minutes = int(td.total_seconds()) // 60
    return "%s%02d%02d" % ("-" if minutes < 0 else "+", abs(minutes) // 60, abs(minutes) % 60)


def fmt(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(dt, datetime) else repr(dt)


def compare(got, want_uids, events):
    problems = []
    seen = {}
    for uid, start, end, status, seq in got:
        if uid in seen:
            problems.append("duplicate UID %s" % uid)
            continue
        seen[uid] = True
        if uid not in want_uids:
            problems.append("unexpected UID %s" % uid)
            continue
        e = events[uid]
        for field, g, w in (("DTSTART", start, e["start"]), ("DTEND", end, e["end"])):
            if g != w:
                problems.append("%s: %s %s, want %s" % (uid, field, fmt(g), fmt(w)))
        if status.upper() != e["status"]:
            problems.append("%s: STATUS %r, want %s" % (uid, status, e["status"]))
        if seq != e["sequence"]:
            problems.append("%s: SEQUENCE %r, want %d" % (uid, seq, e["sequence"]))
    problems += ["missing UID %s" % u for u in sorted(want_uids - set(seen))]
    return problems


UTC_STAMP = re.compile(r"^(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z$")


def raw_problems(data):
    """Line-level RFC 5545 checks on the bytes, independent of any parser."""
    problems = []
    lines = data.split(b"\r\n")
    if lines[-1] != b"":
        problems.append("file does not end with CRLF")
    lines = lines[:-1] if lines[-1] == b"" else lines
    for no, line in enumerate(lines, 1):
        if b"\r" in line or b"\n" in line:
            problems.append("line %d: bare CR or LF" % no)
        if len(line) > 75:
            problems.append("line %d: %d octets (max 75)" % (no, len(line)))
        if not line.strip():
            problems.append("line %d: empty or whitespace-only" % no)
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append("line %d: invalid UTF-8 (%s)" % (no, e.reason))
    unfolded = re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8", "replace").split("\r\n")
    for line in unfolded:
        if re.match(r"(DTSTAMP|LAST-MODIFIED)[;:]", line) and not UTC_STAMP.match(line):
            problems.append("not written in UTC: %s" % line)
    if b"freeassociation.sourceforge.net" in data:
        problems.append("contains a freeassociation.sourceforge.net TZID")
    if len(problems) > 20:  # one bad fold rule tends to break every long line
        problems = problems[:20] + ["... and %d more" % (len(problems) - 20)]
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("feeds_dir", help="directory holding all.ics, <region>.ics, prefectures/")
    ap.add_argument("--source", help="directory with regions.yaml and notices/ (default: FEEDS_DIR)")
    args = ap.parse_args()
    source = args.source or args.feeds_dir
    try:
        regions, events, feeds = build_oracle(source)
    except (OracleError, OSError, KeyError, TypeError, yaml.YAMLError) as e:
        print("error: cannot compute expected feeds from %s (use --source DIR?): %s: %s"
              % (source, type(e).__name__, e))
        return 2

    parsers, missing = available_parsers()
    print("interpreter: %s (Python %s)" % (sys.executable, sys.version.split()[0]))
    for name, ver, where, _ in parsers:
        print("checking with: %s %s (%s)" % (name, ver, where))
    if missing:
        print("not available here, skipped: %s" % ", ".join(missing))
    if not parsers:
        print("error: no parser importable")
        return 2
    print("oracle: %d event(s), %d region(s), %d feed(s) from %s" % (
        len(events), len(regions), len(feeds), source))

    passed = failed = 0

    def report(feed, parser, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            for p in problems:
                print("FAIL %s [%s]: %s" % (feed, parser, p))
        else:
            passed += 1

    present = {os.path.relpath(p, args.feeds_dir) for p in
               glob.glob(os.path.join(args.feeds_dir, "*.ics")) +
               glob.glob(os.path.join(args.feeds_dir, "prefectures", "*.ics")) +
               glob.glob(os.path.join(args.feeds_dir, "systems", "*.ics"))}
    for extra in sorted(present - set(feeds)):
        report(extra, "files", ["unexpected feed file (no such region or prefecture)"])
    for feed in sorted(feeds):
        path = os.path.join(args.feeds_dir, feed)
        if feed not in present:
            report(feed, "files", ["feed file missing"])
            continue
        with open(path, "rb") as f:
            data = f.read()
        report(feed, "raw", raw_problems(data))
        for name, _, _, adapter in parsers:
            try:
                got, problems = adapter(data, events)
                problems += compare(got, feeds[feed], events)
            except Exception as e:  # any parser exception is a failure
                problems = ["parser raised %s: %s" % (type(e).__name__, str(e)[:300])]
            report(feed, name, problems)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
