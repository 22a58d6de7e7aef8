#!/usr/bin/env bash
# Idle cost of the notifier daemon: what `outagecal notify` does while it waits.
#
#   bash Benchmarks/idle/run.sh
#
# Runs, from the release build in .build-bench,
#
#   outagecal notify --sink terminal --feed Feeds/west-japan.ics --now 2024-12-30T12:00:00+09:00
#
# whose next alert (the day-before reminder at 17:00) is 5 hours away, three times for DURATION
# seconds each, every time with fresh, empty XDG state and cache directories, and stops it with
# SIGINT through `timeout` (a graceful shutdown; if the daemon is still running GRACE seconds
# later, the script kills it with SIGKILL, by pid, and says so):
#
#   1. under `strace -f -c`: the syscall count table of the whole run;
#   2. under `strace -f -ttt`: every syscall with its time, to count those after the first SKIP
#      seconds (start-up excluded) up to the SIGINT, and those of the shutdown;
#   3. under `/usr/bin/time` alone (no tracer): peak RSS and CPU time.
#
# The daemon sleeps without polling: one CLOCK_REALTIME timerfd to its next alert or refresh,
# and its tasks on SwiftNIO's event loops (libdispatch's worker-pool monitor would wake it every
# second), so the steady part should show no syscalls. Knobs: DURATION=60 SKIP=10 GRACE=10.
# SCENARIO=desktop instead follows the feed over HTTP (`outagecal serve` on a free port) with the
# desktop sink, and raises one alert 5 s in (NOW_DESKTOP=2024-12-30T16:59:55+09:00) to a
# stand-in notify-send that prints an id and then waits, as a real one waits for a click.
# SKIP_BUILD=1 uses the binary already in .build-bench as it is (when the tree does not build).
# Files are kept in Benchmarks/.work/idle (git-ignored). Takes about 3×(DURATION+GRACE) seconds.
set -euo pipefail

DURATION=${DURATION:-60}
SKIP=${SKIP:-10}
GRACE=${GRACE:-10}
NOW=${NOW:-2024-12-30T12:00:00+09:00}
FEED=${FEED:-Feeds/west-japan.ics}
SCENARIO=${SCENARIO:-file}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

work=Benchmarks/.work/idle
bin=.build-bench/release/outagecal
. Benchmarks/lib.sh

for tool in strace timeout curl; do
    command -v "$tool" >/dev/null || { say "$tool is not installed (Debian: apt install $tool)"; exit 1; }
done
need_time

build_release

tmp=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    # The stand-in notify-send of SCENARIO=desktop waits as a real one waits for a click.
    pkill -f "sleep 86399" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
case "$SCENARIO" in
file)
    cmd=("$bin" notify --sink terminal --feed "$FEED" --now "$NOW")
    ;;
desktop)
    # The feed over HTTP from `outagecal serve`, and one alert raised 5 s in to the desktop sink,
    # whose notify-send (a stand-in on PATH that prints an id and waits, as a real one waits for
    # a click) stays for the whole run: the idle part is the notifier waiting with it open.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$bin" serve --dir "$(dirname "$FEED")" --port "$port" --no-access-log >"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/$(basename "$FEED")" 2>/dev/null && break
        sleep 0.1
    done
    mkdir -p "$tmp/bin"
    printf '#!/bin/sh\necho 42\nexec sleep 86399\n' >"$tmp/bin/notify-send"
    chmod +x "$tmp/bin/notify-send"
    export PATH="$tmp/bin:$PATH"
    NOW=${NOW_DESKTOP:-2024-12-30T16:59:55+09:00}
    cmd=("$bin" notify --sink desktop --feed "http://127.0.0.1:$port/$(basename "$FEED")" --now "$NOW")
    ;;
*)
    say "SCENARIO=$SCENARIO: use file or desktop"
    exit 2
    ;;
esac

# fresh NAME: empty XDG state and cache directories for one run, so that every run starts alike
# (and none touches the user's).
fresh() {
    mkdir -p "$tmp/$1/state" "$tmp/$1/cache"
    export XDG_STATE_HOME=$tmp/$1/state XDG_CACHE_HOME=$tmp/$1/cache
}

# daemon_under PID: the pid of the outagecal process below PID (timeout, strace, time), or nothing.
daemon_under() {
    local pid child comm
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        comm=$(cat "/proc/$child/comm" 2>/dev/null || true)
        if [ "$comm" = outagecal ]; then echo "$child"; return; fi
        pid=$(daemon_under "$child")
        if [ -n "$pid" ]; then echo "$pid"; return; fi
    done
}

# measure NAME CMD...: runs CMD (which ends in `timeout -s INT DURATION outagecal …`) in the
# background with fresh XDG directories. timeout sends SIGINT after DURATION s; if the daemon is
# still there GRACE s later, it gets SIGKILL, by its pid, so that strace and time still write
# their reports. Writes $work/NAME.stop: "exited" or "killed".
measure() {
    local name=$1 waited=0 status=0 pid
    shift
    fresh "$name"
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
    local job=$!
    while kill -0 "$job" 2>/dev/null && [ "$waited" -lt $((DURATION + GRACE)) ]; do
        sleep 1
        waited=$((waited + 1))
        # strace -f waits for every process the daemon started: the stand-in notify-send of
        # SCENARIO=desktop, still waiting for its click, is stopped once the run is over.
        if [ "$waited" -gt "$DURATION" ]; then pkill -f "sleep 86399" 2>/dev/null || true; fi
    done
    echo exited >"$work/$name.stop"
    if kill -0 "$job" 2>/dev/null; then
        pid=$(daemon_under "$job")
        if [ -n "$pid" ]; then
            say "   still running ${GRACE} s after SIGINT: SIGKILL to outagecal (pid $pid)"
            kill -KILL "$pid"
            echo killed >"$work/$name.stop"
        fi
    fi
    wait "$job" || status=$?
    # timeout exits 124 when it had to send its signal (137 when what it ran then died of our
    # SIGKILL); anything else means the daemon ended by itself (or failed) before DURATION.
    if [ "$status" -ne 124 ] && ! { [ "$status" -eq 137 ] && grep -qx killed "$work/$name.stop"; }; then
        say "the notifier ended with status $status, not stopped by timeout; see $work/$name.*"
        cat "$work/$name.err" >&2
        exit 1
    fi
}

say "1/3 strace -f -c, ${DURATION} s: ${cmd[*]}"
measure counts timeout -s INT "$DURATION" strace -f -c -o "$work/counts.txt" "${cmd[@]}"

say "2/3 strace -f -ttt, ${DURATION} s"
measure trace timeout -s INT "$DURATION" strace -f -ttt -o "$work/trace.txt" "${cmd[@]}"

say "3/3 /usr/bin/time (no tracer), ${DURATION} s"
measure time /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" timeout -s INT "$DURATION" "${cmd[@]}"

python3 - "$work" "$DURATION" "$SKIP" "$GRACE" "${cmd[*]}" <<'EOF'
import collections, re, statistics, sys
from pathlib import Path

work, duration, skip, grace, command = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]

stops = {name: (work / f"{name}.stop").read_text().strip() for name in ("counts", "trace", "time")}
print(f"\nNotifier idle cost: {command}")
print(f"{duration:g} s per run, then SIGINT (timeout -s INT); fresh XDG state and cache each run")
for name, how in stops.items():
    print(f"  run {name}: " + ("exited after the SIGINT" if how == "exited"
                               else f"did NOT exit on SIGINT; SIGKILL {grace:g} s later"))
print()

# 1. The strace -c table, as strace wrote it.
table = (work / "counts.txt").read_text()
print(f"strace -f -c (whole run: start-up, idle, and the time after SIGINT):\n{table.rstrip()}")
total = re.search(r"^[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+)?\s*total$", table, re.MULTILINE)
total_calls = int(total.group(1)) if total else None

# 2. The timed trace: "PID SECONDS.MICROS syscall(...)", "<... name resumed>", "--- SIG", "+++ exited".
LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
calls = []          # (time, pid, name)
signal_at = killed_at = None
for raw in (work / "trace.txt").read_text(errors="replace").splitlines():
    m = LINE.match(raw)
    if not m:
        continue
    pid, t, rest = int(m.group(1)), float(m.group(2)), m.group(3)
    if rest.startswith("--- SIGINT") and signal_at is None:
        signal_at = t
    if rest.startswith("+++ killed by SIGKILL"):
        killed_at = t if killed_at is None else killed_at
    if rest.startswith(("<...", "---", "+++")):
        continue  # a resumed call was counted when it began; signals and exits are no syscalls
    name = re.match(r"[A-Za-z_0-9]+", rest)
    calls.append((t, pid, name.group(0) if name else "?"))
start = calls[0][0]
end_idle = signal_at if signal_at is not None else start + duration
startup = [c for c in calls if c[0] < start + skip]
idle = [c for c in calls if start + skip <= c[0] < end_idle]
shutdown = [c for c in calls if c[0] >= end_idle]
threads = {c[1] for c in calls}
span = end_idle - (start + skip)

print(f"\nstrace -f -ttt: {len(calls):,} syscalls in all, from {len(threads)} threads")
print(f"  {f'first {skip:g} s (start-up):':44}{len(startup):8,d}")
print(f"  {f'{skip:g} s … SIGINT ({span:.1f} s, idle):':44}{len(idle):8,d}   ({len(idle) / span:.2f}/s)")
after = f"after SIGINT, until SIGKILL {killed_at - end_idle:.1f} s later:" if killed_at else "after SIGINT, until exit:"
print(f"  {after:44}{len(shutdown):8,d}")
if idle:
    by_name = collections.Counter(c[2] for c in idle)
    by_thread = collections.Counter(c[1] for c in idle)
    names = {}
    for raw in (work / "trace.txt").read_text(errors="replace").splitlines():
        m = re.match(r"^(\d+)\s+\S+\s+prctl\(PR_SET_NAME, \"([^\"]*)\"", raw)
        if m:
            names[int(m.group(1))] = m.group(2)
    print("  idle syscalls by name:   " + ", ".join(f"{n} {k}" for n, k in by_name.most_common(12)))
    print("  idle syscalls by thread: " + ", ".join(f"{p} ({names.get(p, 'main' if p == calls[0][1] else '?')}): {k}"
                                                 for p, k in by_thread.most_common(8)))
    if len(idle) <= 40:
        for t, pid, name in idle:
            print(f"    +{t - start:9.3f} s  pid {pid}  {name}")
# Wake-ups: bursts of syscalls more than 0.1 s apart.
bursts = []
for t, _, _ in idle:
    if not bursts or t - bursts[-1][-1] > 0.1:
        bursts.append([t])
    else:
        bursts[-1].append(t)
period = (bursts[-1][0] - bursts[0][0]) / (len(bursts) - 1) if len(bursts) > 1 else None
if bursts:
    print(f"  wake-ups in the idle part: {len(bursts)}" + (f", one every {period:.2f} s on average" if period else "")
          + f"; syscalls per wake-up: {statistics.median(len(b) for b in bursts):g} (median)")

# 3. No tracer.
elapsed, kib, user, system = (work / "time.txt").read_text().strip().splitlines()[-1].split()
print(f"\n/usr/bin/time, no tracer: peak RSS {int(kib) / 1024:.1f} MiB, CPU {float(user) + float(system):.2f} s "
      f"(user {user}, sys {system}) over {elapsed} s")

out = (work / "time.out").read_text().strip()
print(f"notifier output (terminal sink) in that run: {out.count(chr(10)) + 1 if out else 0} lines")
if len(idle) > 50 * span:
    verdict = "BUSY LOOP: syscalls keep coming while it should sleep"
elif len(bursts) >= 2:
    verdict = f"no busy loop, but a periodic wake-up every {period:.1f} s while it should sleep"
else:
    verdict = "sleeps without polling"
print(f"\nsummary: strace -c total {total_calls:,} syscalls; {len(idle):,} in the last {span:.0f} s before SIGINT; "
      f"peak RSS {int(kib) / 1024:.1f} MiB; {verdict}")
EOF
