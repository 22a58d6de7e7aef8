#!/usr/bin/env python3
"""The Python peer of `outagecal generate`, for the feed-generation benchmark.

    peer_icalendar.py IN_DIR OUT_DIR

Reads IN_DIR/regions.yaml and IN_DIR/notices/*.yaml with PyYAML and writes, with the
`icalendar` library, the same set of feeds as the Swift side:

    OUT_DIR/all.ics                   every window
    OUT_DIR/<region id>.ics           windows touching a prefecture of the region
    OUT_DIR/prefectures/NN-romaji.ics windows touching the prefecture (all 47, JIS X 0401 order)

One VEVENT per window, built once and added to every calendar it belongs to; each calendar is
written with `cal.to_ical()`. Needs: pip install icalendar PyYAML.
"""

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = dt.timezone.utc
WEEKDAYS = "月火水木金土日"  # indexed by datetime.weekday(): Monday = 0

# Reminders, as the Swift side's AlarmPolicy.standard: the day before at 17:00 JST (N hours
# before the start), 30 minutes before the start, 10 minutes before the end. None on cancelled
# windows.
DAY_BEFORE = dt.time(17, 0)
SOON = dt.timedelta(minutes=30)
BEFORE_END = dt.timedelta(minutes=10)
REFRESH = dt.timedelta(hours=6)

KIND_LABELS = {"outage": "長時間の通信断", "intermittent": "数分間の通信断"}

# The same 47-row table the schedule is written from (JIS X 0401 order).
from make_schedule import PREFECTURES  # noqa: E402
# Any way of writing a prefecture -> its JIS code: 福岡県, 福岡, fukuoka, 40, "07".
PREFECTURE_CODES = {}
for _code, (_name, _short, _romaji) in enumerate(PREFECTURES, start=1):
    for _key in (_name, _short, _romaji, str(_code), f"{_code:02d}"):
        PREFECTURE_CODES[_key] = _code


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def prefecture_code(key) -> int:
    text = str(key).strip()
    code = PREFECTURE_CODES.get(text) or PREFECTURE_CODES.get(text.lower())
    if code is None:
        raise ValueError(f"unknown prefecture {key!r}")
    return code


def jst_date(t: dt.datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日({WEEKDAYS[t.weekday()]})"


def jst_time(t: dt.datetime) -> str:
    return f"{t.hour}:{t.minute:02d}"


def jst_range(start: dt.datetime, end: dt.datetime) -> str:
    """2024年12月31日(火) 3:00〜5:20, with both dates when the range crosses midnight."""
    if start.date() == end.date():
        return f"{jst_date(start)} {jst_time(start)}〜{jst_time(end)}"
    return f"{jst_date(start)} {jst_time(start)}〜{jst_date(end)} {jst_time(end)}"


def japanese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def day_before_lead(start: dt.datetime) -> dt.timedelta:
    """From the day before `start` at DAY_BEFORE (JST) to `start`."""
    reminder = dt.datetime.combine(start.date() - dt.timedelta(days=1), DAY_BEFORE, tzinfo=TOKYO)
    return max(dt.timedelta(0), start - reminder)


class Peer:
    def __init__(self, regions: list[dict]):
        self.regions = [
            (r["id"], r["name"], frozenset(prefecture_code(p) for p in r["prefectures"])) for r in regions
        ]
        self.region_by_id = {rid: (name, codes) for rid, name, codes in self.regions}

    def scope(self, scope) -> tuple[frozenset[int], str]:
        """(prefecture codes, label for people: 西日本, 全国, 福岡・佐賀) of a window's scope."""
        items = [scope] if isinstance(scope, str) else scope
        codes: set[int] = set()
        labels = []
        for item in items:
            if item == "nationwide":
                codes.update(range(1, 48))
                labels.append("全国")
            elif isinstance(item, str) and item in self.region_by_id:
                name, members = self.region_by_id[item]
                codes |= members
                labels.append(name)
            else:
                code = prefecture_code(item)
                codes.add(code)
                labels.append(PREFECTURES[code - 1][1])
        if len(codes) == 47:
            return frozenset(codes), "全国"
        return frozenset(codes), "・".join(labels)

    def event(self, notice: dict, window: dict, codes: frozenset[int], area: str) -> Event:
        kind = window["kind"]
        start = window["start"].astimezone(TOKYO)
        end = window["end"].astimezone(TOKYO)
        updated = notice["updated"].astimezone(UTC)
        tentative = bool(window.get("tentative", False))
        cancelled = bool(window.get("cancelled", False))
        guidance = notice["guidance"].get(kind)
        label = KIND_LABELS[kind]

        summary = ("【中止】" if cancelled else "") + f"【{area}】{notice['system']} {label}"
        if tentative and not cancelled:
            summary += "（予定）"
        when = jst_range(start, end) + ("（予定）" if tentative else "")
        if len(codes) == 47:
            area_detail = "全国（47都道府県）"
        else:
            area_detail = f"{area}（{'、'.join(PREFECTURES[c - 1][0] for c in sorted(codes))}）"
        refs = []
        for ref in notice.get("references") or []:
            text = ref["issuer"]
            if ref.get("number"):
                text += f" {ref['number']}"
            if ref.get("date"):
                text += f"（{japanese_date(ref['date'])}）"
            refs.append(text)
        if not refs:
            refs = [f"{notice['issuer']}（{japanese_date(notice['issued'])}）"]
        source = f"「{notice['title']}」 " + " → ".join(refs)

        lines = []
        if cancelled:
            lines.append("この通信断は中止になりました。通常どおり業務を行えます。")
        lines.append(f"日時：{when}")
        lines.append(f"対象：{area_detail}")
        if notice.get("impact"):
            lines.append(f"影響：{notice['impact']}")
        if guidance and not cancelled:
            lines += [f"対応：{guidance['short']}", "", guidance["ja"]]
        if notice.get("notes") and not cancelled:
            lines.append("")
            lines += [f"※{n}" for n in notice["notes"]]
        if tentative and not cancelled:
            lines.append("※時刻は予定です。変更されることがあります。")
        lines += ["", f"出典：{source}"]
        if notice.get("url"):
            lines.append(f"詳細：{notice['url']}")
        if guidance and guidance.get("en") and not cancelled:
            lines += ["", f"[English] {guidance['en']}"]

        event = Event()
        event.add("uid", f"{notice['id']}.{window['id']}@outagecal")
        event.add("dtstamp", updated)
        event.add("last-modified", updated)
        event.add("sequence", notice["revision"])
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("status", "CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        if notice.get("url"):
            event.add("url", notice["url"])
        event.add("categories", [notice["system"], label, "計画停止"])
        event.add("x-outagecal-kind", kind)
        event.add("x-outagecal-area", area)
        if guidance:
            event.add("x-outagecal-action", guidance["short"])
        if cancelled:
            return event

        before_start = f"{summary}\n{when}" + (f"\n対応：{guidance['short']}" if guidance else "")
        before_end = (f"まもなく終了予定（{jst_time(end)}）：{summary}\n"
                      "終了後もエラーが続く場合は、少し待って再試行してください。")
        reminders = [
            (-day_before_lead(start), None, before_start),
            (-SOON, None, before_start),
            (-BEFORE_END, "END", before_end),
        ]
        seen = set()
        for trigger, related, text in reminders:
            if (trigger, related) in seen:
                continue
            seen.add((trigger, related))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", trigger, parameters={"RELATED": related} if related else None)
            alarm.add("description", text)
            event.add_component(alarm)
        return event


def tokyo_timezone() -> Timezone:
    """A compact VTIMEZONE for Asia/Tokyo: one STANDARD rule, +09:00 since 1970."""
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=9))
    standard.add("tzoffsetto", dt.timedelta(hours=9))
    standard.add("tzname", "JST")
    tz = Timezone()
    tz.add("tzid", "Asia/Tokyo")
    tz.add_component(standard)
    return tz


def calendar(area: str, audience: str, timezone: Timezone) -> Calendar:
    name = f"オンライン資格確認等システム 計画停止（{area}）"
    description = (f"オンライン資格確認等システムなどの計画停止・通信断の予定です（{audience}）。"
                   "厚生労働省などの通知をもとに OutageCal が作成しています。")
    cal = Calendar()
    cal.add("prodid", "-//OutageCal//Python peer (icalendar)//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    cal.add_component(timezone)
    return cal


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    in_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    peer = Peer(load_yaml(in_dir / "regions.yaml")["regions"])

    # Build every event once, remembering which prefectures it touches; order as the Swift side.
    built = []
    for path in sorted((in_dir / "notices").glob("*.yaml")):
        notice = load_yaml(path)
        for window in notice["windows"]:
            codes, area = peer.scope(window["scope"])
            key = (window["start"], notice["id"], window["id"])
            built.append((key, codes, peer.event(notice, window, codes, area)))
    built.sort(key=lambda b: b[0])

    timezone = tokyo_timezone()
    everything = calendar("全国", "全国の医療機関・薬局向け", timezone)
    regional = []
    for rid, name, members in peer.regions:
        first, last = PREFECTURES[min(members) - 1][0], PREFECTURES[max(members) - 1][0]
        regional.append((rid, members, calendar(name, f"{name}（{first}〜{last}）の医療機関・薬局向け", timezone)))
    by_prefecture = [calendar(name, f"{name}の医療機関・薬局向け", timezone) for name, _, _ in PREFECTURES]
    for _, codes, event in built:
        everything.add_component(event)
        for _, members, cal in regional:
            if not codes.isdisjoint(members):
                cal.add_component(event)
        for code in codes:
            by_prefecture[code - 1].add_component(event)

    (out_dir / "prefectures").mkdir(parents=True, exist_ok=True)
    feeds = [(out_dir / "all.ics", everything)]
    feeds += [(out_dir / f"{rid}.ics", cal) for rid, _, cal in regional]
    feeds += [
        (out_dir / "prefectures" / f"{code:02d}-{romaji}.ics", by_prefecture[code - 1])
        for code, (_, _, romaji) in enumerate(PREFECTURES, start=1)
    ]
    for path, cal in feeds:
        path.write_bytes(cal.to_ical())
    return 0


if __name__ == "__main__":
    sys.exit(main())
