#!/usr/bin/env bash
# Static serving benchmark: `outagecal serve` (SwiftNIO) against nginx with
# Publishing/nginx/outagecal.conf, both on 127.0.0.1, both serving the same copy of Feeds/,
# measured with wrk.
#
#   bash Benchmarks/serve/run.sh
#
# Builds the release binary in .build-bench (not .build), installs nginx (nginx-light) and wrk
# when missing (Debian; sudo when not root), then starts side by side, each on a free loopback
# port:
#
#   .build-bench/release/outagecal serve --dir <copy> --host 127.0.0.1 --port P1 --no-access-log
#   nginx (private prefix, not a daemon) with outagecal.conf, access_log off, worker_processes W
#
# and, for each scenario and each server in turn, runs wrk for WARMUP seconds (discarded) and
# then `wrk -tT -cC -dDs --latency` (defaults -t2 -c50 -d10s):
#
#   feed      GET /prefectures/40-fukuoka.ics                  (200, 8.4 KB)
#   all       GET /all.ics                                     (200, 12 KB)
#   gzip      GET /prefectures/40-fukuoka.ics, Accept-Encoding: gzip
#   304       GET /prefectures/40-fukuoka.ics, If-None-Match: <that server's ETag from curl>
#   ims       GET /prefectures/40-fukuoka.ics, If-Modified-Since: <its Last-Modified from curl>
#
# On the 304 scenarios a third server runs too: nio-floor (Benchmarks/serve/floor), the least a
# SwiftNIO HTTP/1 server does per request (the same pipeline as `outagecal serve`, answering a
# fixed 304 as bytes). outagecal/floor is what OutageCal's own code costs; floor/nginx is what
# SwiftNIO costs against nginx. FLOOR=0 leaves it out.
#
# Before each scenario curl checks that both servers answer it as expected (status, encoding),
# and the table shows bytes read per request, so a 304 run that got 200s would show. It prints
# requests/s, p99 latency, requests per CPU-second of the server, the ratio OutageCal/nginx,
# and wrk's errors
# (non-2xx/3xx responses and socket errors; both must be 0; wrk counts 304 as a success).
# Exits 1 when a scenario had errors or a check failed.
#
# CAUTION: the machine's cores are shared by wrk, the server under test and the idle other
# server; on a 2-core machine the figures say more about relative cost than about capacity.
#
# Every scenario runs ROUNDS times, the servers taking turns, and the table shows the median run
# and the range: on a shared machine one run of each says little.
#
# Knobs: DURATION=10 WARMUP=2 ROUNDS=3 THREADS=2 CONNECTIONS=50 WORKERS=2 (nginx
# worker_processes; "auto" = one per core) SCENARIOS="feed all gzip 304 ims" FLOOR=1.
# Results stay in Benchmarks/.work/serve (git-ignored). Takes ROUNDS×(WARMUP+DURATION)×(2 servers, 3 on 304s)×scenarios seconds plus the
# builds: about 7.5 minutes.
set -euo pipefail
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
WORKERS=${WORKERS:-2}
SCENARIOS=${SCENARIOS:-feed all gzip 304 ims}
FLOOR=${FLOOR:-1}
ROUNDS=${ROUNDS:-3}
FEED=/prefectures/40-fukuoka.ics

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
# shellcheck source=../../Publishing/nginx/lib.sh
. "$root/Publishing/nginx/lib.sh"

work=$root/Benchmarks/.work/serve
bin=$root/.build-bench/release/outagecal
. Benchmarks/lib.sh

[ -f "Feeds$FEED" ] || { say "Feeds$FEED is missing: run \`outagecal generate\` first"; exit 1; }
ensure_package curl curl
ensure_package python3 python3
ensure_package nginx nginx-light nginx
ensure_package wrk wrk

build_release
floor_bin=$root/.build-bench/floor/release/nio-floor
if [ "$FLOOR" = 1 ] && { [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -x "$floor_bin" ]; }; then
    say "building $floor_bin (release)"
    if ! swift build -c release --package-path Benchmarks/serve/floor --scratch-path .build-bench/floor >"$work/floor-build.log" 2>&1; then
        tail -n 40 "$work/floor-build.log" >&2
        say "nio-floor build failed (full log: $work/floor-build.log)"
        exit 1
    fi
fi
rm -f "$work"/*.wrk "$work"/*.cpu "$work"/*.check

# A private copy of Feeds/ that nginx's workers (`nobody` when this runs as root) can read, and
# nginx's prefix, in a temporary folder; both removed on exit, both servers stopped by pid.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagecal-serve-bench.XXXXXX")
chmod 755 "$tmp"
cp -R Feeds "$tmp/Feeds"
chmod -R a+rX "$tmp/Feeds"
NGINX_PID=""
OUTAGECAL_PID=""
FLOOR_PID=""
cleanup() {
    if [ -n "$FLOOR_PID" ]; then kill -KILL "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; fi
    if [ -n "$OUTAGECAL_PID" ] && kill -0 "$OUTAGECAL_PID" 2>/dev/null; then
        kill -TERM "$OUTAGECAL_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$OUTAGECAL_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$OUTAGECAL_PID" 2>/dev/null; then
            say "outagecal serve (pid $OUTAGECAL_PID) still running 5 s after SIGTERM: SIGKILL"
            kill -KILL "$OUTAGECAL_PID" 2>/dev/null || true
        fi
        wait "$OUTAGECAL_PID" 2>/dev/null || true
    fi
    nginx_stop
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_outagecal=$(free_port)
"$bin" serve --dir "$tmp/Feeds" --host 127.0.0.1 --port "$port_outagecal" --no-access-log >"$work/outagecal.log" 2>&1 &
OUTAGECAL_PID=$!
port_nginx=$(free_port)
while [ "$port_nginx" = "$port_outagecal" ]; do port_nginx=$(free_port); done
nginx_prepare "$tmp/nginx" "$tmp/Feeds" "$port_nginx" "$WORKERS" off
nginx_start "$tmp/nginx" || { say "nginx -t failed"; exit 1; }
wait_http "http://127.0.0.1:$port_outagecal/" "$OUTAGECAL_PID" || { say "outagecal serve did not start"; cat "$work/outagecal.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$port_nginx/" "$NGINX_PID" || { say "nginx did not start"; cat "$tmp/nginx/logs/error.log" >&2; exit 1; }
if [ "$FLOOR" = 1 ]; then
    port_floor=$(free_port)
    while [ "$port_floor" = "$port_outagecal" ] || [ "$port_floor" = "$port_nginx" ]; do port_floor=$(free_port); done
    "$floor_bin" "$port_floor" >"$work/floor.log" 2>&1 &
    FLOOR_PID=$!
    wait_http "http://127.0.0.1:$port_floor/" "$FLOOR_PID" || { say "nio-floor did not start"; cat "$work/floor.log" >&2; exit 1; }
fi
nginx_version=$("$(nginx_binary)" -v 2>&1 | sed 's/.*version: //')
say "outagecal serve pid $OUTAGECAL_PID on 127.0.0.1:$port_outagecal; $nginx_version pid $NGINX_PID (worker_processes $WORKERS) on 127.0.0.1:$port_nginx"

# cpu_ticks SERVER: CPU clock ticks (user + system) used so far by the server's processes
# (nginx: master and workers).
cpu_ticks() {
    local pids pid total=0
    if [ "$1" = outagecal ]; then pids=$OUTAGECAL_PID; elif [ "$1" = floor ]; then pids=$FLOOR_PID; else pids="$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID")"; fi
    for pid in $pids; do
        # Fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name.
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}

# scenario_path SCENARIO: the path it asks for. scenario_header SCENARIO PORT: the extra header
# it sends, if any (304 and ims ask the server for its ETag or Last-Modified first).
scenario_path() { if [ "$1" = all ]; then echo /all.ics; else echo "$FEED"; fi; }
scenario_header() {
    local scenario=$1 port=$2 etag
    case $scenario in
        gzip) echo "Accept-Encoding: gzip" ;;
        304|ims)
            local name=ETag request=If-None-Match value
            [ "$scenario" = ims ] && name=Last-Modified request=If-Modified-Since
            value=$(curl -sS --max-time 5 -o /dev/null -D - "http://127.0.0.1:$port$FEED" | tr -d '\r' |
                awk -v name="$(echo "$name" | tr '[:upper:]' '[:lower:]'):" 'tolower($1) == name {sub(/^[^:]*: */, ""); print}')
            [ -n "$value" ] || { say "no $name from 127.0.0.1:$port$FEED"; return 1; }
            echo "$request: $value" ;;
        *) echo "" ;;
    esac
}

failed=0
for round in $(seq "$ROUNDS"); do
for scenario in $SCENARIOS; do
    path=$(scenario_path "$scenario")
    servers="outagecal nginx"
    { [ "$scenario" = 304 ] || [ "$scenario" = ims ]; } && [ "$FLOOR" = 1 ] && servers="outagecal floor nginx"
    for server in $servers; do
        case $server in
            outagecal) port=$port_outagecal ;;
            nginx) port=$port_nginx ;;
            floor) port=$port_floor ;;
        esac
        header=$(scenario_header "$scenario" "$port")
        args=()
        [ -n "$header" ] && args=(-H "$header")
        url="http://127.0.0.1:$port$path"
        # The check: status and encoding of one request as wrk will send it.
        check=$(curl -sS --max-time 5 "${args[@]}" -o /dev/null -D - -w 'STATUS %{http_code} BYTES %{size_download}\n' "$url" | tr -d '\r' |
            awk 'tolower($1) == "content-encoding:" {enc = $2} $1 == "STATUS" {print $2, (enc ? enc : "identity"), $4}')
        echo "$check" >"$work/$scenario.$server.$round.check"
        expected="200 identity"
        [ "$scenario" = gzip ] && expected="200 gzip"
        { [ "$scenario" = 304 ] || [ "$scenario" = ims ]; } && expected="304 identity"
        if [ "${check% *}" != "$expected" ]; then
            say "$server $scenario: expected $expected, got $check"
            failed=1
        fi
        say "round $round/$ROUNDS, $scenario / $server: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency ${header:+-H '$header' }$url  (after ${WARMUP}s warm-up; check: $check)"
        if [ "$WARMUP" -gt 0 ]; then
            timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${args[@]}" "$url" >/dev/null
        fi
        before=$(cpu_ticks "$server")
        timeout $((DURATION + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${args[@]}" "$url" >"$work/$scenario.$server.$round.wrk"
        after=$(cpu_ticks "$server")
        echo "$(( after - before )) $(getconf CLK_TCK)" >"$work/$scenario.$server.$round.cpu"
        grep -E 'Requests/sec|99%|Non-2xx|Socket errors' "$work/$scenario.$server.$round.wrk" | sed 's/^ */   /' >&2 || true
    done
done
done

rss() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
rss_outagecal=$(rss "$OUTAGECAL_PID")
rss_nginx=0
for pid in "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID"); do rss_nginx=$((rss_nginx + $(rss "$pid"))); done

python3 - "$work" "$SCENARIOS" "$DURATION" "$THREADS" "$CONNECTIONS" "$WORKERS" "$nginx_version" \
    "$rss_outagecal" "$rss_nginx" "$(nproc)" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$failed" "$ROUNDS" <<'EOF'
import re, sys
from pathlib import Path

work = Path(sys.argv[1])
scenarios = sys.argv[2].split()
duration, threads, connections, workers, nginx_version = sys.argv[3:8]
rss_outagecal, rss_nginx, cores, load_before, load, failed = int(sys.argv[8]), int(sys.argv[9]), sys.argv[10], sys.argv[11], sys.argv[12], int(sys.argv[13])
rounds = int(sys.argv[14])

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}
SIZE = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}

def parse(text):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(B|KB|MB|GB) read", text)
    non = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    requests = int(done.group(1))
    return {
        "rps": rps,
        "p99": float(p99.group(1)) * UNIT[p99.group(2)],
        "bytes": float(done.group(4)) * SIZE[done.group(5)] / max(requests, 1),
        "requests": requests,
        "non": int(non.group(1)) if non else 0,
        "sock": sum(map(int, sock.groups())) if sock else 0,
        "sockdetail": sock.group(0) if sock else "",
    }

describe = {
    "feed": "GET /prefectures/40-fukuoka.ics",
    "all": "GET /all.ics",
    "gzip": "GET 40-fukuoka.ics, gzip",
    "304": "If-None-Match 40-fukuoka.ics",
    "ims": "If-Modified-Since 40-fukuoka.ics",
}
print(f"\nStatic serving on 127.0.0.1: outagecal serve --no-access-log (release) vs {nginx_version} "
      f"(Publishing/nginx/outagecal.conf, access_log off, worker_processes {workers})")
print(f"wrk -t{threads} -c{connections} -d{duration}s --latency per run, after a warm-up; same copy of Feeds/")
print(f"NOTE: {cores} cores shared by wrk, the server under test and the idle other server, "
      f"and whatever else runs (load average before: {load_before}, at the end: {load}); relative figures, not capacity.\n")
head = (f"{'scenario':33} {'server':9} {'status':>14} {'req/s':>10} {'(min-max)':>17} {'p99 ms':>8} {'B/req':>7} "
        f"{'req/CPU-s':>9} {'errors':>7}")
print(head)
print("-" * len(head))
bad = failed
ratios = []
# Each round's outagecal / nio-floor, the two run one right after the other: on a noisy machine the
# pairs say more than the ratio of the medians.
paired = {}
median = lambda values: sorted(values)[len(values) // 2]
for scenario in scenarios:
    rows = {}
    by_round = {}
    for server in ("outagecal", "nginx", "floor"):
        runs = []
        for round in range(1, rounds + 1):
            if not (work / f"{scenario}.{server}.{round}.wrk").exists():
                continue
            result = parse((work / f"{scenario}.{server}.{round}.wrk").read_text())
            ticks, hz = map(int, (work / f"{scenario}.{server}.{round}.cpu").read_text().split())
            result["per_cpu"] = result["requests"] / (ticks / hz) if ticks else float("nan")
            result["check"] = (work / f"{scenario}.{server}.{round}.check").read_text().split()
            runs.append(result)
            by_round.setdefault(round, {})[server] = result["rps"]
        if not runs:
            continue
        errors = sum(run["non"] + run["sock"] for run in runs)
        bad |= errors != 0
        # The median run by requests/s; its p99 and bytes, and the median of CPU efficiency.
        middle = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
        row = {"rps": middle["rps"], "p99": middle["p99"]}
        rows[server] = row
        spread = f"{min(r['rps'] for r in runs) / 1000:,.0f}k-{max(r['rps'] for r in runs) / 1000:,.0f}k"
        check = middle["check"]
        print(f"{describe.get(scenario, scenario):33} {server:9} {check[0] + ' ' + check[1]:>14} {middle['rps']:10,.0f} {spread:>17} "
              f"{middle['p99']:8.2f} {middle['bytes']:7,.0f} {median([r['per_cpu'] for r in runs]):9,.0f} {errors:7d}"
              + ("   (" + "; ".join(f"{r['sockdetail']}, non-2xx/3xx {r['non']}" for r in runs if r["non"] + r["sock"]) + ")" if errors else ""))
    pairs = [r["outagecal"] / r["floor"] for _, r in sorted(by_round.items()) if "outagecal" in r and r.get("floor")]
    if pairs:
        paired[scenario] = pairs
    o, n, f = rows["outagecal"], rows["nginx"], rows.get("floor")
    ratios.append((scenario, o["rps"] / n["rps"], o["p99"] / n["p99"], f and f["rps"] / n["rps"], f and o["rps"] / f["rps"]))
print(f"\n(req/s and p99: the median of {rounds} runs, the servers taking turns; min-max: the range of the runs)")
print("\nOutageCal / nginx:")
for scenario, rps, p99, _, _ in ratios:
    print(f"  {describe.get(scenario, scenario):33} requests/s x{rps:.2f}   p99 latency x{p99:.2f}")
floors = [(scenario, floor, ours) for scenario, _, _, floor, ours in ratios if floor]
if floors:
    print("\nnio-floor (a SwiftNIO server answering a fixed 304, nothing of OutageCal's):")
    for scenario, floor, ours in floors:
        print(f"  {describe.get(scenario, scenario):33} nio-floor / nginx x{floor:.2f}   outagecal / nio-floor x{ours:.2f}")
    print("  outagecal / nio-floor round by round (each pair run one right after the other), and their median:")
    for scenario, pairs in paired.items():
        print(f"  {describe.get(scenario, scenario):33} " + " ".join(f"x{pair:.2f}" for pair in pairs) + f"   median x{median(pairs):.2f}")
print(f"\npeak RSS: outagecal {rss_outagecal / 1024:.1f} MiB; nginx master + workers {rss_nginx / 1024:.1f} MiB")
print("errors = wrk's 'Non-2xx or 3xx responses' + socket errors (must be 0; 304 counts as success)")
print("FAIL: errors or a failed check above" if bad else "all runs without errors")
sys.exit(1 if bad else 0)
EOF
