#!/bin/sh
# calcurse (Debian package calcurse) reading every feed: `calcurse -i FEED`
# into a throwaway data directory per feed (-D, TZ=Asia/Tokyo), then
# `calcurse -G` lists every item once: appointments with start and end as
# Unix times and their raw line (whose "!" is the notify flag), all-day
# "events" with their date.
#   calcurse_check.sh FEEDS_DIR WORK_DIR > results.tsv     (compare.py's format)
# What calcurse does, found by running it: it has no UIDs (compare.py matches
# by SUMMARY and start); a VEVENT with DATE values becomes an all-day
# "event" (one over several days a daily recurring one), which has no alarm;
# any VALARM, whatever its ACTION (DISPLAY, AUDIO, EMAIL) or
# TRIGGER, only sets the appointment's notify flag "!" (calcurse alerts at a
# single global lead time, notification.warning, 300 s by default).  It
# rejects a VEVENT whose DTEND equals DTSTART ("end must be later than
# start.") but takes one without DTEND as lasting no time.
set -u
feeds=${1:?usage: calcurse_check.sh FEEDS_DIR WORK_DIR}
work=${2:?usage: calcurse_check.sh FEEDS_DIR WORK_DIR}
rm -rf "$work" && mkdir -p "$work/home"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
    TZ=Asia/Tokyo LC_ALL=C.UTF-8

i=0
for feed in $(cd "$feeds" && find . -name '*.ics' | sed 's|^\./||' | LC_ALL=C sort); do
    i=$((i + 1))
    data="$work/d$i"
    mkdir -p "$data"
    printf 'feed\t%s\n' "$feed"
    # Its report: "Import process report: 0933 lines read" and
    # "11 apps / 5 events / 0 todos / 0 skipped".  calcurse exits 1 when it
    # skipped items and logs why in $TMPDIR/calcurse_log.*; what it did import
    # is still listed below.
    rm -rf "$work/tmp" && mkdir -p "$work/tmp"
    report=$(TMPDIR="$work/tmp" calcurse -C "$data" -D "$data" -i "$feeds/$feed" 2>&1)
    rc=$?
    printf 'info\tcalcurse -i: %s\n' "$(echo "$report" | tr '\t\n' '  ')"
    skipped=$(echo "$report" | sed -n 's|.* / \([0-9]*\) skipped.*|\1|p')
    if [ "$rc" -ne 0 ] || [ "${skipped:-?}" != 0 ]; then
        printf 'error\tcalcurse -i exited %s, %s item(s) skipped\n' "$rc" "${skipped:-?}"
        # The log's item lines, e.g. "VEVENT [30]: end must be later than start."
        cat "$work/tmp"/calcurse_log.* 2>/dev/null | grep -E '^(VEVENT|VTODO|VCALENDAR)' \
            | sed 's/^/error\tcalcurse log: /'
    fi
    # Appointment raw line: MM/DD/YYYY @ HH:MM -> MM/DD/YYYY @ HH:MM [>NOTE ]{!|}SUMMARY
    # Event raw line:       MM/DD/YYYY [ID] [>NOTE ]SUMMARY
    calcurse -C "$data" -D "$data" -G --format-apt 'A|%s|%e|%(raw)' --format-event 'E|%(raw)' \
        --format-recur-apt 'R|%(raw)' --format-recur-event 'R|%(raw)' --format-todo 'T|%(raw)' 2>&1 \
    | awk -v OFS='\t' '
        /^A\|/ {
            split($0, f, "|"); raw = substr($0, length(f[1] f[2] f[3]) + 4)
            sub(/^[^>!|]*-> [0-9\/]+ @ [0-9:]+/, "", raw)
            sub(/^>[0-9a-f]+ /, "", raw)
            alarm = (substr(raw, 1, 1) == "!") ? "yes" : "no"
            print "event", "-", "@" f[2], "@" f[3], alarm, substr(raw, 2); next
        }
        function iso(mdy) { return substr(mdy, 7, 4) "-" substr(mdy, 1, 2) "-" substr(mdy, 4, 2) }
        /^E\|/ {
            raw = substr($0, 3); day = iso(raw)
            sub(/^[0-9\/]+ \[[0-9]+\] /, "", raw)
            sub(/^>[0-9a-f]+ /, "", raw)
            print "event", "-", day, day, "-", raw; next
        }
        # An all-day VEVENT over several days becomes a daily recurring event:
        # MM/DD/YYYY [1] {1D -> MM/DD/YYYY} [>NOTE ]SUMMARY (the last day).
        /^R\|[0-9\/]+ \[[0-9]+\] \{1D -> [0-9\/]+\} / {
            raw = substr($0, 3); day = iso(raw)
            sub(/^[0-9\/]+ \[[0-9]+\] \{1D -> /, "", raw); last = iso(raw)
            sub(/^[0-9\/]+\} /, "", raw)
            sub(/^>[0-9a-f]+ /, "", raw)
            print "event", "-", day, last, "-", raw; next
        }
        /^[RT]\|/ { print "error", "calcurse made a recurring item or a todo of it: " substr($0, 3); next }
        NF { print "error", "calcurse -G: " $0 }'
done
