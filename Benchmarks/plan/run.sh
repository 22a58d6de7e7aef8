#!/usr/bin/env bash
# Plan benchmark: `outagecal plan --json` (Swift, libical) against a Python peer
# (icalendar + recurring-ical-events) on the same synthetic feed of 10,000 VEVENTs.
#
#   bash Benchmarks/plan/run.sh
#
# Builds the release binary in .build-bench, writes the feed and keeps a venv under
# Benchmarks/.work/plan (git-ignored), runs each side once to warm up and then RUNS times under
# /usr/bin/time, and prints median wall time, peak RSS, their ratios, the alert counts, and
# whether both sides printed the same alerts: the same (uid, kind, time) set, and the same bytes.
# A last, untimed pair of runs repeats the check over the whole 400-day expansion period.
#
# Knobs (environment): RUNS=3 EVENTS=10000 SEED=1 NOW=2025-10-01T09:00:30+09:00 DAYS=60.
# SKIP_BUILD=1 uses the binary already in .build-bench as it is (when the tree does not build).
# NOW has seconds :30 so that no alert time falls exactly on NOW or on the horizon.
set -euo pipefail

RUNS=${RUNS:-3}
EVENTS=${EVENTS:-10000}
SEED=${SEED:-1}
NOW=${NOW:-2025-10-01T09:00:30+09:00}
DAYS=${DAYS:-60}
CHECK_DAYS=400

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

work=Benchmarks/.work/plan
venv=$work/venv
feed=$work/feed.ics
bin=.build-bench/release/outagecal
began=$SECONDS

. Benchmarks/lib.sh

need_time

build_release

peer_venv "$venv" "recurring_ical_events, icalendar" recurring-ical-events icalendar
py="$venv/bin/python"
"$py" -c 'import importlib.metadata as m; print("   peer: python", __import__("sys").version.split()[0], *(f"{p} {m.version(p)}" for p in ("recurring-ical-events", "icalendar", "python-dateutil", "x-wr-timezone")))' >&2

say "writing feed: $EVENTS VEVENTs (seed $SEED) -> $feed"
"$py" "$here/make_feed.py" "$feed" --events "$EVENTS" --seed "$SEED"

# The notifier state and feed cache go to throw-away directories: plan must start from an
# empty state (and must not touch the user's).
xdg=$(mktemp -d)
trap 'rm -rf "$xdg"' EXIT
mkdir -p "$xdg/state" "$xdg/cache"
export XDG_STATE_HOME=$xdg/state XDG_CACHE_HOME=$xdg/cache

swift_cmd() { "$bin" plan --feed "$feed" --json --days "$1" --now "$NOW"; }
python_cmd() { "$py" "$here/peer_recurring.py" "$feed" "$NOW" "$1"; }

# The timed commands (/usr/bin/time runs programs, not shell functions).
swift_cmd_line=("$bin" plan --feed "$feed" --json --days "$DAYS" --now "$NOW")
python_cmd_line=("$py" "$here/peer_recurring.py" "$feed" "$NOW" "$DAYS")

# run SIDE TIMES_FILE: one run with DAYS; its JSON lines go to $work/SIDE.jsonl, and
# "seconds kib" is appended to TIMES_FILE.
run() {
    local side=$1 times=$2
    local -n cmd="${side}_cmd_line"
    if ! /usr/bin/time -f '%e %M' -o "$work/$side.last" "${cmd[@]}" >"$work/$side.jsonl" 2>"$work/$side.err"; then
        say "$side failed: ${cmd[*]}"
        cat "$work/$side.err" "$work/$side.last" >&2
        exit 1
    fi
    tail -n 1 "$work/$side.last" >>"$times"
}

for side in swift python; do
    : >"$work/$side.times"; : >"$work/$side-warmup.times"
    shown="${side}_cmd_line[*]"
    say "$side: warm-up + $RUNS runs: ${!shown}"
    run "$side" "$work/$side-warmup.times"
    for _ in $(seq "$RUNS"); do run "$side" "$work/$side.times"; done
    sed 's/^/   /' "$work/$side.times" >&2
    if [ -s "$work/$side.err" ]; then say "$side wrote to stderr:"; head -n 20 "$work/$side.err" >&2; fi
done

say "check over the whole period (--days $CHECK_DAYS, untimed)"
swift_cmd "$CHECK_DAYS" >"$work/swift-full.jsonl"
python_cmd "$CHECK_DAYS" >"$work/python-full.jsonl"

leftovers=$(find "$xdg" -mindepth 2 | head -n 5)
[ -z "$leftovers" ] || say "note: plan left files in the temporary XDG directories: $leftovers"

"$py" - "$work" "$EVENTS" "$NOW" "$DAYS" "$CHECK_DAYS" "$((SECONDS - began))" <<'EOF'
import collections, json, statistics, sys
from pathlib import Path

work, events, now, days, check_days, elapsed = sys.argv[1:]
work = Path(work)

def timings(side):
    rows = [line.split() for line in (work / f"{side}.times").read_text().splitlines() if line.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows) / 1024

def alerts(name):
    path = work / name
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows, collections.Counter((r["uid"], r["kind"], r["time"]) for r in rows), path.read_bytes()

def compare(label, swift_name, python_name):
    s_rows, s_keys, s_bytes = alerts(swift_name)
    p_rows, p_keys, p_bytes = alerts(python_name)
    same_set = set(s_keys) == set(p_keys)
    print(f"{label}: Swift {len(s_rows):,} alerts, Python {len(p_rows):,}; "
          f"(uid, kind, time) sets {'agree' if same_set else 'DIFFER'}"
          + ("" if s_keys == p_keys or not same_set else " (but not the multisets)")
          + ("; output byte-identical" if s_bytes == p_bytes else "; output bytes differ"))
    if not same_set:
        only_s, only_p = sorted(set(s_keys) - set(p_keys)), sorted(set(p_keys) - set(s_keys))
        print(f"  only Swift ({len(only_s)}): {only_s[:5]}")
        print(f"  only Python ({len(only_p)}): {only_p[:5]}")
    kinds = collections.Counter(r["kind"] for r in s_rows)
    late = sum(r["late"] for r in s_rows)
    print("  by kind (Swift): " + ", ".join(f"{k} {n:,}" for k, n in sorted(kinds.items())) + f"; late {late:,}")
    return same_set

(st, sm), (pt, pm) = timings("swift"), timings("python")
print(f"\noutagecal plan --json, {events} VEVENTs, --now {now} --days {days} "
      "(median of the timed runs; peak RSS is the median too)\n")
print(f"{'':10} {'wall s':>8} {'peak MiB':>9}")
print(f"{'Swift':10} {st:8.2f} {sm:9.1f}")
print(f"{'Python':10} {pt:8.2f} {pm:9.1f}")
print(f"{'Py/Swift':10} {pt / st:7.1f}x {pm / sm:8.1f}x\n")
ok = compare(f"--days {days}", "swift.jsonl", "python.jsonl")
ok = compare(f"--days {check_days}", "swift-full.jsonl", "python-full.jsonl") and ok
print(f"(benchmark took {int(elapsed) // 60}m{int(elapsed) % 60:02d}s including the build)")
sys.exit(0 if ok else 1)
EOF
