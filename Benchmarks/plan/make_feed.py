#!/usr/bin/env python3
"""A deterministic synthetic RFC 5545 feed for the `outagecal plan` benchmark.

    make_feed.py OUT.ics [--events 10000] [--seed 1]

Writes one VCALENDAR of EVENTS VEVENTs starting over 2025–2026, built with the standard
library only (lines CRLF-terminated and folded at 75 octets, never inside a UTF-8 character),
so that it reads the same in libical and in Python's icalendar. The mix:

- times: ~60% DTSTART;TZID=Asia/Tokyo (the feed carries a compact VTIMEZONE), ~30% UTC,
  ~10% floating (read in X-WR-TIMEZONE:Asia/Tokyo);
- ~25% DURATION instead of DTEND; durations 10 minutes to 9 hours;
- ~10% recurring: RRULE FREQ=WEEKLY (some BYDAY=…, some INTERVAL=2) or FREQ=DAILY, ended by
  COUNT or by UNTIL; about a third with one or two EXDATEs (sometimes comma-separated on one
  line), some with RDATEs; a few with a RECURRENCE-ID override (an instance moved by an hour, or
  one instance cancelled); a few more recur by RDATE alone;
- ~1% of the single events are all-day (VALUE=DATE, with DTEND, DURATION:P1D or neither);
- ~30% with VALARMs: relative to the start (-PT30M, -PT1H, -P1D …), RELATED=END (-PT10M …),
  a few absolute (VALUE=DATE-TIME, single events only) and a few after the start (ignored by
  the planner);
- STATUS CONFIRMED / TENTATIVE, ~3% CANCELLED; Japanese summaries and descriptions with
  commas, semicolons and newlines to escape.

The same arguments always give the same bytes.
"""

import argparse
import datetime as dt
import random
import sys

UTC = dt.timezone.utc
JST = dt.timezone(dt.timedelta(hours=9))

AREAS = ["全国", "東日本", "西日本", "北海道", "東北", "関東", "中部", "近畿", "中国・四国", "九州・沖縄",
         "福岡県", "東京都", "大阪府", "愛知県", "宮城県", "広島県", "沖縄県", "北海道"]
SYSTEMS = ["オンライン資格確認等システム", "電子処方箋管理サービス", "マイナポータル", "レセプトオンライン請求",
           "医療情報化支援基金ポータル", "電子カルテ共有サービス", "診療報酬改定DXシステム"]
KINDS = ["長時間の通信断", "数分間の通信断", "計画停止", "定期メンテナンス", "利用できません", "瞬断"]
ACTIONS = ["資格確認は代替手順で。10割負担にしない。", "エラー時は少し待って再試行。直らなければカードリーダーを再起動。",
           "紙の処方箋で対応してください。", "窓口で健康保険証等を確認してください。"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

START = dt.datetime(2025, 1, 1, tzinfo=JST)
SPAN_MINUTES = 730 * 24 * 60  # two years: 2025-01-01 … 2026-12-31 (JST)
STAMP = "20241201T000000Z"


def escape(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """RFC 5545 §3.1: at most 75 octets per line, continuations begin with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def utc(t):
    return t.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local(t):
    return t.astimezone(JST).strftime("%Y%m%dT%H%M%S")


class Form:
    """How one event writes its times: TZID=Asia/Tokyo, UTC or floating."""

    def __init__(self, kind):
        self.kind = kind

    def value(self, t):
        return utc(t) if self.kind == "utc" else local(t)

    def prop(self, name, *times):
        """NAME with one value, or several comma-separated (EXDATE, RDATE)."""
        values = ",".join(self.value(t) for t in times)
        if self.kind == "tzid":
            return f"{name};TZID=Asia/Tokyo:{values}"
        return f"{name}:{values}"  # UTC, or floating (read as Japan time)

    def until(self, t):
        # RFC 5545: UNTIL is UTC when DTSTART has a zone or is UTC, floating when DTSTART is.
        return local(t) if self.kind == "floating" else utc(t)


def duration_text(seconds):
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    text = "P" + (f"{days}D" if days else "")
    if hours or minutes or not days:
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")
    return text


def alarms(rng, start, recurring):
    """0–3 VALARMs as lists of lines."""
    out = []
    choice = rng.random()
    if choice < 0.45:  # before the start only
        leads = rng.sample(["-PT30M", "-PT1H", "-PT15M", "-P1D", "-PT2H", "-PT10M"], rng.choice([1, 1, 2]))
        out += [("", lead) for lead in leads]
    elif choice < 0.75:  # before the start and before the end
        out += [("", rng.choice(["-PT30M", "-PT1H", "-P1D"])), ("END", rng.choice(["-PT10M", "-PT5M", "-PT15M"]))]
    elif choice < 0.85:  # before the end only
        out += [("END", rng.choice(["-PT10M", "-PT20M"]))]
    elif choice < 0.93 and not recurring:  # absolute, before the start
        out += [("ABS", utc(start - dt.timedelta(minutes=rng.choice([45, 90, 24 * 60]))))]
    else:  # after the start: the planner ignores it (and uses the defaults)
        out += [("", "PT5M")]
    lines = []
    for related, value in out:
        lines.append("BEGIN:VALARM")
        lines.append("ACTION:DISPLAY")
        lines.append("DESCRIPTION:" + escape("まもなく計画停止があります"))
        if related == "ABS":
            lines.append(f"TRIGGER;VALUE=DATE-TIME:{value}")
        elif related == "END":
            lines.append(f"TRIGGER;RELATED=END:{value}")
        else:
            lines.append(f"TRIGGER:{value}")
        lines.append("END:VALARM")
    return lines


def event(rng, index, room):
    uid = f"bench-{index:05d}@outagecal.example"
    minute = rng.randrange(SPAN_MINUTES // 5) * 5
    start = START + dt.timedelta(minutes=minute)
    length = rng.choice([10, 20, 30, 60, 90, 120, 140, 180, 240, 300, 360, 480, 540]) * 60
    end = start + dt.timedelta(seconds=length)
    roll = rng.random()
    form = Form("tzid" if roll < 0.6 else "utc" if roll < 0.9 else "floating")
    recurring = rng.random() < 0.10
    area, system, kind = rng.choice(AREAS), rng.choice(SYSTEMS), rng.choice(KINDS)
    tentative = rng.random() < 0.4
    summary = f"【{area}】{system} {kind}" + ("（予定）" if tentative else "")
    status = "CANCELLED" if rng.random() < 0.03 else "TENTATIVE" if tentative else "CONFIRMED"
    description = (f"日時：{start.astimezone(JST):%Y年%m月%d日 %H:%M}〜{end.astimezone(JST):%H:%M}\n"
                   f"対象：{area}の医療機関・薬局\n対応：{rng.choice(ACTIONS)}\n"
                   f"詳細は、厚生労働省, 支払基金; 各団体の案内をご覧ください（No.{index}）。")

    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{STAMP}", f"SEQUENCE:{rng.randrange(3)}"]
    all_day = not recurring and rng.random() < 0.01
    if all_day:  # a whole day (Japan time): DTEND the next day, DURATION:P1D, or nothing (one day)
        day = start.astimezone(JST).date()
        lines.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}")
        lines += rng.choice([[f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"], ["DURATION:P1D"], []])
    else:
        lines.append(form.prop("DTSTART", start))
        if rng.random() < 0.25:
            lines.append(f"DURATION:{duration_text(length)}")
        else:
            lines.append(form.prop("DTEND", end))
    if not recurring and not all_day and rng.random() < 0.005:
        # No RRULE, only extra dates: DTSTART and two RDATEs on one line.
        lines.append(form.prop("RDATE", start + dt.timedelta(days=rng.randrange(1, 40)),
                               start + dt.timedelta(days=rng.randrange(41, 120))))
    overrides = []
    if recurring:
        freq = "WEEKLY" if rng.random() < 0.6 else "DAILY"
        rule = [f"FREQ={freq}"]
        step = dt.timedelta(days=7 if freq == "WEEKLY" else 1)
        if rng.random() < 0.2:
            rule.append("INTERVAL=2")
            step *= 2
        byday = None
        if freq == "WEEKLY" and rng.random() < 0.3:
            # DTSTART's own weekday plus the next one, so that DTSTART is the first instance.
            weekday = start.astimezone(JST if form.kind != "utc" else UTC).weekday()
            byday = [WEEKDAYS[weekday], WEEKDAYS[(weekday + 1) % 7]]
            rule.append("BYDAY=" + ",".join(byday))
        if rng.random() < 0.5:
            count = rng.randrange(2, 30)
            rule.append(f"COUNT={count}")
            # Instances to refer to (EXDATE, RECURRENCE-ID): the plain steps from DTSTART.
            plain = [start + step * k for k in range(1, count // (2 if byday else 1))]
        else:
            until = start + dt.timedelta(days=rng.choice([14, 30, 60, 90, 180, 270]))
            until = until.astimezone(JST).replace(hour=23, minute=59, second=59)
            rule.append(f"UNTIL={form.until(until)}")
            plain = []
            t = start + step
            while t <= until:
                plain.append(t)
                t += step
        lines.append("RRULE:" + ";".join(rule))
        if rng.random() < 0.15:  # extra dates, three hours after the rule's times
            extra = [start + dt.timedelta(days=rng.randrange(1, 60), hours=3) for _ in range(rng.choice([1, 2]))]
            lines += [form.prop("RDATE", t) for t in extra]
        if plain and rng.random() < 0.35:
            excluded = sorted(rng.sample(plain, min(len(plain), rng.choice([1, 2]))))
            if len(excluded) > 1 and rng.random() < 0.5:
                lines.append(form.prop("EXDATE", *excluded))  # one line, comma-separated
            else:
                lines += [form.prop("EXDATE", t) for t in excluded]
            for t in excluded:
                plain.remove(t)
        if plain and rng.random() < 0.08 and room > 1:
            overrides.append((rng.choice(plain), rng.random() < 0.3))
    lines.append(f"STATUS:{status}")
    lines.append("SUMMARY:" + escape(summary))
    lines.append("DESCRIPTION:" + escape(description))
    lines.append("TRANSP:TRANSPARENT")
    own_alarms = alarms(rng, start, recurring) if rng.random() < 0.30 else []
    lines += own_alarms
    lines.append("END:VEVENT")

    for original, cancel in overrides:
        moved = original + dt.timedelta(hours=0 if cancel else 1)
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{STAMP}", "SEQUENCE:3",
                  form.prop("RECURRENCE-ID", original), form.prop("DTSTART", moved),
                  form.prop("DTEND", moved + dt.timedelta(seconds=length)),
                  "STATUS:" + ("CANCELLED" if cancel else "CONFIRMED"),
                  "SUMMARY:" + escape(("【中止】" if cancel else "【変更】") + summary),
                  "DESCRIPTION:" + escape(description + "\n時刻が変わりました。"),
                  "TRANSP:TRANSPARENT"]
        lines += own_alarms
        lines.append("END:VEVENT")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    lines = ["BEGIN:VCALENDAR", "PRODID:-//OutageCal//plan benchmark//JA", "VERSION:2.0", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + escape("計画停止ベンチマーク（合成）"), "X-WR-TIMEZONE:Asia/Tokyo",
             "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
             "BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD", "END:VTIMEZONE"]
    # EVENTS VEVENTs in all, RECURRENCE-ID overrides included.
    masters = recurring = overrides = index = 0
    while masters + overrides < args.events:
        block = event(rng, index, args.events - masters - overrides)
        index += 1
        masters += 1
        recurring += any(line.startswith(("RRULE:", "RDATE")) for line in block)
        overrides += sum(line.startswith("RECURRENCE-ID") for line in block)
        lines += block
    lines.append("END:VCALENDAR")
    text = "".join(fold(line) for line in lines)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    print(f"{args.out}: {masters + overrides} VEVENTs ({masters} events, {recurring} recurring, {overrides} RECURRENCE-ID overrides), "
          f"{len(text.encode('utf-8')):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
