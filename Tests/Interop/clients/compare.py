#!/usr/bin/env python3
"""Compares what one calendar client read from the feeds with the reference.

    compare.py CLIENT RESULTS.tsv FEEDS_DIR [--source DIR]

CLIENT is one of: ical.js, libical-glib, khal, calcurse.  RESULTS.tsv is what
that client's adapter printed, tab-separated lines:

    feed   RELPATH                          one feed starts
    event  UID|-  START  END|-  ALARMS|-  SUMMARY
    error  MESSAGE                          the client rejected something
    info   MESSAGE                          shown, not judged

START/END: YYYY-MM-DD (a day), @EPOCH or ISO 8601 with Z/offset (an instant),
ISO 8601 without offset (floating: always a failure).  ALARMS: the VALARM
triggers as S-36000,S-1800,E-600 (RELATED=START/END, seconds) or @ISO for an
absolute trigger; yes/no for clients that keep only "has an alarm"; - if the
client does not expose alarms for that item.

The reference:
  * the events, their instants and which are all-day come from the notices
    (check_feeds.build_oracle, the same oracle as the parser check), so a feed
    whose DTSTART or DATE-ness was changed fails even if every client agrees
    with the changed file;
  * the alarms and SUMMARY come from Debian's python3-icalendar reading of
    the feed file (the alarm rules live only in the Swift code).

Prints FAIL lines (at most 25; one per problem, with the feeds that have it), then one "PASS|FAIL CLIENT: ..." line.
Exit 0 when the client agrees on every feed, 1 otherwise, 2 on bad usage.
"""
import argparse
import glob
import os
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import check_feeds  # noqa: E402  (Tests/Interop/check_feeds.py: the oracle)

# What each client exposes, found by running it (see clients.sh's header).
#   uid:     UIDs are shown, so events are matched by UID; else by (SUMMARY, start).
#   alarms:  "list" every trigger; "flag" only whether there is a VALARM;
#            "display-flag" only whether there is an ACTION:DISPLAY VALARM.
#   allday_end: "exclusive" DTEND as a date; "inclusive" the last day shown;
#               None: the client has no end for all-day items.
#   open_end: what the client makes of a DATE-TIME DTSTART without DTEND
#             (RFC 5545 3.6.1: it ends when it starts).
CLIENTS = {
    "ical.js": dict(uid=True, alarms="list", allday_end="exclusive", open_end=timedelta(0)),
    "libical-glib": dict(uid=True, alarms="list", allday_end="exclusive", open_end=timedelta(0)),
    # khal gives an event without DTEND one hour (khal/icalendar.py sanitize_timerange)
    # and shows the last day of an all-day event; it only shows an alarm symbol,
    # and only for ACTION:DISPLAY alarms (not AUDIO or EMAIL).
    "khal": dict(uid=True, alarms="display-flag", allday_end="inclusive", open_end=timedelta(hours=1)),
    # calcurse has no UIDs, one notify flag per appointment and no alarms for
    # all-day "events"; calcurse_check.sh gives their last day as the end.
    "calcurse": dict(uid=False, alarms="flag", allday_end="inclusive", open_end=timedelta(0)),
}


def parse_when(text):
    """A client's START/END: a date, an aware UTC datetime, or a str problem."""
    if text.startswith("@"):
        return datetime.fromtimestamp(int(text[1:]), timezone.utc)
    if len(text) == 10:
        return date.fromisoformat(text)
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        return "floating time %s (no zone)" % text
    return value.astimezone(timezone.utc)


def show(value):
    return check_feeds.fmt(value) if isinstance(value, datetime) else str(value)


def alarm_key(alarm):
    """icalendar VALARM -> S-1800 / E-600 / @2024-...Z (same as the adapters)."""
    trig = alarm.get("TRIGGER")
    if trig is None:
        return "none"
    value = alarm.decoded("TRIGGER")
    if isinstance(value, timedelta):
        related = str(trig.params.get("RELATED", "START")).upper()
        return "%s%d" % ("E" if related == "END" else "S", int(value.total_seconds()))
    return "@" + check_feeds.fmt(value.astimezone(timezone.utc))


def reference_file(path):
    """{uid: (summary, [alarm keys], has a DISPLAY alarm)} as Debian's icalendar reads the file."""
    import icalendar
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    return {str(ev.get("UID")): (str(ev.get("SUMMARY", "")), sorted(alarm_key(a) for a in ev.walk("VALARM")),
                                 any(str(a.get("ACTION", "")).upper() == "DISPLAY" for a in ev.walk("VALARM")))
            for ev in cal.walk("VEVENT")}


def read_results(path):
    feeds, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "feed":
                current = feeds.setdefault(fields[1], dict(events=[], errors=[], info=[]))
            elif current is None:
                raise SystemExit("compare: %s: %r before any feed line" % (path, line))
            elif fields[0] == "event" and len(fields) >= 6:
                current["events"].append(dict(uid=fields[1], start=fields[2], end=fields[3],
                                              alarms=fields[4], summary="\t".join(fields[5:])))
            elif fields[0] == "error":
                current["errors"].append("\t".join(fields[1:]))
            elif fields[0] == "info":
                current["info"].append("\t".join(fields[1:]))
            else:
                current["errors"].append("adapter printed an unknown line: %r" % line.rstrip())
    return feeds


def expected_event(e):
    """(start, end) as the notices say: dates for all-day events, else UTC instants."""
    if e["date"] is not None:
        return e["date"], e["date"] + timedelta(days=1)
    return e["start"], e["end"]


def check_event(client, caps, uid, e, got, ref):
    """Problems of one event the client read (got) against the oracle (e)."""
    problems = []
    want_start, want_end = expected_event(e)
    start = parse_when(got["start"])
    if isinstance(start, str):
        return ["%s: DTSTART is a %s" % (uid, start)]
    if e["date"] is not None and isinstance(start, datetime):
        return ["%s: an all-day event read as the instant %s, not as the day %s" % (uid, show(start), want_start)]
    if e["date"] is None and not isinstance(start, datetime):
        return ["%s: a timed event read as the day %s, not as the instant %s" % (uid, start, show(want_start))]
    if start != want_start:
        problems.append("%s: start %s, want %s" % (uid, show(start), show(want_start)))
    # The end.
    if got["end"] != "-":
        end = parse_when(got["end"])
        if isinstance(end, str):
            problems.append("%s: DTEND is a %s" % (uid, end))
        else:
            if e["date"] is not None:
                if caps["allday_end"] == "inclusive":
                    want_end = want_end - timedelta(days=1)
                elif caps["allday_end"] is None:
                    want_end = end
            elif e["end"] == e["start"]:
                want_end = want_start + caps["open_end"]
            if end != want_end:
                problems.append("%s: end %s, want %s" % (uid, show(end), show(want_end)))
    elif caps["allday_end"] is not None or e["date"] is None:
        problems.append("%s: the client shows no end" % uid)
    # The alarms.
    want_alarms = ref[1] if ref else []
    if caps["alarms"] == "list":
        got_alarms = sorted(a for a in got["alarms"].split(",") if a) if got["alarms"] != "-" else None
        if got_alarms != want_alarms:
            problems.append("%s: alarms %s, the feed has %s" % (uid, got_alarms, want_alarms))
    elif got["alarms"] != "-":
        has = (ref[2] if ref else False) if caps["alarms"] == "display-flag" else bool(want_alarms)
        want = "yes" if has else "no"
        if got["alarms"] != want:
            problems.append("%s: alarm shown: %s, want %s (the feed has %s)" % (
                uid, got["alarms"], want, ",".join(want_alarms) or "no VALARM"))
    return problems


def check_feed(client, caps, feed, got, want_uids, events, ref):
    problems = ["%s says: %s" % (client, m) for m in got["errors"]]
    if caps["uid"]:
        seen = Counter(ev["uid"] for ev in got["events"])
        problems += ["duplicate UID %s (%d times)" % (u, n) for u, n in seen.items() if n > 1]
        problems += ["unexpected UID %s" % u for u in sorted(set(seen) - want_uids)]
        problems += ["missing UID %s" % u for u in sorted(want_uids - set(seen))]
        for ev in got["events"]:
            if ev["uid"] in want_uids:
                problems += check_event(client, caps, ev["uid"], events[ev["uid"]], ev, ref.get(ev["uid"]))
        return problems
    # No UIDs: match on (SUMMARY, start) the way a user would tell them apart.
    pending = {}
    for uid in sorted(want_uids):
        summary = ref[uid][0] if uid in ref else "?"
        pending.setdefault((summary, expected_event(events[uid])[0]), []).append(uid)
    unmatched = []
    for ev in got["events"]:
        start = parse_when(ev["start"])
        uids = pending.get((ev["summary"], start if not isinstance(start, str) else None))
        if uids:
            uid = uids.pop(0)
            problems += check_event(client, caps, uid, events[uid], ev, ref.get(uid))
        else:
            unmatched.append(ev)
    left = sorted(u for uids in pending.values() for u in uids)
    for ev in unmatched:
        shown = [show(parse_when(ev[k])) if ev[k] != "-" else "-" for k in ("start", "end")]
        problems.append("an event no notice has: start %s end %s %r" % (shown[0], shown[1], ev["summary"][:60]))
    for uid in left:
        want_start, want_end = expected_event(events[uid])
        problems.append("missing %s (start %s, %r)" % (uid, show(want_start), ref.get(uid, ("?",))[0][:60]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("client", choices=sorted(CLIENTS))
    ap.add_argument("results")
    ap.add_argument("feeds_dir")
    ap.add_argument("--source", help="directory with regions.yaml and notices/ (default: FEEDS_DIR)")
    args = ap.parse_args()
    caps = CLIENTS[args.client]
    try:
        _, events, feeds = check_feeds.build_oracle(args.source or args.feeds_dir)
    except Exception as e:
        print("FAIL %s: cannot compute the expected feeds: %s: %s" % (args.client, type(e).__name__, e))
        return 2
    results = read_results(args.results)
    present = sorted(os.path.relpath(p, args.feeds_dir)
                     for p in glob.glob(os.path.join(args.feeds_dir, "**", "*.ics"), recursive=True))
    failed_feeds, n_events = [], 0
    by_problem = {}  # the same problem in many feeds is reported once
    for feed in present:
        problems = []
        if feed not in feeds:
            problems.append("a feed no region, prefecture or system has")
        elif feed not in results:
            problems.append("%s printed nothing for this feed" % args.client)
        else:
            try:
                ref = reference_file(os.path.join(args.feeds_dir, feed))
            except Exception as e:
                ref = {}
                problems.append("the reference (python3-icalendar) cannot read it: %s" % e)
            got = results[feed]
            n_events += len(got["events"])
            problems += check_feed(args.client, caps, feed, got, feeds[feed], events, ref)
        if problems:
            failed_feeds.append(feed)
        for p in dict.fromkeys(problems):
            by_problem.setdefault(p, []).append(feed)
    for feed in sorted(set(feeds) - set(present)):
        failed_feeds.append(feed)
        by_problem.setdefault("feed file missing", []).append(feed)
    lines = []
    for p, where in by_problem.items():
        names = ", ".join(where[:3]) + (", ... (%d feeds)" % len(where) if len(where) > 3 else "")
        lines.append("FAIL [%s] %s: %s" % (args.client, names, p))
    for line in lines[:25]:
        print(line)
    if len(lines) > 25:
        print("... and %d more FAIL lines" % (len(lines) - 25))
    verdict = "FAIL" if failed_feeds else "PASS"
    print("%s %s: %d feed(s), %d event(s) read, %d feed(s) failed" % (
        verdict, args.client, len(present), n_events, len(failed_feeds)))
    return 1 if failed_feeds else 0


if __name__ == "__main__":
    sys.exit(main())
