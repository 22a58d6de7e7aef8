#!/usr/bin/env bash
# Feed-generation benchmark: `outagecal generate` (Swift, libical) against a Python peer
# (PyYAML + icalendar) on the same synthetic schedule of 10,000 windows.
#
#   bash Benchmarks/generate/run.sh
#
# Builds the release binary in .build-bench (not .build, so it never waits on a developer's
# build), keeps a venv and the schedule under Benchmarks/.work (git-ignored), runs each side
# once to warm up and then RUNS times under /usr/bin/time, and prints median wall time, peak
# RSS, their ratios, and what each side wrote. Takes about 5–10 minutes, most of it Python.
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
bin=.build-bench/release/outagecal
began=$SECONDS

. Benchmarks/lib.sh

need_time

build_release

peer_venv "$venv" "icalendar, yaml" icalendar PyYAML
py="$venv/bin/python"

say "writing schedule: $WINDOWS windows -> $schedule"
"$py" "$here/make_schedule.py" "$schedule" --windows "$WINDOWS" --seed 1

# The peer keeps every window, so retention is opened wide here: both sides write the same
# events. (generate also writes index.html, which the peer does not; its cost stays in.)
swift_cmd=("$bin" generate --feeds "$schedule" --out "$out_swift" --keep-past 100000d --keep-cancelled 100000d)
python_cmd=("$py" "$here/peer_icalendar.py" "$schedule" "$out_python")

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

# The table, and the check that both sides wrote the same files with the same event counts.
"$py" - "$work" "$out_swift" "$out_python" "$WINDOWS" "$((SECONDS - began))" <<'EOF'
import re, statistics, sys
from pathlib import Path

work, out_swift, out_python, windows, elapsed = sys.argv[1:]
work = Path(work)
VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE)

def timings(side):
    rows = [line.split() for line in (work / f"{side}.times").read_text().splitlines() if line.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows) / 1024

def written(out):
    files = {p.relative_to(out).as_posix(): p for p in Path(out).rglob("*") if p.is_file()}
    events = {name: len(VEVENT.findall(p.read_bytes())) for name, p in files.items() if name.endswith(".ics")}
    return files, events, sum(p.stat().st_size for p in files.values())

(st, sm), (pt, pm) = timings("swift"), timings("python")
sf, se, sb = written(out_swift)
pf, pe, pb = written(out_python)

print(f"\nFeed generation, {windows} windows (median of the timed runs; peak RSS is the median too)\n")
print(f"{'':10} {'wall s':>8} {'peak MiB':>9} {'feeds':>6} {'bytes written':>14} {'VEVENTs':>8}")
print(f"{'Swift':10} {st:8.2f} {sm:9.1f} {len(se):6d} {sb:14,d} {sum(se.values()):8,d}")
print(f"{'Python':10} {pt:8.2f} {pm:9.1f} {len(pe):6d} {pb:14,d} {sum(pe.values()):8,d}")
print(f"{'Py/Swift':10} {pt / st:7.1f}x {pm / sm:8.1f}x")

ok = True
sf.pop("index.html", None)  # the subscription page: Swift's alone
if set(sf) != set(pf):
    ok = False
    only_s, only_p = sorted(set(sf) - set(pf)), sorted(set(pf) - set(sf))
    print(f"WARNING: the sides wrote different files: only Swift {only_s[:10]}{' …' if len(only_s) > 10 else ''}, "
          f"only Python {only_p[:10]}{' …' if len(only_p) > 10 else ''}")
differ = [n for n in sorted(set(se) & set(pe)) if se[n] != pe[n]]
if differ:
    ok = False
    print(f"WARNING: VEVENT counts differ in {len(differ)} feeds, e.g. "
          + ", ".join(f"{n}: Swift {se[n]} / Python {pe[n]}" for n in differ[:5]))
if ok:
    print(f"Both sides wrote the same {len(se)} feeds with the same VEVENT count in each.")
print(f"(benchmark took {int(elapsed) // 60}m{int(elapsed) % 60:02d}s including the build)")
EOF
