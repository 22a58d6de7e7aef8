#!/bin/bash
# A slowloris from 127.0.0.2 (600 connections, a byte every 2 s) against `outagecal serve
# --max-connections 512`, while a normal client from 127.0.0.1 asks once a second.
# usage: loris.sh BINARY SECONDS
BIN=$1; SECONDS_=${2:-40}; PORT=18432
ulimit -n 4096
$BIN serve --dir "$WORK"/Feeds --port $PORT --no-access-log --max-connections 512 > "$WORK"/loris.log 2>&1 &
PID=$!
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.2; done
python3 "$(dirname "$0")/slowloris.py" $PORT 600 $SECONDS_ 127.0.0.2
kill $PID; wait $PID 2>/dev/null
