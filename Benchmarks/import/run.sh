#!/usr/bin/env bash
# Import benchmark: how `outagecal import` grows with the letter's size (1, 10, 100, 1000 KB),
# against ja-timex (Python), which reads the same letters for their date and time expressions.
#
#   bash Benchmarks/import/run.sh
#
# Three shapes (make_letters.py): the corpus's notices one after another, a run of 「12月31日」
# and lines of 「3:00」 (the two that made import quadratic, issue 26 item 12). Each side runs
# once per letter under /usr/bin/time (a run past TIMEOUT seconds is stopped and shown as such).
# Prints wall time and peak RSS per size, how much each grows from one size to the next (10×
# the text: 10× the time is linear), and ja-timex's time over import's.
#
# Knobs (environment): SIZES=1,10,100,1000 TIMEOUT=300. SKIP_BUILD=1 uses .build-bench as is.
set -euo pipefail

SIZES=${SIZES:-1,10,100,1000}
TIMEOUT=${TIMEOUT:-300}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

work=Benchmarks/.work/import
venv=$work/venv
bin=.build-bench/release/outagecal
began=$SECONDS

. Benchmarks/lib.sh

need_time
build_release
peer_venv "$venv" "ja_timex" ja-timex
py="$venv/bin/python"
"$py" -c 'import importlib.metadata as m, sys; print("   peer: python", sys.version.split()[0], "ja-timex", m.version("ja-timex"))' >&2

letters=$work/letters
say "writing letters ($SIZES KiB) -> $letters"
"$py" "$here/make_letters.py" "$letters" --sizes "$SIZES"

# One run: "seconds kib status" into $work/SIDE-SHAPE-SIZE.time. import exits 1 on a letter
# with no stop in it (the dates and times shapes), which is an answer, not a failure; a crash
# or a timeout is shown as one.
run() {
    local side=$1 letter=$2 out=$3
    local status=0
    if [ "$side" = swift ]; then
        timeout "$TIMEOUT" /usr/bin/time -f '%e %M' -o "$out" "$bin" import "$letter" --feeds Feeds >/dev/null 2>"$out.err" || status=$?
    else
        timeout "$TIMEOUT" /usr/bin/time -f '%e %M' -o "$out" "$py" "$here/peer_timex.py" "$letter" >/dev/null 2>"$out.err" || status=$?
    fi
    [ -s "$out" ] || echo "$TIMEOUT 0" >"$out"
    echo "$(tail -n 1 "$out") $status" >"$out.row"
}

for kib in ${SIZES//,/ }; do
    for shape in corpus dates times; do
        for side in swift python; do
            say "$side $shape $kib KiB"
            run "$side" "$letters/$shape-$kib.txt" "$work/$side-$shape-$kib.time"
        done
    done
done

"$py" - "$work" "$SIZES" "$TIMEOUT" "$((SECONDS - began))" <<'PY'
import sys
from pathlib import Path

work, sizes, timeout, elapsed = Path(sys.argv[1]), [int(s) for s in sys.argv[2].split(",")], float(sys.argv[3]), int(sys.argv[4])

def row(side, shape, kib):
    seconds, kb, status = (work / f"{side}-{shape}-{kib}.time.row").read_text().split()
    return float(seconds), int(kb) / 1024, int(status)

def shown(seconds, status):
    if status == 124 or seconds >= timeout:
        return f">{timeout:.0f}"
    if status not in (0, 1):
        return f"crash({status})"
    return f"{seconds:.2f}"

failed = False
print(f"\noutagecal import vs ja-timex (Python), one run per letter; growth = time ÷ time at the size before (10× the text)\n")
for shape in ("corpus", "dates", "times"):
    print(f"{shape}:")
    print(f"  {'KiB':>5} {'import s':>9} {'MiB':>6} {'growth':>7}   {'ja-timex s':>10} {'MiB':>6}   {'ja-timex/import':>15}")
    previous = None
    for kib in sizes:
        s, sm, ss = row("swift", shape, kib)
        p, pm, ps = row("python", shape, kib)
        failed |= ss not in (0, 1) or s >= timeout
        growth = f"{s / previous:6.1f}x" if previous and previous >= 0.01 else "      -"
        ratio = f"{p / s:14.1f}x" if ps in (0, 1) and p < timeout and s > 0 else "             -"
        print(f"  {kib:5} {shown(s, ss):>9} {sm:6.1f} {growth}   {shown(p, ps):>10} {pm:6.1f}   {ratio}")
        previous = s
print(f"\n(benchmark took {elapsed // 60}m{elapsed % 60:02d}s including the build)")
sys.exit(1 if failed else 0)
PY
