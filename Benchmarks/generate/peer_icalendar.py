#!/usr/bin/env python3
"""The Python peer of `outagecal generate`, for the feed-generation benchmark.

    peer_icalendar.py IN_DIR OUT_DIR [--keep-past 90d] [--keep-cancelled 30d]

Reads IN_DIR/regions.yaml, IN_DIR/systems.yaml and IN_DIR/notices/*.yaml with PyYAML and writes,
with the `icalendar` library, the same feeds with the same events as the Swift side
(Sources/OutageCore/Feeds/FeedBuilder.swift and EventText.swift):

    OUT_DIR/all.ics                   every window
    OUT_DIR/<region id>.ics           windows touching a prefecture of the region
    OUT_DIR/prefectures/NN-romaji.ics windows touching the prefecture (all 47, JIS X 0401 order)
    OUT_DIR/systems/<id>.ics          windows stopping the system (every system of systems.yaml)

(Not index.html, the subscription page: that is Swift's alone.)

The same work as the Swift side, done the same way: one unit per occurrence of a kept window,
its audience-independent texts made once; per feed, each member's description made for the
feed's audience, and each (unit, description) built as an icalendar Event and serialized once,
then spliced into every feed that needs that wording; feeds written one at a time.
compare_events.py checks that both sides wrote the same events.

The rules are kept in small functions named after the Swift they mirror, so that a change of
wording on the Swift side is a change of one function here:

    summary, when, hedges, instructions, action, description, area, source, categories,
    before_start_alarm, before_end_alarm            (EventText.swift)
    uid, status, x_properties, alarms, build_event  (FeedContract.swift, FeedBuilder.buildEvent)
    plans, calendar_head, tokyo_timezone            (FeedBuilder.plans/.calendar)

Input is trusted (the Swift loader's validation is not repeated). Needs: pip install icalendar PyYAML.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard, vText

# ---------------------------------------------------------------------------------------------
# Fixed tables (Model/Prefecture.swift, Model/JST.swift, Model/Window.swift, Model/AlarmPolicy.swift)

TOKYO = ZoneInfo("Asia/Tokyo")          # what DTSTART/DTEND carry: TZID=Asia/Tokyo
JST = dt.timezone(dt.timedelta(hours=9))  # what texts are worked out in
UTC = dt.timezone.utc
WEEKDAYS = "月火水木金土日"  # indexed by date.weekday(): Monday = 0

# The same 47-row table the schedule is written from (JIS X 0401 order): (name, short, romaji).
from make_schedule import PREFECTURES  # noqa: E402

ALL_CODES = frozenset(range(1, 48))
# Prefecture.find: 福岡県, 福岡, fukuoka (any case), 40, "07".
PREFECTURE_CODES = {}
for _code, (_name, _short, _romaji) in enumerate(PREFECTURES, start=1):
    for _key in (_name, _short, _romaji, str(_code), f"{_code:02d}"):
        PREFECTURE_CODES[_key] = _code

# WindowKind.label: the name of a kind when the window gives no wording, and its CATEGORIES entry.
KIND_LABELS = {"outage": "停止", "partial": "一部停止", "intermittent": "断続的な通信断"}

# AlarmPolicy.standard: the day before at 17:00 JST, 30 minutes before the start; 10 minutes
# before the end. A lead is ("minutes", n) or ("day-before", hour, minute).
STANDARD_BEFORE_START = (("day-before", 17, 0), ("minutes", 30))
STANDARD_BEFORE_END = (("minutes", 10),)

# FeedBuilder's calendar-level constants.
CALENDAR_TITLE = "医療機関向けシステム停止予定"
PRODID = "-//OutageCal//Python peer (icalendar)//JA"  # not compared: each side names itself
REFRESH = dt.timedelta(hours=6)
UID_SUFFIX = "@outagecal"
ORGANIZER = "mailto:noreply@outagecal.invalid"


def prefecture_code(key) -> int:
    text = str(key).strip()
    code = PREFECTURE_CODES.get(text) or PREFECTURE_CODES.get(text.lower())
    if code is None:
        raise ValueError(f"unknown prefecture {key!r}")
    return code


def period(text: str) -> dt.timedelta:
    """FeedBuilder.Retention.period: 90d, 12h, 30m."""
    text = str(text).strip().lower()
    for unit, seconds in (("d", 86_400), ("h", 3600), ("m", 60)):
        if text.endswith(unit):
            return dt.timedelta(seconds=int(text[:-1]) * seconds)
    raise ValueError(f"not a period: {text!r}")


# ---------------------------------------------------------------------------------------------
# The catalog, as the Swift loaders read it (Loading/*.swift, Model/*.swift)


class Guidance:
    __slots__ = ("short", "ja", "en")

    def __init__(self, raw: dict):
        self.short = text(raw["short"])
        self.ja = text(raw["ja"])
        self.en = text(raw["en"]) if raw.get("en") is not None else None


class System:
    __slots__ = ("id", "name", "short", "guidance")

    def __init__(self, raw: dict):
        self.id = text(raw["id"])
        self.name = text(raw["name"])
        self.short = text(raw["short"])
        self.guidance = {kind: Guidance(g) for kind, g in (raw.get("guidance") or {}).items() if g}


class Region:
    __slots__ = ("id", "name", "codes", "mask")

    def __init__(self, raw: dict):
        self.id = text(raw["id"])
        self.name = text(raw["name"])
        self.codes = tuple(sorted({prefecture_code(p) for p in raw["prefectures"]}))  # JIS order
        self.mask = mask(self.codes)


class Notice:
    __slots__ = ("id", "title", "systems", "issuer", "issued", "references", "url", "revision", "updated",
                 "impact", "notes", "windows", "guidance", "before_start", "before_end", "source")

    def __init__(self, raw: dict, regions: dict):
        self.id = text(raw["id"])
        self.title = text(raw["title"])
        self.systems = id_list(raw["systems"])
        self.issuer = text(raw["issuer"])
        self.issued = day(raw["issued"]) if raw.get("issued") is not None else None
        self.references = [
            (text(r["issuer"]), text(r["number"]) if r.get("number") is not None else None,
             day(r["date"]) if r.get("date") is not None else None)
            for r in raw.get("references") or []
        ]
        self.url = text(raw["url"]) if raw.get("url") is not None else None
        self.revision = int(raw["revision"])
        self.updated = instant(raw["updated"])
        self.impact = text(raw["impact"]) if raw.get("impact") is not None else None
        self.notes = [str(n) for n in raw.get("notes") or []]
        self.guidance = {kind: Guidance(g) for kind, g in (raw.get("guidance") or {}).items() if g}
        alarms = raw.get("alarms") or {}
        self.before_start = leads(alarms["before_start"]) if "before_start" in alarms else STANDARD_BEFORE_START
        self.before_end = leads(alarms["before_end"]) if "before_end" in alarms else STANDARD_BEFORE_END
        self.windows = [Window(w, regions) for w in raw["windows"]]
        self.source = source(self)


class Window:
    __slots__ = ("id", "kind", "label", "systems", "scope", "codes", "occurrences", "tentative", "cancelled",
                 "backup", "stops", "works", "guidance")

    def __init__(self, raw: dict, regions: dict):
        self.id = text(raw["id"])
        self.kind = text(raw["kind"])
        self.label = text(raw["label"]) if raw.get("label") is not None else KIND_LABELS[self.kind]
        self.systems = id_list(raw["systems"]) if raw.get("systems") is not None else None
        self.scope = scope_items(raw["scope"], regions)
        self.codes = prefectures(self.scope, regions)
        self.tentative = bool(raw.get("tentative", False))
        self.cancelled = bool(raw.get("cancelled", False))
        self.backup = bool(raw.get("backup", False))
        affects = raw.get("affects")
        self.stops = [str(s) for s in as_list(affects["stops"])] if affects else None
        self.works = [str(s) for s in as_list(affects.get("works") or [])] if affects else None
        self.guidance = Guidance(raw["guidance"]) if raw.get("guidance") else None
        self.occurrences = occurrences(raw)


def text(value) -> str:
    """A text field as Fields.string reads it: trimmed."""
    return str(value).strip()


def as_list(value) -> list:
    """A list, or a lone scalar as a one-item list (allowScalar)."""
    return value if isinstance(value, list) else [value]


def id_list(value) -> list:
    return [text(v) for v in as_list(value)]


def instant(value) -> dt.datetime:
    """A date-time with offset; PyYAML makes most of them datetimes already."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value).strip())


def day(value) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return dt.date.fromisoformat(str(value).strip())


def leads(value) -> tuple:
    """AlarmLead(parsing:): 30m, 90 min, 2h, 1d, 前日17:00, day-before 17:00."""
    result = []
    for item in as_list(value):
        lead = str(item).strip().lower()
        for prefix in ("前日", "day-before"):
            if lead.startswith(prefix):
                hour, minute = lead[len(prefix):].strip().split(":")
                result.append(("day-before", int(hour), int(minute)))
                break
        else:
            for unit, factor in (("min", 1), ("m", 1), ("h", 60), ("d", 1440)):
                if lead.endswith(unit):
                    result.append(("minutes", int(lead[:-len(unit)].strip()) * factor))
                    break
            else:
                raise ValueError(f"not a reminder time: {item!r}")
    return tuple(result)


def scope_items(value, regions: dict) -> tuple:
    """("nationwide",), ("region", id), ("prefecture", code), in the notice's order."""
    items = []
    for item in as_list(value):
        key = str(item).strip()
        if key in ("nationwide", "全国"):
            items.append(("nationwide",))
        elif key in regions:
            items.append(("region", key))
        else:
            items.append(("prefecture", prefecture_code(key)))
    return tuple(items)


def prefectures(scope: tuple, regions: dict) -> frozenset:
    """Window.prefectures(in:): the JIS codes a scope touches."""
    codes = set()
    for item in scope:
        if item[0] == "nationwide":
            return ALL_CODES
        if item[0] == "region":
            codes.update(regions[item[1]].codes)
        else:
            codes.add(item[1])
    return frozenset(codes)


def mask(codes) -> int:
    """FeedBuilder.mask: a bit per JIS code."""
    result = 0
    for code in codes:
        result |= 1 << code
    return result


class Occurrence:
    """Window.Occurrence: one timed span (end None: open end), or one whole day."""
    __slots__ = ("index", "start", "end", "day")

    def __init__(self, index, start, end, day_):
        self.index, self.start, self.end, self.day = index, start, end, day_


def occurrences(raw: dict) -> list:
    if raw.get("dates") is not None:
        days = sorted(day(d) for d in as_list(raw["dates"]))
        return [Occurrence(i, midnight(d), midnight(d + dt.timedelta(days=1)), d) for i, d in enumerate(days)]
    start = instant(raw["start"])
    end = None if raw.get("open_end") else instant(raw["end"])
    return [Occurrence(0, start, end, None)]


def midnight(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, tzinfo=JST)


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class Catalog:
    def __init__(self, in_dir: Path):
        self.regions = [Region(r) for r in load_yaml(in_dir / "regions.yaml")["regions"]]
        self.region_by_id = {r.id: r for r in self.regions}
        self.systems = [System(s) for s in load_yaml(in_dir / "systems.yaml")["systems"]]
        self.system_by_id = {s.id: s for s in self.systems}
        names = sorted(p.name for p in (in_dir / "notices").iterdir() if p.name.endswith(".yaml") and not p.name.startswith("."))
        self.notices = sorted((Notice(load_yaml(in_dir / "notices" / n), self.region_by_id) for n in names), key=lambda n: n.id)
        site = in_dir / "site.yaml"
        self.site = (load_yaml(site) or {}) if site.exists() else {}


# ---------------------------------------------------------------------------------------------
# Times as people read them (Model/JST.swift, Window.Occurrence.when)


def jst_date(t: dt.datetime) -> str:
    """2024年12月31日(火)"""
    return f"{t.year}年{t.month}月{t.day}日({WEEKDAYS[t.weekday()]})"


def jst_time(t: dt.datetime) -> str:
    """3:00, 13:30"""
    return f"{t.hour}:{t.minute:02d}"


def japanese_date(d: dt.date) -> str:
    """2024年12月24日"""
    return f"{d.year}年{d.month}月{d.day}日"


def occurrence_when(o: Occurrence) -> str:
    """2024年12月31日(火) 3:00〜5:20, 2025年5月5日(月) 終日, 2025年3月1日(土) 22:00〜（終了未定）."""
    if o.day is not None:
        return f"{jst_date(o.day)} 終日"
    start = o.start.astimezone(JST)
    if o.end is None:
        return f"{jst_date(start)} {jst_time(start)}〜（終了未定）"
    end = o.end.astimezone(JST)
    if start.date() == end.date():
        return f"{jst_date(start)} {jst_time(start)}〜{jst_time(end)}"
    return f"{jst_date(start)} {jst_time(start)}〜{jst_date(end)} {jst_time(end)}"


# ---------------------------------------------------------------------------------------------
# What an event says (Feeds/EventText.swift). A Unit holds one occurrence and the texts that do
# not depend on the feed; description() and area() do.


class Unit:
    __slots__ = ("notice", "window", "occurrence", "systems", "codes", "mask", "system_ids", "nationwide",
                 "scope_label", "summary", "when", "instructions", "action", "categories", "serialized")

    def __init__(self, catalog: Catalog, notice: Notice, window: Window, occurrence: Occurrence):
        self.notice, self.window, self.occurrence = notice, window, occurrence
        self.system_ids = window.systems if window.systems is not None else notice.systems  # Notice.systemIDs(of:)
        self.systems = [catalog.system_by_id[i] for i in self.system_ids if i in catalog.system_by_id]
        self.codes = window.codes
        self.mask = mask(window.codes)
        self.nationwide = len(window.codes) == 47
        self.scope_label = scope_label(self, catalog)
        self.summary = summary(self)
        self.when = when(self)
        self.instructions = instructions(self)
        self.action = action(self)
        self.categories = categories(self)
        self.serialized = {}  # description -> the event's bytes


def scope_label(u: Unit, catalog: Catalog) -> str:
    """西日本, 全国, 福岡・佐賀 (RegionMap.names(of:shortPrefectures: true))."""
    if u.nationwide:
        return "全国"
    words = []
    for item in u.window.scope:
        if item[0] == "nationwide":
            words.append("全国")
        elif item[0] == "region":
            region = catalog.region_by_id.get(item[1])
            words.append(region.name if region else item[1])
        else:
            words.append(PREFECTURES[item[1] - 1][1])
    return "・".join(words)


def system_label(u: Unit) -> str:
    """オンライン資格確認等システム, or the short names of several: 公的個人認証・オン資."""
    return u.systems[0].name if len(u.systems) == 1 else "・".join(s.short for s in u.systems)


def hedges(u: Unit) -> str:
    """（予備日・予定・終了未定）"""
    words = []
    if u.window.backup:
        words.append("予備日")
    if u.window.tentative:
        words.append("予定")
    if u.occurrence.end is None:
        words.append("終了未定")
    return f"（{'・'.join(words)}）" if words else ""


def summary(u: Unit) -> str:
    """【西日本】オンライン資格確認等システム 長時間の通信断（予定）, 【中止】 first when called off."""
    if u.window.cancelled:
        return f"【中止】【{u.scope_label}】{system_label(u)} {u.window.label}"
    return f"【{u.scope_label}】{system_label(u)} {u.window.label}{hedges(u)}"


def when(u: Unit) -> str:
    """2024年12月31日(火) 3:00〜5:20（予定）"""
    tentative = u.window.tentative and u.occurrence.end is not None
    return occurrence_when(u.occurrence) + ("（予定）" if tentative else "")


def instructions(u: Unit) -> list:
    """[(system or None, Guidance)]: the window's own, else the notice's for the kind, else each system's."""
    if u.window.guidance is not None:
        return [(None, u.window.guidance)]
    common = u.notice.guidance.get(u.window.kind)
    if common is not None:
        return [(None, common)]
    resolved = [(s, s.guidance[u.window.kind]) for s in u.systems if u.window.kind in s.guidance]
    return [(None, resolved[0][1])] if len(resolved) == 1 else resolved


def action(u: Unit):
    """X-OUTAGECAL-ACTION and the alarms' 対応: one short line per instruction."""
    lines = [(f"【{s.short}】" if s else "") + g.short for s, g in u.instructions]
    return "\n".join(lines) if lines else None


def source(n: Notice) -> str:
    """「title」 issuer number（date） → …, or the issuer（issued） when there are no references."""
    parts = []
    for issuer, number, date in n.references:
        part = issuer
        if number is not None:
            part += f" {number}"
        if date is not None:
            part += f"（{japanese_date(date)}）"
        parts.append(part)
    if not parts:
        parts = [n.issuer + (f"（{japanese_date(n.issued)}）" if n.issued is not None else "")]
    return f"「{n.title}」 " + " → ".join(parts)


def area(u: Unit, audience: tuple) -> str:
    """The 対象 line as this feed's reader needs it (EventText.area(for:))."""
    kind = audience[0]
    if kind in ("everyone", "system"):
        if u.nationwide:
            return "全国（47都道府県）"
        return f"{u.scope_label}（{'、'.join(PREFECTURES[c - 1][0] for c in sorted(u.codes))}）"
    if kind == "prefecture":
        if u.nationwide:
            return "全国"
        if len(u.codes) == 1:
            return PREFECTURES[audience[1] - 1][0]
        return f"{PREFECTURES[audience[1] - 1][0]}を含む{u.scope_label}"
    region = audience[1]  # "region"
    if u.nationwide:
        return "全国"
    inside = [c for c in region.codes if c in u.codes]
    if len(inside) == len(region.codes):
        if u.window.scope == (("region", region.id),):
            return f"{region.name}全域"
        return f"{region.name}全域を含む{u.scope_label}"
    return f"{u.scope_label}（{region.name}では{'、'.join(PREFECTURES[c - 1][0] for c in inside)}）"


def description(u: Unit, audience: tuple) -> str:
    """DESCRIPTION: where, when, what stops, what to do, the source; the area for `audience`."""
    w, n = u.window, u.notice
    lines = []
    if w.cancelled:
        lines.append("この予定は中止になりました。通常どおり使えます。")
    if w.backup and not w.cancelled:
        lines.append("予備日です。作業が予定どおり終わらなかった場合にだけ停止します。")
    lines.append(f"日時：{u.when}")
    lines.append(f"対象：{area(u, audience)}")
    lines.append(f"システム：{'、'.join(s.name for s in u.systems)}")
    if n.impact is not None:
        lines.append(f"影響：{n.impact}")
    if w.stops is not None:
        lines.append(f"止まる機能：{'、'.join(w.stops)}")
        if w.works:
            lines.append(f"使える機能：{'、'.join(w.works)}")
    if not w.cancelled:
        for s, g in u.instructions:
            lines.append("対応：" + (f"【{s.short}】" if s else "") + g.short)
        for s, g in u.instructions:
            lines.append("")
            lines.append((f"【{s.name}】" if s else "") + g.ja)
        if n.notes:
            lines.append("")
            lines += [f"※{note}" for note in n.notes]
        if w.tentative:
            lines.append("※時刻は予定です。変更されることがあります。")
        if u.occurrence.end is None:
            lines.append("※終了時刻は通知に書かれていません（再開未定）。")
    lines.append("")
    lines.append(f"出典：{n.source}")
    if n.url is not None:
        lines.append(f"詳細：{n.url}")
    english = [g.en for _, g in u.instructions if g.en is not None]
    if english and not w.cancelled:
        lines.append("")
        lines += [f"[English] {e}" for e in english]
    return "\n".join(lines)


def before_start_alarm(u: Unit) -> str:
    text_ = f"{u.summary}\n{u.when}"
    if u.window.backup:
        text_ += "\n予備日：作業が延びた場合にだけ停止します。"
    if u.action is not None:
        text_ += f"\n対応：{u.action}"
    return text_


def before_end_alarm(u: Unit, end: dt.datetime) -> str:
    return (f"まもなく終了予定（{jst_time(end.astimezone(JST))}）：{u.summary}\n"
            "終了後もエラーが続く場合は、少し待ってからもう一度お試しください。")


def categories(u: Unit) -> list:
    """The systems, the kind, 予備日 where it is one, 計画停止 (a comma inside one becomes 、)."""
    names = [s.name for s in u.systems] + [KIND_LABELS[u.window.kind]]
    names += ["予備日"] if u.window.backup else []
    return [c.replace(",", "、") for c in names + ["計画停止"]]


# ---------------------------------------------------------------------------------------------
# The VEVENT (FeedBuilder.buildEvent, FeedContract.swift, AlarmLead.seconds(before:))


def uid(u: Unit) -> str:
    """<notice>.<window>@outagecal, <notice>.<window>.<n>@outagecal for the n-th date (n ≥ 2)."""
    index = u.occurrence.index
    suffix = "" if index == 0 else f".{index + 1}"
    return f"{u.notice.id}.{u.window.id}{suffix}{UID_SUFFIX}"


def status(u: Unit) -> str:
    if u.window.cancelled:
        return "CANCELLED"
    return "TENTATIVE" if u.window.tentative or u.window.backup else "CONFIRMED"


def x_properties(u: Unit) -> list:
    """The X-OUTAGECAL-* properties, in the Swift side's order."""
    w = u.window
    props = [
        ("X-OUTAGECAL-KIND", w.kind),
        ("X-OUTAGECAL-SYSTEM", ",".join(u.system_ids)),
        ("X-OUTAGECAL-AREA", u.scope_label),
    ]
    if u.action is not None:
        props.append(("X-OUTAGECAL-ACTION", u.action))
    if w.stops is not None:
        props.append(("X-OUTAGECAL-STOPS", "、".join(w.stops)))
        if w.works:
            props.append(("X-OUTAGECAL-WORKS", "、".join(w.works)))
    if w.backup:
        props.append(("X-OUTAGECAL-BACKUP", "TRUE"))
    if u.occurrence.end is None:
        props.append(("X-OUTAGECAL-OPEN-END", "TRUE"))
    return props


def lead_seconds(lead: tuple, moment: dt.datetime) -> int:
    """Seconds between the reminder and `moment`."""
    if lead[0] == "minutes":
        return lead[1] * 60
    local = moment.astimezone(JST)
    at = dt.datetime(local.year, local.month, local.day, lead[1], lead[2], tzinfo=JST) - dt.timedelta(days=1)
    return max(0, int((moment - at).total_seconds()))


def alarms(u: Unit) -> list:
    """[(seconds before, "START"/"END", text)]: the before-start ones first (Outlook keeps only the
    first); none when cancelled; a whole day gets only the day-before ones; no before-end ones on
    an open end, a whole day or a backup day; each trigger once."""
    if u.window.cancelled:
        return []
    o, result, seen = u.occurrence, [], set()
    all_day = o.day is not None
    start_text = None
    for lead in u.notice.before_start:
        if all_day and lead[0] == "minutes":
            continue
        trigger = (lead_seconds(lead, o.start), "START")
        if trigger not in seen:
            seen.add(trigger)
            start_text = start_text or before_start_alarm(u)
            result.append((*trigger, start_text))
    if o.end is None or all_day or u.window.backup:
        return result
    for lead in u.notice.before_end:
        trigger = (lead_seconds(lead, o.end), "END")
        if trigger not in seen:
            seen.add(trigger)
            result.append((*trigger, before_end_alarm(u, o.end)))
    return result


def build_event(u: Unit, description_: str) -> bytes:
    n, o = u.notice, u.occurrence
    updated = n.updated.astimezone(UTC)
    e = Event()
    e.add("uid", uid(u))
    e.add("dtstamp", updated)
    e.add("last-modified", updated)
    e.add("sequence", n.revision)
    e.add("organizer", ORGANIZER, parameters={"CN": "OutageCal"})  # FeedContract.organizer
    if o.day is not None:
        e.add("dtstart", o.day)
        e.add("dtend", o.day + dt.timedelta(days=1))
    else:
        e.add("dtstart", o.start.astimezone(TOKYO))
        if o.end is not None:  # an open end has no DTEND
            e.add("dtend", o.end.astimezone(TOKYO))
    e.add("status", status(u))
    e.add("transp", "TRANSPARENT")
    e.add("summary", u.summary)
    e.add("description", description_)
    if n.url is not None:
        e.add("url", n.url)
    e.add("categories", u.categories)
    for name, value in x_properties(u):
        e.add(name, vText(value))  # TEXT, escaped as the Swift side escapes X- values
    for seconds, related, text_ in alarms(u):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(seconds=-seconds), parameters={"RELATED": "END"} if related == "END" else None)
        alarm.add("description", text_)
        e.add_component(alarm)
    return e.to_ical(sorted=False)


# ---------------------------------------------------------------------------------------------
# The feeds (FeedBuilder.plans, .calendar, .forEachFeed)


class Plan:
    __slots__ = ("path", "name", "description", "audience", "includes")

    def __init__(self, path, name, description_, audience, includes):
        self.path, self.name, self.description, self.audience, self.includes = path, name, description_, audience, includes


def plans(catalog: Catalog) -> list:
    """all.ics, one per region, one per prefecture, one per system; sorted by path."""
    system_names = "、".join(s.name for s in catalog.systems)

    def about(audience: str, systems: str) -> str:
        return (f"{audience}の医療機関・薬局向けに、{systems}の計画停止の予定をお知らせします。"
                "厚生労働省などの通知をもとに OutageCal が作成しています。")

    result = [Plan("all.ics", f"{CALENDAR_TITLE}（全国）", about("全国", system_names), ("everyone",), lambda u: True)]
    for region in catalog.regions:
        names = [PREFECTURES[c - 1][0] for c in region.codes]
        span = f"{names[0]}〜{names[-1]}" if len(names) > 1 else (names[0] if names else "")
        result.append(Plan(f"{region.id}.ics", f"{CALENDAR_TITLE}（{region.name}）", about(f"{region.name}（{span}）", system_names),
                           ("region", region), lambda u, m=region.mask: u.mask & m != 0))
    for code, (name, _, romaji) in enumerate(PREFECTURES, start=1):
        result.append(Plan(f"prefectures/{code:02d}-{romaji}.ics", f"{CALENDAR_TITLE}（{name}）", about(name, system_names),
                           ("prefecture", code), lambda u, m=1 << code: u.mask & m != 0))
    for system in catalog.systems:
        result.append(Plan(f"systems/{system.id}.ics", f"{system.name} 停止予定（全国）", about("全国", system.name),
                           ("system", system), lambda u, i=system.id: i in u.system_ids))
    return sorted(result, key=lambda p: p.path)


def tokyo_timezone() -> Timezone:
    """Asia/Tokyo as a compact VTIMEZONE: one STANDARD rule, +09:00 since 1970."""
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=9))
    standard.add("tzoffsetto", dt.timedelta(hours=9))
    standard.add("tzname", "JST")
    tz = Timezone()
    tz.add("tzid", "Asia/Tokyo")
    tz.add_component(standard)
    return tz


def calendar_head(plan: Plan, timezone: Timezone) -> bytes:
    """The VCALENDAR's properties and VTIMEZONE, without END:VCALENDAR (events go after it)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", plan.name)
    cal.add("x-wr-calname", vText(plan.name))
    cal.add("description", plan.description)
    cal.add("x-wr-caldesc", vText(plan.description))
    cal.add("x-wr-timezone", vText("Asia/Tokyo"))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vText("PT6H"))
    cal.add_component(timezone)
    ical = cal.to_ical(sorted=False)
    end = b"END:VCALENDAR\r\n"
    assert ical.endswith(end)
    return ical[: -len(end)]


def units(catalog: Catalog, keep_past: dt.timedelta, keep_cancelled: dt.timedelta) -> list:
    """Every occurrence of every kept window (FeedBuilder.Retention.keeps), in time order."""
    newest = max((n.updated for n in catalog.notices), default=None)
    result = []
    for notice in catalog.notices:
        for window in notice.windows:
            if newest is not None:
                last = window.occurrences[-1].end or window.occurrences[0].start
                if last < newest - keep_past:
                    continue
                if window.cancelled and notice.updated < newest - keep_cancelled:
                    continue
            for occurrence in window.occurrences:
                result.append(Unit(catalog, notice, window, occurrence))
    result.sort(key=lambda u: (u.occurrence.start, u.notice.id, u.window.id, u.occurrence.index))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("in_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--keep-past", help="as generate's; default: site.yaml's keep_past, else 90d")
    parser.add_argument("--keep-cancelled", help="as generate's; default: site.yaml's keep_cancelled, else 30d")
    args = parser.parse_args()

    catalog = Catalog(args.in_dir)
    keep_past = period(args.keep_past or catalog.site.get("keep_past") or "90d")
    keep_cancelled = period(args.keep_cancelled or catalog.site.get("keep_cancelled") or "30d")
    everything = units(catalog, keep_past, keep_cancelled)

    timezone = tokyo_timezone()
    end = b"END:VCALENDAR\r\n"
    for plan in plans(catalog):
        parts = [calendar_head(plan, timezone)]
        for u in everything:
            if not plan.includes(u):
                continue
            text_ = description(u, plan.audience)
            built = u.serialized.get(text_)
            if built is None:
                built = u.serialized[text_] = build_event(u, text_)
            parts.append(built)
        parts.append(end)
        path = args.out_dir / plan.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
