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
WEEKDAYS = "月火水木金土日"  # datetime.weekday(): Monday = 0

# Reminders: N hours before the start, 15 minutes before the start, 10 minutes before the end.
LEAD_HOURS = 24
SOON_MINUTES = 15
END_MINUTES = 10

KIND_LABELS = {"outage": "長時間の通信断", "intermittent": "数分間の通信断"}

# JIS X 0401 order: (full name, short name, romaji).
PREFECTURES = [
    ("北海道", "北海道", "hokkaido"), ("青森県", "青森", "aomori"), ("岩手県", "岩手", "iwate"),
    ("宮城県", "宮城", "miyagi"), ("秋田県", "秋田", "akita"), ("山形県", "山形", "yamagata"),
    ("福島県", "福島", "fukushima"), ("茨城県", "茨城", "ibaraki"), ("栃木県", "栃木", "tochigi"),
    ("群馬県", "群馬", "gunma"), ("埼玉県", "埼玉", "saitama"), ("千葉県", "千葉", "chiba"),
    ("東京都", "東京", "tokyo"), ("神奈川県", "神奈川", "kanagawa"), ("新潟県", "新潟", "niigata"),
    ("富山県", "富山", "toyama"), ("石川県", "石川", "ishikawa"), ("福井県", "福井", "fukui"),
    ("山梨県", "山梨", "yamanashi"), ("長野県", "長野", "nagano"), ("岐阜県", "岐阜", "gifu"),
    ("静岡県", "静岡", "shizuoka"), ("愛知県", "愛知", "aichi"), ("三重県", "三重", "mie"),
    ("滋賀県", "滋賀", "shiga"), ("京都府", "京都", "kyoto"), ("大阪府", "大阪", "osaka"),
    ("兵庫県", "兵庫", "hyogo"), ("奈良県", "奈良", "nara"), ("和歌山県", "和歌山", "wakayama"),
    ("鳥取県", "鳥取", "tottori"), ("島根県", "島根", "shimane"), ("岡山県", "岡山", "okayama"),
    ("広島県", "広島", "hiroshima"), ("山口県", "山口", "yamaguchi"), ("徳島県", "徳島", "tokushima"),
    ("香川県", "香川", "kagawa"), ("愛媛県", "愛媛", "ehime"), ("高知県", "高知", "kochi"),
    ("福岡県", "福岡", "fukuoka"), ("佐賀県", "佐賀", "saga"), ("長崎県", "長崎", "nagasaki"),
    ("熊本県", "熊本", "kumamoto"), ("大分県", "大分", "oita"), ("宮崎県", "宮崎", "miyazaki"),
    ("鹿児島県", "鹿児島", "kagoshima"), ("沖縄県", "沖縄", "okinawa"),
]
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


def jst_range(start: dt.datetime, end: dt.datetime) -> str:
    """2024年12月31日(火) 3:00〜5:20, with both dates when the range crosses midnight."""
    def date(t):
        return f"{t.year}年{t.month}月{t.day}日({WEEKDAYS[t.weekday()]})"

    def time(t):
        return f"{t.hour}:{t.minute:02d}"

    if start.date() == end.date():
        return f"{date(start)} {time(start)}〜{time(end)}"
    return f"{date(start)} {time(start)}〜{date(end)} {time(end)}"


class Peer:
    def __init__(self, regions: list[dict]):
        self.regions = [
            (r["id"], r["name"], frozenset(prefecture_code(p) for p in r["prefectures"])) for r in regions
        ]
        self.region_by_id = {rid: (name, codes) for rid, name, codes in self.regions}

    def scope(self, scope) -> tuple[frozenset[int], str]:
        """(prefecture codes, label for people) of a window's scope."""
        items = [scope] if isinstance(scope, str) else scope
        codes: set[int] = set()
        labels = []
        for item in items:
            if item == "nationwide":
                return frozenset(range(1, 48)), "全国"
            if isinstance(item, str) and item in self.region_by_id:
                name, members = self.region_by_id[item]
                codes |= members
                labels.append(name)
            else:
                code = prefecture_code(item)
                codes.add(code)
                labels.append(PREFECTURES[code - 1][0])
        return frozenset(codes), "・".join(labels)

    def event(self, notice: dict, window: dict, area: str) -> Event:
        kind = window["kind"]
        start = window["start"].astimezone(TOKYO)
        end = window["end"].astimezone(TOKYO)
        updated = notice["updated"].astimezone(UTC)
        tentative = bool(window.get("tentative", False))
        cancelled = bool(window.get("cancelled", False))
        guidance = notice["guidance"][kind]
        label = KIND_LABELS[kind]
        mark = "（中止）" if cancelled else "（予定）" if tentative else ""
        summary = f"【{area}】{notice['system']} {label}{mark}"

        lines = [f"{jst_range(start, end)} {label}{mark}", f"対象: {area}", ""]
        if notice.get("impact"):
            lines += [notice["impact"], ""]
        lines += ["【対応】", guidance["ja"], ""]
        if notice.get("notes"):
            lines += ["【備考】"] + [f"・{n}" for n in notice["notes"]] + [""]
        lines.append(f"出典: {notice['title']}")
        for ref in notice.get("references", []):
            parts = [ref["issuer"], ref.get("number"), f"({ref['date']})" if ref.get("date") else None]
            lines.append("  " + " ".join(str(p) for p in parts if p))
        if notice.get("url"):
            lines.append(notice["url"])

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
        event.add("categories", [notice["system"], label])

        when = f"{start.month}/{start.day} {start.hour}:{start.minute:02d}"
        reminders = [
            (dt.timedelta(hours=-LEAD_HOURS), None, f"{summary} {when}から。{guidance['short']}"),
            (dt.timedelta(minutes=-SOON_MINUTES), None, f"{summary} {when}から。{guidance['short']}"),
            (dt.timedelta(minutes=-END_MINUTES), "END",
             f"{summary} まもなく終了（{end.hour}:{end.minute:02d}）。エラーになった処理をやり直してください。"),
        ]
        for trigger, related, text in reminders:
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


def calendar(name: str, timezone: Timezone) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//OutageCal//Python peer (icalendar)//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add_component(timezone)
    return cal


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    in_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    peer = Peer(load_yaml(in_dir / "regions.yaml")["regions"])

    # Build every event once, remembering which prefectures it touches.
    built = []
    for path in sorted((in_dir / "notices").glob("*.yaml")):
        notice = load_yaml(path)
        for window in notice["windows"]:
            codes, area = peer.scope(window["scope"])
            built.append((window["start"], f"{notice['id']}.{window['id']}", codes, peer.event(notice, window, area)))
    built.sort(key=lambda b: (b[0], b[1]))

    timezone = tokyo_timezone()
    everything = calendar("計画停止（全国）", timezone)
    regional = [(rid, members, calendar(f"計画停止（{name}）", timezone)) for rid, name, members in peer.regions]
    by_prefecture = [calendar(f"計画停止（{name}）", timezone) for name, _, _ in PREFECTURES]
    for _, _, codes, event in built:
        everything.add_component(event)
        for _, members, cal in regional:
            if not codes.isdisjoint(members):
                cal.add_component(event)
        for code in sorted(codes):
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
