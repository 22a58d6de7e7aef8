#!/usr/bin/env bash
# End-to-end tests of `outagecal notify` with the real pieces of a reception PC's desktop:
#   a. a real notification server (dunst on a headless X server, on a private D-Bus session)
#      receives the alerts through notify-send, once each;
#   b. without notify-send, or with one that fails, alerts go to the terminal with a warning;
#   c. feeds over HTTP from a local server (feed_server.py, 127.0.0.1 only): conditional GET,
#      and the cached copy when the server is down or serves garbage or 50 MB;
#   d. the state file given as a bare file name.
#
#   Tests/Desktop/run.sh [BINARY]     default: .build/debug/outagecal (this script builds nothing)
#
# Run Tests/Desktop/setup.sh once first. Prints PASS/FAIL per check and "N passed, M failed";
# exits non-zero on any failure. Every wait is bounded and the whole suite ends within two
# minutes; every process it starts is stopped on exit.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=$(realpath -m -- "${1:-$repo/.build/debug/outagecal}")
cd "$repo" || exit 2

feed=$repo/Feeds/west-japan.ics
now=2024-12-31T03:00:30+09:00
# Due at $now: the start of the long West Japan outage (critical), and a late reminder of the
# intermittent window from 08:00 (normal).
start_title='開始：【西日本】オンライン資格確認等システム 長時間の通信断（予定）'
intermittent='【西日本】オンライン資格確認等システム 数分間の通信断（予定）'
# Due at 05:20:30: the end of the long outage.
later=2024-12-31T05:20:30+09:00
end_title='終了予定時刻：【西日本】オンライン資格確認等システム 長時間の通信断（予定）'

deadline=$((SECONDS + 110))  # the suite's own limit; cleanup takes at most a few seconds more
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagecal-desktop.XXXXXX")
# The notifier's state and feed cache stay in here, never in the user's own folders.
export XDG_STATE_HOME=$tmp/xdg-state XDG_CACHE_HOME=$tmp/xdg-cache
# No desktop of the caller's is reached: the tests name their own display and bus.
unset DISPLAY DBUS_SESSION_BUS_ADDRESS

# --- Results -------------------------------------------------------------------------------------

# shellcheck source=../lib/check.sh
. "$here/../lib/check.sh"

contains() { grep -qF -- "$2" "$1"; }     # contains FILE TEXT
is_empty() { [ ! -s "$1" ]; }             # is_empty FILE

# --- Processes -----------------------------------------------------------------------------------

# Each background helper runs under `timeout`, which makes it a process group of its own, passes
# a SIGTERM on to the whole group (dbus-run-session's daemon and dunst included), and stops it
# anyway at the suite's deadline should this script be killed before its trap runs.
helpers=()
session=""  # the helper running dbus-run-session and dunst
xvfb=""     # the helper running Xvfb

# spawn CMD...: starts CMD in the background; its pid (the timeout's) is left in $spawned.
spawn() {
    timeout -k 2 $((deadline - SECONDS + 5)) "$@" </dev/null &
    spawned=$!
    helpers+=("$spawned")
}

# stop PID: SIGTERM to a helper and its group; up to 3 s later, SIGKILL to whatever is left of it.
stop() {
    local pid=$1
    forget "$pid"  # stopped once, never signalled again (its pid may be reused)
    kill -TERM "$pid" 2>/dev/null
    wait_until 3 gone "$pid"
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

gone() { ! kill -0 "$1" 2>/dev/null; }

# forget PID: takes a helper that has ended (or is being stopped) off the list.
forget() {
    local others=() other
    for other in "${helpers[@]}"; do [ "$other" = "$1" ] || others+=("$other"); done
    helpers=("${others[@]}")
}

cleanup() {
    stop_desktop
    while [ "${#helpers[@]}" -gt 0 ]; do stop "${helpers[0]}"; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# bounded SECONDS CMD...: CMD under a timeout that never reaches past the suite's deadline.
# It runs as a helper, waited for: a signal to the suite is handled at once, CMD stopped with it.
bounded() {
    local limit=$1 left=$((deadline - SECONDS)) pid result
    shift
    [ "$left" -lt "$limit" ] && limit=$left
    [ "$limit" -gt 0 ] || return 124
    timeout -k 2 "$limit" "$@" &
    pid=$!
    helpers+=("$pid")
    wait "$pid"
    result=$?
    forget "$pid"
    return "$result"
}

# wait_until SECONDS CMD...: polls CMD every 0.1 s until it succeeds; fails after SECONDS.
wait_until() {
    local end=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$end" ] && [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# notify DIR NAME [VAR=VALUE...] ARGS...: `outagecal notify --once ARGS` with the variables set,
# stdout in DIR/NAME.out, stderr in DIR/NAME.err, the exit status in $status and the seconds it
# took in $elapsed.
notify() {
    local dir=$1 name=$2 started=$SECONDS variables=()
    shift 2
    while [[ ${1:-} =~ ^[A-Z_]+= ]]; do
        variables+=("$1")
        shift
    done
    bounded 40 env "${variables[@]}" "$binary" notify --once "$@" >"$dir/$name.out" 2>"$dir/$name.err"
    status=$?
    elapsed=$((SECONDS - started))
    show=("$dir/$name.out" "$dir/$name.err")
}

# --- Prerequisites -------------------------------------------------------------------------------

missing=""
for program in Xvfb dunst notify-send dbus-run-session dbus-send /usr/bin/python3 timeout realpath; do
    command -v "$program" >/dev/null || missing="$missing $program"
done
show=()
check "setup: the programs the tests need are installed${missing:+ (missing:$missing; run Tests/Desktop/setup.sh)}" \
    test -z "$missing"
check "setup: $binary is executable" test -x "$binary"
if [ "$failed" -ne 0 ]; then
    echo "$passed passed, $failed failed"
    exit 1
fi

# --- a. A real notification server ---------------------------------------------------------------

# dunst -print writes each notification it gets as a block of "\tkey: value" lines between
# "{" and "}". notifications FILE prints one line per notification: APPNAME TAB URGENCY TAB SUMMARY.
notifications() {
    awk -v q="'" '
        function value(line) { sub("^\t[a-z_]+: " q, "", line); sub(q "$", "", line); return line }
        /^\tappname: / { app = value($0) }
        /^\tsummary: / { summary = value($0) }
        /^\turgency: / { urgency = $2 }
        /^}$/          { print app "\t" urgency "\t" summary }
    ' "$1"
}

# notified APPNAME URGENCY SUMMARY: dunst got a notification with exactly these.
notified() {
    notifications "$a/dunst.out" | awk -F '\t' -v app="$1" -v urgency="$2" -v summary="$3" '
        $1 == app && $2 == urgency && $3 == summary { found = 1 } END { exit !found }'
}

# notified_about APPNAME URGENCY TEXT: dunst got a notification whose summary contains TEXT.
notified_about() {
    notifications "$a/dunst.out" | awk -F '\t' -v app="$1" -v urgency="$2" -v text="$3" '
        $1 == app && $2 == urgency && index($3, text) { found = 1 } END { exit !found }'
}

notification_count() { notifications "$a/dunst.out" | wc -l; }

# field_of SUMMARY FIELD: FIELD's value (id, timeout, …) in the last notification dunst got
# with exactly this SUMMARY.
field_of() {
    awk -v q="'" -v want="$1" -v field="$2" '
        function value(line) { sub("^\t[a-z_]+: " q "?", "", line); sub(q "$", "", line); return line }
        /^\{/                 { seen = ""; summary = "" }
        /^\tsummary: /        { summary = value($0) }
        $0 ~ "^\t" field ": " { seen = value($0) }
        /^}$/                  { if (summary == want) found = seen }
        END                    { print found }
    ' "$a/dunst.out"
}

# dunst_ready: dunst owns org.freedesktop.Notifications on the private session bus.
dunst_ready() {
    [ -s "$a/bus" ] || return 1
    DBUS_SESSION_BUS_ADDRESS=$(cat "$a/bus") timeout 2 dbus-send --session --print-reply \
        --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
        string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'
}

test_desktop() {
    a=$tmp/a
    mkdir -p "$a"

    # A headless X server on a display it finds free, which it writes to fd 3.
    spawn Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 3>"$a/display" >"$a/xvfb.log" 2>&1
    xvfb=$spawned
    show=("$a/xvfb.log")
    check "a0 desktop: Xvfb started on a free display" wait_until 10 test -s "$a/display" || return
    local display=":$(head -n 1 "$a/display")"

    # dunst with a config of its own (no user or system dunstrc), on a session bus of its own,
    # whose address is left in $a/bus.
    # dmenu: dunst's context menu, answered by a script that picks 了解 (a person's click).
    printf '#!/bin/sh\ngrep -m 1 了解\n' >"$a/pick"
    chmod +x "$a/pick"
    # Notifications stay until acted on (timeout 0), as on a desk where nobody looked yet.
    printf '[global]\n    font = Monospace 8\n    width = 400\n    dmenu = %s\n[urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n[urgency_critical]\n    timeout = 0\n' \
        "$a/pick" >"$a/dunstrc"
    # shellcheck disable=SC2016  # expanded by the inner sh
    spawn env DISPLAY="$display" dbus-run-session -- sh -c \
        'echo "$DBUS_SESSION_BUS_ADDRESS" >"$1.tmp" && mv "$1.tmp" "$1" && echo $$ >"$3" && exec dunst -config "$2" -print' \
        sh "$a/bus" "$a/dunstrc" "$a/dunst.pid" >"$a/dunst.out" 2>"$a/dunst.err"
    session=$spawned
    show=("$a/dunst.err")
    check "a0 desktop: dunst owns org.freedesktop.Notifications on display $display" \
        wait_until 10 dunst_ready || return
    local bus
    bus=$(cat "$a/bus")

    notify "$a" first DBUS_SESSION_BUS_ADDRESS="$bus" --sink desktop --feed "$feed" --now "$now" --state "$a/state.json"
    check "a1 desktop: notify --sink desktop exits 0" test "$status" -eq 0
    show+=("$a/dunst.out")
    check "a2 desktop: dunst shows the start, CRITICAL, from OutageCal" \
        wait_until 5 notified OutageCal CRITICAL "$start_title"
    check "a3 desktop: dunst shows the late reminder of the 08:00 window, NORMAL" \
        wait_until 5 notified_about OutageCal NORMAL "$intermittent"
    check "a4 desktop: nothing on the terminal, no warning (notify-send worked)" \
        eval 'is_empty "$a/first.out" && ! contains "$a/first.err" warning'

    # The same moment again, with the same state: nothing is raised twice.
    local before
    before=$(notification_count)
    notify "$a" again DBUS_SESSION_BUS_ADDRESS="$bus" --sink desktop --feed "$feed" --now "$now" --state "$a/state.json"
    check "a5 desktop: the second run exits 0 and prints nothing" \
        eval '[ "$status" -eq 0 ] && is_empty "$a/again.out"'
    sleep 1  # any notification would have reached dunst before notify-send returned; be generous
    show+=("$a/dunst.out")
    check "a6 desktop: the second run raises no notification (was $before, now $(notification_count))" \
        test "$(notification_count)" -eq "$before"

    # The start card stays until closed; at the end, the next run's end alert replaces it.
    show+=("$a/dunst.out")
    check "a6b desktop: the start card never expires (timeout $(field_of "$start_title" timeout))" \
        eval '[ "$(field_of "$start_title" timeout)" = 0 ]'
    notify "$a" ended DBUS_SESSION_BUS_ADDRESS="$bus" --sink desktop --feed "$feed" --now "$later" --state "$a/state.json"
    check "a6c desktop: at the end, a new notify --once replaces the start card with the end (ids $(field_of "$start_title" id) and $(field_of "$end_title" id))" \
        eval 'wait_until 5 notified OutageCal LOW "$end_title" && [ -n "$(field_of "$end_title" id)" ] && [ "$(field_of "$end_title" id)" = "$(field_of "$start_title" id)" ]'

    # Actions, with the daemon (notify --once exits and offers none): 詳細を見る opens the
    # notice's page with xdg-open (here a stand-in that writes down what it was given), 了解
    # closes the notification and opens nothing.
    mkdir -p "$a/bin"
    printf '#!/bin/sh\necho "$1" >>"%s/opened"\n' "$a" >"$a/bin/xdg-open"
    chmod +x "$a/bin/xdg-open"
    DBUS_SESSION_BUS_ADDRESS="$bus" dunstctl close-all
    spawn env DBUS_SESSION_BUS_ADDRESS="$bus" PATH="$a/bin:$PATH" "$binary" notify --sink desktop --feed "$feed" --now "$now" \
        --state "$a/daemon.json" >"$a/daemon.out" 2>"$a/daemon.err"
    local daemon=$spawned
    show=("$a/daemon.err" "$a/dunst.out")
    check "a7 actions: the daemon's two notifications are on screen" wait_until 10 displayed 2
    check "a8 actions: they carry 詳細を見る and 了解" eval 'grep -q "詳細を見る" "$a/dunst.out" && grep -q "了解" "$a/dunst.out"'
    DBUS_SESSION_BUS_ADDRESS="$bus" dunstctl action 0
    check "a9 actions: 詳細を見る opens the notice's https page" wait_until 5 grep -q '^https://' "$a/opened"
    DBUS_SESSION_BUS_ADDRESS="$bus" dunstctl context
    check "a10 actions: 了解 closes the other notification" wait_until 5 displayed 0
    sleep 1
    check "a11 actions: 了解 opens nothing ($(wc -l <"$a/opened" 2>/dev/null) page(s) opened)" test "$(wc -l <"$a/opened")" -eq 1
    check "a12 actions: the daemon is still running, with no warning" \
        eval 'kill -0 "$daemon" && ! contains "$a/daemon.err" warning'
    stop "$daemon"
    stop_desktop
}

# displayed N: dunst shows exactly N notifications now.
displayed() { [ "$(DBUS_SESSION_BUS_ADDRESS=$(cat "$a/bus") dunstctl count displayed 2>/dev/null)" = "$1" ]; }

# stop_desktop: dunst first, so that dbus-run-session stops and reaps its bus daemon and exits;
# then whatever is left of the session, and Xvfb.
stop_desktop() {
    if [ -n "$session" ]; then
        [ -s "$a/dunst.pid" ] && kill -TERM "$(cat "$a/dunst.pid")" 2>/dev/null
        wait_until 3 gone "$session"
        stop "$session"
        session=""
    fi
    if [ -n "$xvfb" ]; then
        stop "$xvfb"
        xvfb=""
    fi
}

# --- b. Fallback to the terminal -----------------------------------------------------------------

test_fallback() {
    local b=$tmp/b
    # A PATH with nothing on it: the binary is named by its absolute path and needs no other
    # program, so notify-send is the only thing it could look for there.
    mkdir -p "$b/empty-path"
    notify "$b" missing PATH="$b/empty-path" --sink desktop --feed "$feed" --now "$now" --state "$b/missing.json"
    check "b1 fallback: without notify-send, notify exits 0" test "$status" -eq 0
    check "b2 fallback: without notify-send, the alert title is on stdout" contains "$b/missing.out" "$start_title"
    check "b3 fallback: without notify-send, a warning naming notify-send is on stderr" \
        eval 'grep -q "warning.*notify-send" "$b/missing.err"'
    notify "$b" missing-again PATH="$b/empty-path" --sink desktop --feed "$feed" --now "$now" --state "$b/missing.json"
    check "b4 fallback: an alert shown in the terminal is not shown again" \
        eval '[ "$status" -eq 0 ] && is_empty "$b/missing-again.out"'

    # notify-send installed but failing: no notification server (a session bus that is not there).
    notify "$b" failing DBUS_SESSION_BUS_ADDRESS="unix:path=$b/no-such-bus" --sink desktop --feed "$feed" --now "$now" --state "$b/failing.json"
    check "b5 fallback: with notify-send failing, notify exits 0 and the title is on stdout" \
        eval '[ "$status" -eq 0 ] && contains "$b/failing.out" "$start_title"'
    check "b6 fallback: with notify-send failing, its failure is a warning on stderr" \
        eval 'grep -q "warning.*notify-send exited with status" "$b/failing.err"'
}

# --- c. Feeds over HTTP --------------------------------------------------------------------------

test_http() {
    local c=$tmp/c
    mkdir -p "$c"
    spawn /usr/bin/python3 "$here/feed_server.py" "$feed" --port-file "$c/port" --mode-file "$c/mode" \
        >"$c/server.log" 2>"$c/server.err"
    local server=$spawned
    show=("$c/server.err")
    check "c0 http: the feed server listens on 127.0.0.1" wait_until 10 test -s "$c/port" || return
    local url=http://127.0.0.1:$(cat "$c/port")/west-japan.ics
    # Every run shares the feed cache ($XDG_CACHE_HOME); each fault gets a fresh state, so that
    # its alerts can only come from the cached copy.
    local cache=$XDG_CACHE_HOME/outagecal/feeds
    last_request() { tail -n 1 "$c/server.log"; }

    echo normal >"$c/mode"
    notify "$c" normal --sink terminal --feed "$url" --now "$now" --state "$c/normal.json"
    show+=("$c/server.log")
    check "c1 http: served normally, both alerts are printed" \
        eval '[ "$status" -eq 0 ] && contains "$c/normal.out" "$start_title" && contains "$c/normal.out" "$intermittent"'
    check "c1 http: the server answered 200 and the feed is cached" \
        eval 'last_request | grep -q "^GET /west-japan.ics 200 " && ls "$cache"/*.ics >/dev/null 2>&1'

    # Each --once run fetches, conditional on the cached copy's ETag and Last-Modified.
    notify "$c" conditional --sink terminal --feed "$url" --now "$later" --state "$c/normal.json"
    show+=("$c/server.log")
    check "c2 http: a second fetch is conditional and the server answers 304" \
        eval 'last_request | grep -q "^GET /west-japan.ics 304 if-none-match=\"[0-9a-f]*\""'
    check "c2 http: after the 304, alerts come from the cached copy (the end at 05:20), no warning" \
        eval '[ "$status" -eq 0 ] && contains "$c/conditional.out" "$end_title" && ! contains "$c/conditional.err" warning'

    # fault ID MODE MESSAGE NAME: the server in MODE; alerts still come, and MESSAGE is a warning.
    fault() {
        local id=$1 mode=$2 message=$3 name=$4
        echo "$mode" >"$c/mode"
        notify "$c" "$mode" --sink terminal --feed "$url" --now "$now" --state "$c/$mode.json"
        show+=("$c/server.log")
        check "$id http: $name: warned ($message)" eval 'grep -q "warning.*$message" "$c/$mode.err"'
        check "$id http: $name: exit 0, alerts still come from the cached copy" \
            eval '[ "$status" -eq 0 ] && contains "$c/$mode.out" "$start_title" && contains "$c/$mode.out" "$intermittent"'
    }
    fault c3 garbage "not a usable calendar" "garbage (an HTML page)"
    fault c4 huge "larger than 10 MB" "50 MB with Content-Length"
    fault c5 huge-chunked "larger than 10 MB" "50 MB chunked"
    fault c6 down "HTTP 503" "503 Service Unavailable"
    stop "$server"
    fault c7 stopped "cannot fetch" "server stopped (connection refused)"
    # A refused connection is an answer: it must not hold the alerts up until the 30 s timeout.
    check "c7 http: server stopped: the fetch gives up at once, not after the 30 s timeout (took $elapsed s)" \
        test "$elapsed" -lt 10

    show=()
    check "c8 http: the cached copy is still the served file, byte for byte" \
        eval 'cmp -s "$feed" "$(ls "$cache"/*.ics | head -n 1)"'
}

# --- d. The state file ---------------------------------------------------------------------------

test_state() {
    local d=$tmp/d
    mkdir -p "$d"
    # `--state state.json`, as typed in the folder the notifier is started from.
    cd "$d" || return
    notify "$d" first --sink terminal --feed "$feed" --now "$now" --state state.json
    check "d1 state: --state state.json (a bare file name) is saved" \
        eval '[ "$status" -eq 0 ] && contains "$d/first.out" "$start_title" && [ -s "$d/state.json" ]'
    notify "$d" again --sink terminal --feed "$feed" --now "$now" --state state.json
    check "d2 state: --state state.json, the second run raises nothing" \
        eval '[ "$status" -eq 0 ] && is_empty "$d/again.out"'
    cd "$repo" || return
}

test_desktop
test_fallback
test_http
test_state

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
