#!/usr/bin/env bash
# Feed-generation benchmark: `outagecal generate` (Swift, libical) against a Python peer
# (PyYAML + icalendar) on the same synthetic schedule of 10,000 windows.
#
#   bash Benchmarks/generate/run.sh
#   WINDOWS=200 RUNS=1 SKIP_BUILD=1 BIN=.build/debug/outagecal bash Benchmarks/generate/run.sh  # a quick try
#   COMPARE=0 bash Benchmarks/generate/run.sh      # timings only (the 10,000-window comparison is slow)
#
# Builds the release binary in .build-bench (not .build, so it never waits on a developer's
# build), keeps a venv and the schedule under Benchmarks/.work (git-ignored), runs each side
# once to warm up and then RUNS times under /usr/bin/time, and prints median wall time, peak
# RSS, their ratios, and what each side wrote; then compare_events.py checks that both wrote the
# same feeds with the same events (exit status 1 if not). At 10,000 windows the timed runs take
# about 8 minutes with RUNS=3, nearly all of it Python, and the comparison over 25 more (hence
# COMPARE=0 there, and the comparison at WINDOWS=2000: about a minute in all).
set -euo pipefail

RUNS=${RUNS:-3}
WINDOWS=${WINDOWS:-10000}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

work=Benchmarks/.work
venv=$work/venv
schedule=$work/schedule
out_swift=$work/out-swift
out_python=$work/out-python
bin=${BIN:-.build-bench/release/outagecal}  # BIN=… with SKIP_BUILD=1: another build, to try the script
began=$SECONDS

. Benchmarks/lib.sh

need_time

build_release

peer_venv "$venv" "icalendar, yaml" icalendar PyYAML
py="$venv/bin/python"

say "writing schedule: $WINDOWS windows -> $schedule"
"$py" "$here/make_schedule.py" "$schedule" --windows "$WINDOWS" --seed 1

# Retention is opened wide on both sides, so that every window of the schedule is written.
# (generate also writes index.html, which the peer does not; its cost stays in.)
retention=(--keep-past 100000d --keep-cancelled 100000d)
swift_cmd=("$bin" generate --feeds "$schedule" --out "$out_swift" "${retention[@]}")
python_cmd=("$py" "$here/peer_icalendar.py" "$schedule" "$out_python" "${retention[@]}")

# run SIDE OUT_DIR CMD...: one run into a fresh OUT_DIR; appends "seconds kib" to $work/SIDE.times.
run() {
    local side=$1 out=$2
    shift 2
    rm -rf "$out"
    if ! /usr/bin/time -f '%e %M' -o "$work/$side.last" "$@" >"$work/$side.log" 2>&1; then
        say "$side failed: $*"
        cat "$work/$side.log" >&2
        exit 1
    fi
    tail -n 1 "$work/$side.last" >>"$work/$side.times"
}

for side in swift python; do
    : >"$work/$side.times"; : >"$work/$side-warmup.times"
    if [ "$side" = swift ]; then cmd=("${swift_cmd[@]}"); out=$out_swift; else cmd=("${python_cmd[@]}"); out=$out_python; fi
    say "$side: warm-up + $RUNS runs: ${cmd[*]}"
    run "$side-warmup" "$out" "${cmd[@]}"
    for _ in $(seq "$RUNS"); do run "$side" "$out" "${cmd[@]}"; done
    sed 's/^/   /' "$work/$side.times" >&2
done

# The floor: the same bytes copied with cp -r (page cache warm, as for generate), RUNS times;
# and copied, then flushed to disk with sync, as generate flushes each file before it renames
# it into place (sync flushes the whole machine's writes, so that figure is an upper bound).
: >"$work/cp.times"; : >"$work/cp-sync.times"
sync
for _ in $(seq "$RUNS"); do
    rm -rf "$work/out-cp"; sync
    /usr/bin/time -f '%e %M' -o "$work/cp.last" cp -r "$out_swift" "$work/out-cp"
    tail -n 1 "$work/cp.last" >>"$work/cp.times"
    rm -rf "$work/out-cp"; sync
    /usr/bin/time -f '%e %M' -o "$work/cp.last" sh -c 'cp -r "$1" "$2" && sync' sh "$out_swift" "$work/out-cp"
    tail -n 1 "$work/cp.last" >>"$work/cp-sync.times"
done
rm -rf "$work/out-cp"

# The table.
"$py" - "$work" "$out_swift" "$out_python" "$WINDOWS" <<'EOF'
import re, statistics, sys
from pathlib import Path

work, out_swift, out_python, windows = sys.argv[1:]
work = Path(work)
VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE)

def timings(side):
    rows = [line.split() for line in (work / f"{side}.times").read_text().splitlines() if line.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows) / 1024

def written(out):
    files = {p.relative_to(out).as_posix(): p for p in Path(out).rglob("*") if p.is_file()}
    events = {name: len(VEVENT.findall(p.read_bytes())) for name, p in files.items() if name.endswith(".ics")}
    return events, sum(p.stat().st_size for p in files.values())

(st, sm), (pt, pm), (ct, cm), (yt, ym) = timings("swift"), timings("python"), timings("cp"), timings("cp-sync")
se, sb = written(out_swift)
pe, pb = written(out_python)

print(f"\nFeed generation, {windows} windows (median of the timed runs; peak RSS is the median too)\n")
print(f"{'':10} {'wall s':>8} {'peak MiB':>9} {'feeds':>6} {'bytes written':>14} {'VEVENTs':>8}")
print(f"{'Swift':10} {st:8.2f} {sm:9.1f} {len(se):6d} {sb:14,d} {sum(se.values()):8,d}")
print(f"{'Python':10} {pt:8.2f} {pm:9.1f} {len(pe):6d} {pb:14,d} {sum(pe.values()):8,d}")
print(f"{'cp -r':10} {ct:8.2f} {cm:9.1f}        (the same bytes as Swift wrote, copied)")
print(f"{'cp+sync':10} {yt:8.2f} {ym:9.1f}        (copied, then flushed to disk as generate does)")
print(f"{'Py/Swift':10} {pt / st:7.1f}x {pm / sm:8.1f}x")
print(f"{'Swift/cp':10} {st / ct:7.1f}x")
print(f"{'Swift/cp+sync':10} {st / yt:4.1f}x")
print("(Swift's bytes include index.html, which the peer does not write.)")
EOF

# Whether the work was equal: both outputs parsed and compared event by event. COMPARE=0 skips
# it (at 10,000 windows it takes over 25 minutes; run it at WINDOWS=2000 instead).
if [ "${COMPARE:-1}" = 0 ]; then
    echo "NOT compared (COMPARE=0): run WINDOWS=2000 bash $0 to check both sides write the same events"
    exit 0
fi
say "comparing the outputs event by event (compare_events.py)"
if "$py" "$here/compare_events.py" "$out_swift" "$out_python" >"$work/compare.log" 2>&1; then
    echo "Same work: $(tail -n 1 "$work/compare.log")"
    same=1
else
    echo "WARNING: the sides did NOT write the same events, so the ratios compare unequal work:"
    head -n 60 "$work/compare.log"
    echo "(all of it: $work/compare.log)"
    same=0
fi
elapsed=$((SECONDS - began))
echo "(benchmark took $((elapsed / 60))m$(printf '%02d' $((elapsed % 60)))s including the build and the comparison)"
[ "$same" = 1 ]
