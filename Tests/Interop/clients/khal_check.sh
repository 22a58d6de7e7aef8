#!/bin/sh
# khal (Debian package khal) reading every feed: each feed is imported with
# `khal import --batch` into its own calendar (a vdir) of a throwaway khal
# configuration (XDG_CONFIG_HOME/XDG_DATA_HOME under WORK_DIR, TZ and khal's
# zones Asia/Tokyo), then one `khal list` over the days the feeds cover shows
# every event with its UID, start, end, all-day flag and alarm symbol (once
# per day it covers: repeats are dropped here, as `khal list -o` would also
# drop an event whose UID it already showed in another calendar).
#   khal_check.sh FEEDS_DIR WORK_DIR > results.tsv     (compare.py's format)
# What khal does, found by running it: it keeps the VALARMs in the vdir but
# only shows an alarm symbol (no trigger times, it never alerts); it shows the
# last day of an all-day event, not DTEND; it gives an event without DTEND one
# hour (khal/icalendar.py sanitize_timerange).  compare.py knows these.
set -u
feeds=${1:?usage: khal_check.sh FEEDS_DIR WORK_DIR}
work=${2:?usage: khal_check.sh FEEDS_DIR WORK_DIR}
rm -rf "$work" && mkdir -p "$work/config/khal" "$work/data/vdirs" "$work/home"
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
    HOME="$work/home" TZ=Asia/Tokyo LC_ALL=C.UTF-8
tab=$(printf '\t')

list=$(cd "$feeds" && find . -name '*.ics' | sed 's|^\./||' | LC_ALL=C sort)
config="$work/config/khal/config"
{
    echo "[calendars]"
    i=0
    for feed in $list; do
        i=$((i + 1))
        mkdir -p "$work/data/vdirs/f$i"
        printf '[[f%d]]\npath = %s\ntype = calendar\n' "$i" "$work/data/vdirs/f$i"
    done
    cat <<'EOF'
[locale]
local_timezone = Asia/Tokyo
default_timezone = Asia/Tokyo
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M:%S%z
longdatetimeformat = %Y-%m-%dT%H:%M:%S%z
timeformat = %H:%M
[default]
default_calendar = f1
EOF
} > "$config"

# The days to list: from the earliest DTSTART to a day after the latest DTEND/DTSTART.
days=$(cat $(for f in $list; do echo "$feeds/$f"; done) 2>/dev/null \
    | grep -aoE '^DT(START|END)[^:]*:[0-9]{8}' | sed 's/.*://' | LC_ALL=C sort -u)
from=$(echo "$days" | head -n 1)
to=$(echo "$days" | tail -n 1)

i=0
for feed in $list; do
    i=$((i + 1))
    if ! out=$(khal import --batch -a "f$i" "$feeds/$feed" 2>&1); then
        printf 'feed\t%s\nerror\tkhal import failed: %s\n' "$feed" "$(echo "$out" | tr '\t\n' '  ')"
        continue
    fi
    [ -n "$out" ] && printf 'import\tf%d\t%s\n' "$i" "$(echo "$out" | tr '\t\n' '  ')" >> "$work/import.log"
done

listed="$work/list.txt"
if [ -n "$from" ]; then
    from_day="${from%????}-$(echo "$from" | cut -c5-6)-$(echo "$from" | cut -c7-8)"
    to_day="${to%????}-$(echo "$to" | cut -c5-6)-$(echo "$to" | cut -c7-8)"
    khal list -df '' \
        -f "{calendar}${tab}{uid}${tab}{start}${tab}{end}${tab}{all-day}${tab}{alarm-symbol}${tab}{title}" \
        "$from_day" "$(date -d "$to_day + 2 days" +%Y-%m-%d)" > "$listed" 2> "$work/list.err" \
        || echo "khal list failed: $(tr '\t\n' '  ' < "$work/list.err")" >> "$work/list.err"
else
    : > "$listed"
fi

i=0
for feed in $list; do
    i=$((i + 1))
    printf 'feed\t%s\n' "$feed"
    grep -a "^import${tab}f$i${tab}" "$work/import.log" 2>/dev/null | cut -f3- | sed 's/^/info\tkhal import: /'
    # all-day: khal shows dates; timed: local time with offset, e.g. 2024-12-15T03:00:00+0900.
    awk -F'\t' -v cal="f$i" -v OFS='\t' '$1 == cal && !seen[$2]++ {
        alarm = $6; gsub(/ /, "", alarm); alarm = (alarm != "") ? "yes" : "no"
        title = $7; for (k = 8; k <= NF; k++) title = title " " $k
        print "event", $2, $3, $4, alarm, title
    }' "$listed"
done
if [ -s "$work/list.err" ]; then
    # khal's warnings belong to no single feed; any of them fails the check.
    while IFS= read -r line; do printf 'error\tkhal list: %s\n' "$line"; done < "$work/list.err"
fi
