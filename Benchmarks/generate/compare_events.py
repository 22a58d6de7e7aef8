#!/usr/bin/env python3
"""Checks that two `generate` outputs hold the same feeds with the same events.

    compare_events.py OUT_SWIFT OUT_PYTHON [--show 3]

Compares the sets of .ics files (index.html and other files are not compared), then in each
feed the calendar's own properties (not PRODID: each side names itself) and VTIMEZONE, then the
events, keyed by UID: every property of each VEVENT except DTSTAMP (UID, SUMMARY, DESCRIPTION,
LOCATION, CATEGORIES, STATUS, SEQUENCE, DTSTART/DTEND as instants with their DATE-ness and
TZID, URL, X-OUTAGECAL-*, …) and its VALARMs in order (ACTION, TRIGGER with RELATED,
DESCRIPTION). Values are compared as python `icalendar` parses them, so property order, line
folding and escaping do not matter; X- values are unescaped as TEXT. A different order of the
events in a feed is reported but is not a difference.

Prints "N feeds, M events identical", or the first differences of each property, and exits 1
on any difference (2 on bad usage). Needs: pip install icalendar.

An event is repeated across many feeds, and its copies differ at most in the DESCRIPTION's area
line, so each distinct VEVENT text is read once and each distinct content line parsed once (and
kept only as a digest); only events whose digests differ are parsed again to show how. The check
of 2,000 windows (24,509 events, 84 MB a side) takes about 25 s and 75 MB; of 10,000 windows,
some two minutes.
"""

import argparse
import datetime as dt
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from icalendar import Calendar, Component
from icalendar.prop import vCategory, vDDDLists, vDDDTypes, vDuration, vUnknown, vUTCOffset

VEVENT = re.compile(rb"^BEGIN:VEVENT\r?\n.*?^END:VEVENT\r?\n", re.MULTILINE | re.DOTALL)
UNFOLD = re.compile(rb"\r?\n[ \t]")
IGNORED_EVENT = {"DTSTAMP"}
IGNORED_CALENDAR = {"PRODID"}
TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape(text: str) -> str:
    return TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def moment(value):
    """A DATE, a DATE-TIME (as a UTC instant when it has a zone), a duration or a period."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return ("DATE-TIME floating", value.isoformat())
        return ("DATE-TIME", value.astimezone(dt.timezone.utc).isoformat())
    if isinstance(value, dt.date):
        return ("DATE", value.isoformat())
    if isinstance(value, dt.timedelta):
        return ("DURATION", int(value.total_seconds()))
    return ("OTHER", repr(value))


def value_of(prop):
    """A property's value in a form that compares equal whatever the writer's layout."""
    if isinstance(prop, vDDDTypes):
        return moment(prop.dt)
    if isinstance(prop, (vDuration, vUTCOffset)):
        return moment(prop.td)
    if isinstance(prop, vCategory):
        return tuple(str(c) for c in prop.cats)
    if isinstance(prop, vDDDLists):
        return tuple(moment(d.dt) for d in prop.dts)
    if isinstance(prop, vUnknown):  # X- properties: TEXT, escaped as RFC 5545 §3.3.11 says
        return unescape(str(prop))
    if isinstance(prop, (int, float)):
        return prop
    return str(prop)


def params_of(prop) -> tuple:
    params = getattr(prop, "params", None) or {}
    return tuple(sorted((str(k).upper(), str(v)) for k, v in params.items()))


def properties(component: Component, ignored: set) -> dict:
    """{NAME: ((value, params), …)} of a component's own properties (not its children's)."""
    result = {}
    for name, props in component.items():
        name = name.upper()
        if name in ignored:
            continue
        props = props if isinstance(props, list) else [props]
        result[name] = tuple(sorted(((value_of(p), params_of(p)) for p in props), key=repr))
    return result


def parse_line(kind: bytes, line: bytes):
    """(NAME, ((value, params), …)) of one content line, parsed by icalendar inside a one-line
    component of the kind that holds it (VEVENT or VALARM)."""
    component = Component.from_ical(b"BEGIN:" + kind + b"\r\n" + line + b"\r\nEND:" + kind + b"\r\n")
    ((name, values),) = properties(component, set()).items()
    return name, values


def lines_of(raw: bytes):
    """(kind, line) of each property line of a VEVENT, the alarm's number with it: kind is
    b"VEVENT" or b"VALARM", number 0 for the event's own lines."""
    alarm = 0
    inside = False
    for line in UNFOLD.sub(b"", raw).split(b"\n"):
        line = line.rstrip(b"\r")
        if not line or line in (b"BEGIN:VEVENT", b"END:VEVENT"):
            continue
        if line == b"BEGIN:VALARM":
            alarm += 1
            inside = True
        elif line == b"END:VALARM":
            inside = False
        elif line.startswith(b"BEGIN:"):
            raise ValueError(f"unexpected {line.decode()} in a VEVENT")
        else:
            yield (b"VALARM" if inside else b"VEVENT"), (alarm if inside else 0), line


# Most lines of an event repeat across its copies in many feeds (only the DESCRIPTION's area
# line changes with the feed), so each distinct line is parsed once; what is kept of it is its
# name and a digest of its parsed value and parameters (its value too for UID).
LINES = {}


def line_digest(kind: bytes, line: bytes):
    key = (kind, line if len(line) < 64 else hashlib.blake2b(line, digest_size=16).digest())
    found = LINES.get(key)
    if found is None:
        name, values = parse_line(kind, line)
        digest = hashlib.blake2b(repr((name, values)).encode(), digest_size=16).digest()
        found = LINES[key] = (name, digest, values[0][0] if name == "UID" else None)
    return found


class Event:
    """One VEVENT as compared: its UID and a digest of everything compared (its properties but
    DTSTAMP, in any order; its VALARMs in order, each one's properties in any order)."""
    __slots__ = ("uid", "signature")

    def __init__(self, raw: bytes):
        self.uid = ""
        parts = []
        for kind, alarm, line in lines_of(raw):
            name, digest, value = line_digest(kind, line)
            if alarm == 0 and name in IGNORED_EVENT:
                continue
            if name == "UID" and alarm == 0:
                self.uid = value
            parts.append(alarm.to_bytes(2, "big") + digest)
        self.signature = hashlib.blake2b(b"".join(sorted(parts)), digest_size=16).digest()


def details(raw: bytes):
    """({NAME: values} of the event, [{NAME: values} of each alarm]), parsed afresh."""
    props, alarms = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for kind, alarm, line in lines_of(raw):
        name, values = parse_line(kind, line)
        if alarm == 0 and name not in IGNORED_EVENT:
            props[name].extend(values)
        elif alarm:
            alarms[alarm][name].extend(values)
    def tidy(found):
        return {n: tuple(sorted(v, key=repr)) for n, v in found.items()}
    return tidy(props), [tidy(alarms[i]) for i in sorted(alarms)]


def differences(raw_a: bytes, raw_b: bytes) -> list:
    """[(property, one side's value, the other's)] where two events differ."""
    (pa, aa), (pb, ab) = details(raw_a), details(raw_b)
    found = []
    for name in sorted(set(pa) | set(pb)):
        if pa.get(name) != pb.get(name):
            found.append((name, *show_pair(pa.get(name), pb.get(name))))
    if len(aa) != len(ab):
        found.append(("VALARM count", len(aa), len(ab)))
    else:
        for i, (da, db) in enumerate(zip(aa, ab), start=1):
            for name in sorted(set(da) | set(db)):
                if da.get(name) != db.get(name):
                    found.append((f"VALARM {i} {name}", *show_pair(da.get(name), db.get(name))))
    return found or [("(same values, different digest)", "", "")]


def show(values) -> str:
    if values is None:
        return "(none)"
    parts = []
    for value, params in values:
        text = repr(value) if not isinstance(value, str) else value.replace("\n", "\\n")
        parts.append((";".join(f"{k}={v}" for k, v in params) + ":" if params else "") + text)
    shown = " | ".join(parts)
    return shown if len(shown) <= 160 else shown[:160] + "…"


def show_pair(a, b) -> tuple:
    """Both sides of a difference; two texts are shown from a little before where they part."""
    if a and b and len(a) == len(b) == 1 and isinstance(a[0][0], str) and isinstance(b[0][0], str) and a[0][1] == b[0][1]:
        x, y = a[0][0], b[0][0]
        common = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
        start = max(0, common - 30)
        def cut(t):
            piece = t[start:common + 60].replace("\n", "\\n")
            return ("…" if start else "") + piece + ("…" if len(t) > common + 60 else "")
        return f"{cut(x)}  (length {len(x)}, from char {common})", f"{cut(y)}  (length {len(y)})"
    return show(a), show(b)


class Side:
    """One output folder: its feeds, each as its calendar properties and its events."""

    def __init__(self, root: Path):
        self.root = root
        self.files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.ics") if p.is_file())
        self.cache = {}  # digest of a VEVENT's bytes -> Event

    def read(self, name: str):
        data = (self.root / name).read_bytes()
        events, rest, last = [], [], 0
        for match in VEVENT.finditer(data):
            rest.append(data[last:match.start()])
            last = match.end()
            raw = match.group(0)
            key = hashlib.blake2b(raw, digest_size=16).digest()
            event = self.cache.get(key)
            if event is None:
                event = self.cache[key] = Event(raw)
            events.append((event, raw))
        rest.append(data[last:])
        calendar = Calendar.from_ical(b"".join(rest))
        head = properties(calendar, IGNORED_CALENDAR)
        zones = tuple(
            (sub.name, tuple(sorted(properties(sub, set()).items())))
            for zone in calendar.walk("VTIMEZONE") for sub in zone.walk()
        )
        others = sorted({sub.name for sub in calendar.subcomponents if sub.name not in ("VTIMEZONE",)})
        return head, zones, others, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("swift", type=Path)
    parser.add_argument("python", type=Path)
    parser.add_argument("--show", type=int, default=3, help="examples shown per differing property (default 3)")
    args = parser.parse_args()
    for folder in (args.swift, args.python):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")

    swift, python = Side(args.swift), Side(args.python)
    problems = defaultdict(list)  # what differs -> examples
    counts = defaultdict(int)

    def note(kind: str, example: str):
        counts[kind] += 1
        if len(problems[kind]) < args.show:
            problems[kind].append(example)

    only_swift = sorted(set(swift.files) - set(python.files))
    only_python = sorted(set(python.files) - set(swift.files))
    for name in only_swift:
        note("feed only in Swift's output", name)
    for name in only_python:
        note("feed only in Python's output", name)

    common = sorted(set(swift.files) & set(python.files))
    events_same = 0
    uids = set()
    reordered = []
    for name in common:
        s_head, s_zones, s_others, s_events = swift.read(name)
        p_head, p_zones, p_others, p_events = python.read(name)
        for prop in sorted(set(s_head) | set(p_head)):
            if s_head.get(prop) != p_head.get(prop):
                note(f"calendar {prop}", f"{name}: Swift {show(s_head.get(prop))!r} / Python {show(p_head.get(prop))!r}")
        if s_zones != p_zones:
            note("VTIMEZONE", f"{name}: Swift {s_zones!r} / Python {p_zones!r}")
        if s_others != p_others:
            note("calendar components", f"{name}: Swift {s_others} / Python {p_others}")

        s_by_uid, p_by_uid = {}, {}
        for side, events, by_uid in (("Swift", s_events, s_by_uid), ("Python", p_events, p_by_uid)):
            for event, raw in events:
                if event.uid in by_uid:
                    note(f"UID twice in a feed ({side})", f"{name}: {event.uid}")
                by_uid[event.uid] = (event, raw)
        for uid in sorted(set(s_by_uid) - set(p_by_uid)):
            note("event only in Swift's feed", f"{name}: {uid}")
        for uid in sorted(set(p_by_uid) - set(s_by_uid)):
            note("event only in Python's feed", f"{name}: {uid}")
        for uid in s_by_uid.keys() & p_by_uid.keys():
            (a, raw_a), (b, raw_b) = s_by_uid[uid], p_by_uid[uid]
            if a.signature == b.signature:
                events_same += 1
                uids.add(uid)
            else:
                for prop, sv, pv in differences(raw_a, raw_b):
                    note(prop, f"{name} {uid}:\n        Swift:  {sv}\n        Python: {pv}")
        if [e.uid for e, _ in s_events] != [e.uid for e, _ in p_events] and set(s_by_uid) == set(p_by_uid):
            reordered.append(name)

    if reordered:
        print(f"note: events are in a different order in {len(reordered)} feeds, e.g. {', '.join(reordered[:3])} (not a difference)")
    if not counts:
        print(f"{len(common)} feeds, {events_same} events identical ({len(uids)} distinct UIDs; "
              f"{len(swift.cache)} Swift / {len(python.cache)} Python distinct VEVENT texts)")
        return 0
    print(f"DIFFERENT: {sum(counts.values())} differences in {len(counts)} kinds "
          f"({len(common)} feeds in both, {events_same} events identical)")
    for kind in sorted(counts, key=lambda k: (-counts[k], k)):
        print(f"  {kind}: {counts[kind]}")
        for example in problems[kind]:
            print(f"    {example}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
