#!/usr/bin/env python3
"""Writes a synthetic, Feeds-like schedule for the feed-generation benchmark.

    make_schedule.py OUT_DIR [--windows 10000] [--notices 200] [--seed 1]

OUT_DIR/regions.yaml and OUT_DIR/systems.yaml are copies of Feeds/regions.yaml and
Feeds/systems.yaml; OUT_DIR/notices/*.yaml are notices in the format of Feeds/notices/*.yaml
(same keys, same layout). Most windows are timed outages or intermittent drops of one system,
as in 2024-12-network-renewal.yaml; a few of each of the other shapes the feeds know are mixed
in: partial windows (`affects`), several systems per notice and per window, all-day `dates`,
`open_end`, `backup`, `cancelled`, a window's own `guidance`, a notice's own `alarms`, and
notices without references or issue date. The output depends only on the arguments (seeded
random), so every run of the benchmark reads the same bytes.

Standard library only: the YAML is written as text so that its layout matches the hand-written
notices (flow-style scopes, unquoted times, Japanese plain scalars).
"""

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGIONS_YAML = REPO / "Feeds" / "regions.yaml"
SYSTEMS_YAML = REPO / "Feeds" / "systems.yaml"
JST = dt.timezone(dt.timedelta(hours=9))

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
assert len(PREFECTURES) == 47

# (id in Feeds/systems.yaml, name there). Notices name systems by id.
SYSTEMS = [
    ("onshi", "オンライン資格確認等システム"),
    ("eprescription", "電子処方箋管理サービス"),
    ("jpki", "公的個人認証サービス"),
    ("mynaportal", "マイナポータル"),
    ("online-claims", "オンライン請求システム"),
]
# Notices that stop two systems at once, as 2024-12-jpki-maintenance.yaml does.
SYSTEM_PAIRS = [("jpki", "onshi"), ("onshi", "eprescription"), ("mynaportal", "jpki")]
# A window's own wording (`label`), else the kind's label.
LABELS = {"outage": "長時間の通信断", "intermittent": "数分間の通信断", "partial": "一部機能の停止"}
FUNCTIONS = [
    "薬剤情報の閲覧", "特定健診情報の閲覧", "電子処方箋の発行", "調剤結果の登録", "マイナ保険証の利用登録",
    "オンライン資格確認", "レセプトの送信", "返戻データの取得",
]
# A notice's own reminders (`alarms`), on a few notices; the rest use the standard policy.
ALARMS = [
    ["  before_start: [前日17:00, 1h]", "  before_end: [15m]"],
    ["  before_start: [2h]"],
    ["  before_start: [前日9:30, 30m, 1d]", "  before_end: [10m, 30m]"],
]
REASONS = [
    ("ネットワーク更改", "network-renewal"),
    ("定期保守作業", "maintenance"),
    ("データセンター設備の法定点検", "facility-inspection"),
    ("セキュリティ更新プログラムの適用", "security-patch"),
    ("基盤システムのバージョンアップ", "platform-upgrade"),
    ("回線事業者の設備工事", "carrier-works"),
    ("認証基盤の証明書更新", "certificate-renewal"),
]
ISSUERS = [
    "厚生労働省保険局医療介護連携政策課",
    "厚生労働省医薬局総務課電子処方箋サービス推進室",
    "社会保険診療報酬支払基金",
    "デジタル庁国民向けサービスグループ",
]
RELAYS = [
    ("日本医師会", "日医発"), ("日本歯科医師会", "日歯発"), ("日本薬剤師会", "日薬業発"),
]
IMPACTS = [
    "{system}への接続ができなくなり、オンライン資格確認、薬剤情報・特定健診情報の閲覧、電子処方箋の登録や調剤結果の送信などで接続エラーになります。",
    "作業時間帯は{system}が利用できません。受付端末やレセプトコンピュータで通信エラーが表示されることがありますが、端末の故障ではありません。",
    "{system}との通信が停止または不安定になり、資格確認や各種照会の応答に時間がかかる、もしくはエラーとなる場合があります。作業終了後は自動的に復旧します。",
]
NOTES = [
    "通信断の間も、患者さんはマイナポータルで自分の資格情報や薬剤情報を表示できます。",
    "作業の進捗により、終了時刻が前後する場合があります。変更があれば改めてお知らせします。",
    "顔認証付きカードリーダーの設定変更は不要です。作業後に再起動する必要もありません。",
    "詳細は医療機関等向け総合ポータルサイトのお知らせをご確認ください。",
    "夜間・休日に診療を行う医療機関・薬局におかれましては、事前に代替手順をご確認ください。",
]
GUIDANCE = {
    "outage": {
        "short": "資格確認は代替手順で。10割負担にしない。",
        "ja": "オンライン資格確認ができません。マイナ保険証の提示があった場合は、ポータルサイト記事「何らかの事情でオンライン資格確認を行えなかった場合」の手順で資格確認し、10割負担とせず適切な自己負担分を請求してください。健康保険証・資格確認書の提示があった場合は、券面で確認してください。",
        "en": "Online eligibility checks are unavailable. For a My Number health insurance card, confirm eligibility by the portal's fallback procedure and charge the normal co-payment, not 100%. For a health insurance card or eligibility certificate, check the card itself.",
    },
    "intermittent": {
        "short": "エラー時は少し待って再試行。直らなければカードリーダーを再起動。",
        "ja": "数分間の通信断が断続的に起きます。エラーが出たら、少し時間をあけて再度お試しください。顔認証付きカードリーダーのエラーが解消しない場合は、カードリーダーの再起動（電源のオン・オフ）をお試しください。それでも資格確認ができない場合は、長時間の通信断と同じ代替手順で対応してください。",
        "en": "Connections drop for a few minutes at a time. On an error, wait a moment and try again. If the face-recognition card reader still fails, restart it (power off and on). If eligibility still cannot be checked, follow the fallback procedure for a long outage.",
    },
}

FIRST_START = dt.datetime(2025, 1, 1, tzinfo=JST)
LAST_START = dt.datetime(2027, 12, 31, 3, tzinfo=JST)  # so that every window ends by 2027-12-31 23:00


def scalar(text: str) -> str:
    """`text` as a YAML plain scalar when that reads back unchanged, else double-quoted."""
    if re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|[:\s]$", text) or text in ("true", "false", "null", "~"):
        return json.dumps(text, ensure_ascii=False)
    return text


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()  # 2025-03-01T03:00:00+09:00


def prefecture_key(rng: random.Random, index: int) -> str:
    """One of the four ways a prefecture may be written: 福岡県, 福岡, fukuoka, 40."""
    name, short, romaji = PREFECTURES[index]
    return rng.choice([name, short, romaji, str(index + 1)])


def scope(rng: random.Random) -> str:
    # Nationwide and regional windows land in up to 50 feeds each, so they dominate the output;
    # these shares keep one Python run of 10,000 windows near a minute.
    roll = rng.random()
    if roll < 0.04:
        return "nationwide"
    if roll < 0.12:
        return "[east-japan]"
    if roll < 0.20:
        return "[west-japan]"
    picked = rng.sample(range(47), rng.randint(1, 5))
    return "[" + ", ".join(prefecture_key(rng, i) for i in sorted(picked)) + "]"


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` positive counts of uneven size, summing exactly to `total`."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    i = 0
    while sum(counts) != total:
        step = 1 if sum(counts) < total else -1
        if counts[i % parts] + step >= 1:
            counts[i % parts] += step
        i += 1
    return counts


def flow(items) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def timing(rng: random.Random, start: dt.datetime) -> tuple[list[str], dt.datetime]:
    """The lines that say when a window is, and when it is over (for the next one's start).

    Mostly `start` and `end`; a few windows are whole days (`dates`) or have no end yet."""
    roll = rng.random()
    if roll < 0.05:
        first = start.date()
        days = [first + dt.timedelta(days=d) for d in sorted(rng.sample(range(0, 6), rng.randint(1, 3)))]
        days = [d for d in days if d <= LAST_START.date()] or [first]
        last = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0), JST)
        return [f"    dates: [{', '.join(d.isoformat() for d in days)}]"], last
    if roll < 0.07:
        return [f"    start: {iso(start)}", "    open_end: true"], start + dt.timedelta(hours=12)
    hours = rng.randint(1, 20)
    end = start + dt.timedelta(hours=hours, minutes=rng.choice([0, 0, 0, 20, 30]))
    return [f"    start: {iso(start)}", f"    end: {iso(end)}"], end


def notice_text(rng: random.Random, number: int, window_count: int) -> tuple[str, str]:
    """(notice id, YAML text) for notice `number` with `window_count` windows."""
    if rng.random() < 0.15:
        systems = list(rng.choice(SYSTEM_PAIRS))
    else:
        systems = [rng.choice(SYSTEMS)[0]]
    names = dict(SYSTEMS)
    system = "・".join(names[s] for s in systems)
    reason, reason_slug = rng.choice(REASONS)
    # The windows of one notice cluster within a few months, as real notices do.
    span_days = (LAST_START - FIRST_START).days
    first = FIRST_START + dt.timedelta(days=rng.randrange(span_days - 120))
    issued = (first - dt.timedelta(days=rng.randint(7, 40))).date()
    updated = dt.datetime.combine(issued, dt.time(rng.randint(9, 18), rng.choice([0, 30])), JST)
    updated += dt.timedelta(days=rng.randint(0, 5))
    revision = rng.choice([1, 1, 1, 2, 2, 3, 4])
    notice_id = f"{first:%Y-%m}-{systems[0]}-{reason_slug}-{number:03d}"
    title = f"{first.year}年{first.month}月の{reason}に伴う{system}への影響"
    issuer = rng.choice(ISSUERS)

    lines = [
        "# yaml-language-server: $schema=../notice.schema.json",
        f"# {title}について（周知依頼）",
        f"id: {notice_id}",
        f"title: {scalar(title)}",
        f"systems: {flow(systems)}",
        f"issuer: {scalar(issuer)}",
    ]
    # A few notices give no date, or no forwarding chain (the source is then the issuer).
    if rng.random() < 0.9:
        lines.append(f"issued: {issued.isoformat()}")
    if rng.random() < 0.9:
        lines += [
            "references:",
            f"  - issuer: {scalar(issuer)}",
            "    number: 事務連絡",
            f"    date: {issued.isoformat()}",
            "    to: 日本医師会・日本歯科医師会・日本薬剤師会",
        ]
        relay, prefix = rng.choice(RELAYS)
        relayed = issued + dt.timedelta(days=rng.randint(1, 3))
        lines += [
            f"  - issuer: {relay}",
            f"    number: {prefix}第{rng.randint(100, 999)}号",
            f"    date: {relayed.isoformat()}",
            f"    to: 都道府県{relay[2:]}",
        ]
        if rng.random() < 0.5:
            name = PREFECTURES[rng.randrange(47)][0]
            lines += [
                f"  - issuer: {name}{relay[2:]}",
                f"    date: {relayed.isoformat()}",
                f"    to: 各地区{relay[2:]}",
            ]
    lines += [
        f"url: https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB{rng.randint(10000, 99999):07d}",
        f"revision: {revision}",
        f"updated: {iso(updated)}",
        f"impact: {scalar(rng.choice(IMPACTS).format(system=system))}",
        "notes:",
    ]
    lines += [f"  - {scalar(n)}" for n in rng.sample(NOTES, rng.randint(1, 3))]
    lines.append("windows:")

    start = first.replace(hour=rng.choice([0, 1, 2, 3, 21, 22, 23]), minute=0)
    for w in range(1, window_count + 1):
        roll = rng.random()
        kind = "outage" if roll < 0.50 else "intermittent" if roll < 0.88 else "partial"
        lines += [
            f"  - id: w{w:03d}-{kind}",
            f"    kind: {kind}",
        ]
        if rng.random() < 0.7:
            lines.append(f"    label: {LABELS[kind]}")
        if len(systems) > 1 and rng.random() < 0.2:
            lines.append(f"    systems: [{rng.choice(systems)}]")
        lines.append(f"    scope: {scope(rng)}")
        when, over = timing(rng, start)
        lines += when
        if rng.random() < 0.35:
            lines.append("    tentative: true")
        if rng.random() < 0.02:
            lines.append("    cancelled: true")
        if rng.random() < 0.03:
            lines.append("    backup: true")
        if kind == "partial":
            stops = rng.sample(FUNCTIONS, rng.randint(1, 2))
            lines += ["    affects:", f"      stops: {flow(stops)}"]
            if rng.random() < 0.5:
                lines.append(f"      works: {flow(rng.sample([f for f in FUNCTIONS if f not in stops], 1))}")
        if rng.random() < 0.03:
            lines += [
                "    guidance:",
                "      short: この時間帯だけの対応です。受付で案内してください。",
                "      ja: この時間帯は通知に書かれた個別の手順で対応します。詳しくは通知をご確認ください。",
            ]
        # Next window: a few hours to a few days after this one is over, clamped to 2025–2027.
        start = over + dt.timedelta(hours=rng.randint(2, 60))
        start = start.replace(minute=0)
        if start > LAST_START:
            start = FIRST_START + dt.timedelta(days=rng.randrange(span_days - 7), hours=rng.choice([0, 2, 22]))

    # Every notice says what to do in an intermittent window (systems.yaml says it for onshi
    # only); most say it for outages too, the rest leave it to systems.yaml, as for partial ones.
    lines.append("guidance:")
    for kind, texts in GUIDANCE.items():
        if kind == "outage" and rng.random() < 0.3:
            continue
        lines.append(f"  {kind}:")
        lines += [f"    {lang}: {scalar(text)}" for lang, text in texts.items()]
    if rng.random() < 0.1:
        lines.append("alarms:")
        lines += rng.choice(ALARMS)
    return notice_id, "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--windows", type=int, default=10_000, help="windows in all (default 10000)")
    parser.add_argument("--notices", type=int, default=200, help="notices to spread them over (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.windows < args.notices or args.notices < 1:
        parser.error("--windows must be at least --notices, and --notices at least 1")

    rng = random.Random(args.seed)
    notices_dir = args.out_dir / "notices"
    if notices_dir.exists():
        shutil.rmtree(notices_dir)  # a smaller rerun must not leave stale notices behind
    notices_dir.mkdir(parents=True)
    shutil.copyfile(REGIONS_YAML, args.out_dir / "regions.yaml")
    shutil.copyfile(SYSTEMS_YAML, args.out_dir / "systems.yaml")

    for number, count in enumerate(split(args.windows, args.notices, rng), start=1):
        notice_id, text = notice_text(rng, number, count)
        (notices_dir / f"{notice_id}.yaml").write_text(text, encoding="utf-8")
    print(f"make_schedule: {args.windows} windows in {args.notices} notices -> {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
