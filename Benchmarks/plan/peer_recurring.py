#!/usr/bin/env python3
"""The Python peer of `outagecal plan --json`, for the plan benchmark.

    peer_recurring.py FEED.ics NOW DAYS

Reads FEED.ics with `icalendar`, expands its occurrences with `recurring-ical-events` between
NOW - 2 days and NOW + 400 days, and prints, one JSON object per line, every alert that
`outagecal plan --json --days DAYS --now NOW` prints with an empty notifier state: the same
fields, the same Japanese title and body, the same order. Needs:
pip install recurring-ical-events (icalendar comes with it).

What it mirrors (Sources/OutageCore/Planning, Sources/ICal/FeedReader.swift):

- a window per occurrence; floating times in X-WR-TIMEZONE, else Japan time; UTC times stay
  UTC (so BYDAY of a UTC event is taken in UTC, as RFC 5545 and libical do); STATUS:CANCELLED
  windows get no alerts (the state is empty);
- alert times: the event's VALARMs (TRIGGER before the start -> before-start at start - lead;
  RELATED=END -> before-end at end - lead; an absolute TRIGGER -> before-start when before the
  start, before-end when before the end; triggers at or after their anchor are ignored), or,
  when none is usable, 30 minutes before the start and 10 minutes before the end; always
  `start`, and `end` when the window has a length; a before-end alert only after the start;
- the title of a late before-start alert counts the time left from NOW (まもなく開始 under a
  minute);
- alerts after NOW are upcoming; those at or before NOW are raised when their window has not
  ended (or, for `end`, when it is within the 120 s grace): the ones within the grace, else only
  the latest late one of the window; then everything up to NOW + DAYS, due first, each list in
  (time, key) order.
"""

import datetime as dt
import json
import math
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = dt.timezone.utc
JST = dt.timezone(dt.timedelta(hours=9))
PAST = dt.timedelta(days=2)
HORIZON = dt.timedelta(days=400)
GRACE = 120
DEFAULT_BEFORE_START = [30 * 60]
DEFAULT_BEFORE_END = [10 * 60]
WEEKDAYS = "日月火水木金土"  # 0 = Sunday, as JST.date


def instant(value, zone):
    """An epoch second from a DATE-TIME or DATE; floating values are read in `zone`."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return int(value.timestamp() // 1)
    return int(dt.datetime(value.year, value.month, value.day, tzinfo=zone).timestamp())


# --- FeedWindow (kind and action guessed from the wording) ----------------------------------

def guess_kind(text):
    if any(word in text for word in ("数分", "断続", "瞬断", "瞬間")):
        return "intermittent"
    if any(word in text for word in ("長時間", "停止", "通信断", "利用できません", "メンテナンス")):
        return "outage"
    return None


def condense(description, kind):
    if kind == "intermittent":
        return "エラー時は少し待って再試行。直らなければカードリーダーを再起動。"
    if kind == "outage":
        return "資格確認は代替手順で。10割負担にしない。"
    lines = [line for line in description.split("\n") if line]
    for line in lines:
        if line.startswith("対応："):
            return line[3:]
    if not lines:
        return "詳しくはカレンダーの予定を確認してください。"
    return lines[0][:59] + "…" if len(lines[0]) > 60 else lines[0]


class Window:
    __slots__ = ("key", "uid", "start", "end", "summary", "action", "kind", "tentative", "cancelled",
                 "sequence", "before_start", "before_end")


def window(event, recurring_uids, zone):
    w = Window()
    w.uid = str(event.get("UID", ""))
    w.start = instant(event["DTSTART"].dt, zone)
    w.end = instant(event["DTEND"].dt, zone) if "DTEND" in event else w.start
    if w.uid in recurring_uids:
        w.key = f"{w.uid}@{instant(event['RECURRENCE-ID'].dt, zone)}"
    else:
        w.key = w.uid
    summary = str(event.get("SUMMARY", ""))
    description = str(event.get("DESCRIPTION", ""))
    status = str(event.get("STATUS", "")).upper()
    kind = event.get("X-OUTAGECAL-KIND")
    w.kind = str(kind) if kind in ("outage", "intermittent") else guess_kind(summary + "\n" + description)
    w.summary = summary or "計画停止"
    action = event.get("X-OUTAGECAL-ACTION")
    w.action = str(action) if action is not None else condense(description, w.kind)
    w.tentative = status == "TENTATIVE" or "予定" in summary
    w.cancelled = status == "CANCELLED"
    w.sequence = max(0, int(event.get("SEQUENCE", 0)))
    w.before_start, w.before_end = [], []
    for alarm in event.subcomponents:
        if alarm.name != "VALARM" or "TRIGGER" not in alarm:
            continue
        trigger = alarm["TRIGGER"]
        if isinstance(trigger.dt, dt.timedelta):
            seconds = -int(trigger.dt.total_seconds())
            if seconds > 0:
                related = str(trigger.params.get("RELATED", "START")).upper()
                (w.before_end if related == "END" else w.before_start).append(seconds)
        else:
            at = instant(trigger.dt, UTC)
            if at < w.start:
                w.before_start.append(w.start - at)
            elif at < w.end:
                w.before_end.append(w.end - at)
    return w


# --- AlertText ------------------------------------------------------------------------------

def civil(t):
    return dt.datetime.fromtimestamp(t, JST)


def jst_date(t):
    c = civil(t)
    return f"{c.year}年{c.month}月{c.day}日({WEEKDAYS[(c.weekday() + 1) % 7]})"


def jst_time(t):
    c = civil(t)
    return f"{c.hour}:{c.minute:02d}"


def jst_short(t):
    c = civil(t)
    return f"{c.month}/{c.day} " + jst_time(t)


def jst_range(start, end):
    if civil(start).date() == civil(end).date():
        return f"{jst_date(start)} {jst_time(start)}〜{jst_time(end)}"
    return f"{jst_date(start)} {jst_time(start)}〜{jst_date(end)} {jst_time(end)}"


def iso(t):
    return civil(t).strftime("%Y-%m-%dT%H:%M:%S+09:00")


def duration(seconds):
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}分"
    if minutes % 1440 == 0:
        return f"{minutes // 1440}日"
    if minutes % 60 == 0:
        return f"{minutes // 60}時間"
    return f"{minutes // 60}時間{minutes % 60}分"


HEADS = {"start": "開始", "end": "終了予定時刻", "changed": "時刻変更", "cancelled": "中止"}


def record(w, kind, lead, time, late, now):
    if kind == "before-start":
        # A late one counts from now: `plan` runs a moment after --now (its clock runs on from
        # there), and Swift's Int() truncates, so a whole number of seconds comes out one short.
        remaining = lead if not late else (math.ceil(w.start - now) - 1 if w.start > now else int(w.start - now))
        head = "まもなく開始" if remaining < 60 else f"{duration(remaining)}後に開始"
    elif kind == "before-end":
        head = f"{duration(lead)}後に終了予定"
    else:
        head = HEADS[kind]
    tentative = "（予定）" if w.tentative else ""
    lines = [f"（遅れて通知：本来は{jst_short(time)}）"] if late else []
    if kind == "before-start":
        lines += [jst_range(w.start, w.end) + tentative, f"対応：{w.action}"]
    elif kind == "start":
        lines += [f"{jst_time(w.end)}まで{tentative}", f"対応：{w.action}"]
    elif kind == "before-end":
        lines += [f"{jst_time(w.end)}に終了予定", "終了後にエラーが出たら、少し待って再試行してください。"]
    elif kind == "end":
        lines += ["いまから再試行してください。",
                  "つながらない場合は、しばらく代替手順で対応してください。" if w.kind == "outage"
                  else "エラーが続くときは、カードリーダーを再起動してください。"]
    if kind == "start":
        urgency = "normal" if w.kind == "intermittent" else "critical"
    elif kind == "end":
        urgency = "low"
    else:
        urgency = "normal"
    return {"body": "\n".join(lines), "changed": False, "kind": kind, "late": late, "summary": w.summary,
            "tentative": w.tentative, "time": iso(time), "title": f"{head}：{w.summary}", "uid": w.uid,
            "urgency": urgency, "window_end": iso(w.end), "window_start": iso(w.start)}


# --- AlertPlanner ---------------------------------------------------------------------------

def schedule(w):
    own = bool(w.before_start or w.before_end)
    before_start = w.before_start if own else DEFAULT_BEFORE_START
    before_end = w.before_end if own else DEFAULT_BEFORE_END
    times = [("before-start", lead, w.start - lead) for lead in sorted(set(before_start), reverse=True) if lead > 0]
    times.append(("start", 0, w.start))
    for lead in sorted(set(before_end), reverse=True):
        if lead > 0 and w.end - lead > w.start:
            times.append(("before-end", lead, w.end - lead))
    if w.end > w.start:
        times.append(("end", 0, w.end))
    return times


def plan(windows, now, horizon):
    due, upcoming = [], []
    for w in windows:
        if w.cancelled:
            continue  # nobody was told of it (empty state): nothing to call off
        version = f"{w.sequence}/{w.start}/{w.end}"
        on_time, late = [], []
        for kind, lead, time in schedule(w):
            # `plan` runs a moment after --now: an alert exactly GRACE s before it is late.
            alert = (time, f"{w.key}|{kind}|{lead}|{version}", w, kind, lead, now - time >= GRACE)
            if time > now:
                upcoming.append(alert)
            elif w.end > now or (kind == "end" and not alert[5]):
                (late if alert[5] else on_time).append(alert)
        if on_time:
            due += on_time
        elif late:
            due.append(max(late, key=lambda a: a[0]))
    due.sort(key=lambda a: a[:2])
    upcoming.sort(key=lambda a: a[:2])
    return [a for a in due + upcoming if a[0] <= horizon]


def main():
    path, now_text, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
    now_dt = dt.datetime.fromisoformat(now_text)
    now = now_dt.timestamp()
    with open(path, "rb") as feed:
        calendar = icalendar.Calendar.from_ical(feed.read())
    zone_name = calendar.get("X-WR-TIMEZONE")
    try:
        zone = ZoneInfo(str(zone_name)) if zone_name else TOKYO
    except (KeyError, ValueError):
        zone = TOKYO
    # Instances of recurring events are keyed by their RECURRENCE-ID, single events by UID.
    recurring_uids = {str(event.get("UID", "")) for event in calendar.walk("VEVENT")
                      if "RRULE" in event or "RDATE" in event or "RECURRENCE-ID" in event}
    # CalendarQuery directly, not recurring_ical_events.of(): of() first runs x_wr_timezone,
    # which also moves UTC DTSTARTs into X-WR-TIMEZONE (Google's reading), so that BYDAY of a
    # UTC event would be taken in Japan time; RFC 5545 and libical take it in UTC. Floating
    # times stay naive and are compared in the zone of the bounds: X-WR-TIMEZONE.
    query = recurring_ical_events.CalendarQuery(calendar)
    local_now = now_dt.astimezone(zone)
    events = query.between(local_now - PAST, local_now + HORIZON)
    windows = [window(event, recurring_uids, zone) for event in events]
    windows.sort(key=lambda w: (w.start, w.key))
    out = sys.stdout
    for time, _, w, kind, lead, late in plan(windows, now, now + days * 86400):
        out.write(json.dumps(record(w, kind, lead, time, late, now), ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
