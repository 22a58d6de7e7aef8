#!/usr/bin/env bash
# serve under hostile clients (issue 26, items 15 and 16):
#   - peak RSS of `outagecal serve` while 6 gzip clients fetch a 300 MiB feed at once (rss.sh);
#   - a slowloris of 600 connections from 127.0.0.2, a byte every 2 s, against
#     --max-connections 512, while a normal client from 127.0.0.1 asks once a second (loris.sh).
#
#   bash Benchmarks/serve-hostile/run.sh [BINARY]    default: .build-bench/release/outagecal
#
# Knobs: SIZE_MB=300 (the feed, made once under Benchmarks/.work/serve-hostile), LORIS_SECONDS=40.
# Needs curl, bc and python3. Prints VmHWM, the clients' answers, and the normal client's
# answers during the slowloris.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:-$root/.build-bench/release/outagecal}")
export WORK=$root/Benchmarks/.work/serve-hostile
mkdir -p "$WORK/Feeds"
if [ ! -s "$WORK/Feeds/all.ics" ]; then
    echo "== writing a ${SIZE_MB:-300} MiB feed" >&2
    python3 "$here/make_feed.py" "$WORK/Feeds/all.ics" $(( ${SIZE_MB:-300} * 1024 * 1024 ))
fi
echo "== 6 gzip clients of $(du -h "$WORK/Feeds/all.ics" | cut -f1) at once" >&2
bash "$here/rss.sh" "$bin"
echo "== slowloris, ${LORIS_SECONDS:-40} s" >&2
bash "$here/loris.sh" "$bin" "${LORIS_SECONDS:-40}"
