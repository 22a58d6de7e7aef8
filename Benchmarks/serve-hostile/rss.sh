#!/bin/bash
# Peak RSS of `outagecal serve` while 6 gzip clients fetch a big feed at once.
# usage: rss.sh BINARY [PORT]
BIN=$1; PORT=${2:-18431}
$BIN serve --dir "$WORK"/Feeds --port $PORT --no-access-log > "$WORK"/serve.log 2>&1 &
PID=$!
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.2; done
grep VmHWM /proc/$PID/status | sed 's/^/idle: /'
start=$(date +%s.%N)
CURLS=()
for i in 1 2 3 4 5 6; do curl -sS --compressed -o "$WORK"/out.$i -w "client $i: %{http_code} %{size_download} bytes %{time_total}s\n" http://127.0.0.1:$PORT/all.ics & CURLS+=($!); done
wait "${CURLS[@]}"
sleep 0.5
end=$(date +%s.%N)
grep -E "VmHWM|VmRSS" /proc/$PID/status
echo "wall: $(echo "$end - $start" | bc) s"
cmp -s "$WORK"/out.1 "$WORK"/Feeds/all.ics && echo "client 1 body identical to the file" || echo "client 1 body DIFFERS"
kill $PID; wait $PID 2>/dev/null
rm -f "$WORK"/out.*
