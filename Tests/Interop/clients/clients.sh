#!/bin/sh
# Every feed read by the parsers of real calendar applications, from Debian
# packages (Tests/Interop/setup.sh installs them):
#   ical.js       Thunderbird's own parser, taken from the thunderbird package's
#                 omni.ja at run time (never committed), run under nodejs;
#   libical-glib  Evolution's/GNOME's library (gir1.2-ical-3.0, python3-gi),
#                 including its iTIP restriction check for METHOD:PUBLISH;
#   khal          `khal import` into a throwaway vdir, then `khal list`;
#   calcurse      `calcurse -i` into a throwaway data directory, then `-G`.
# Each client must agree with the reference (compare.py: events, UIDs where
# the client shows them, instants in UTC, all-day events read as days, and
# alarms as far as the client keeps them).
#   Tests/Interop/clients/clients.sh [FEEDS_DIR] [--source DIR]
# FEEDS_DIR defaults to Feeds/; --source is where regions.yaml and notices/
# are (default FEEDS_DIR).  Prints FAIL lines and one PASS/FAIL line per
# client; exits 1 if any client fails.  Work files: Tests/Interop/clients/.work/.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
feeds="$root/Feeds"
if [ $# -gt 0 ] && [ "$1" != "--source" ]; then feeds=$1; shift; fi
feeds=$(cd "$feeds" && pwd) || exit 2
source_args=""
if [ "${1:-}" = "--source" ]; then
    source_args="--source $(cd "${2:?--source needs a directory}" && pwd)" || exit 2
fi
work="$here/.work"
rm -rf "$work" && mkdir -p "$work"
python=/usr/bin/python3
omni=${THUNDERBIRD_OMNI_JA:-/usr/lib/thunderbird/omni.ja}

summary=""
status=0
# judge NAME: compare.py on $work/NAME.tsv; the producer's exit status in $1.
judge() {
    name=$1 produced=$2
    if [ "$produced" -ne 0 ]; then
        echo "FAIL $name: the adapter exited with status $produced:"
        sed 's/^/    /' "$work/$name.err" | head -n 20
        line="FAIL $name: did not run"
    else
        # shellcheck disable=SC2086  # source_args is "" or "--source DIR"
        line=$("$python" -I "$here/compare.py" "$name" "$work/$name.tsv" "$feeds" $source_args | tee "$work/$name.out" | tail -n 1)
        sed '$d' "$work/$name.out"
        echo "$line"
    fi
    case $line in PASS*) ;; *) status=1 ;; esac
    summary="$summary$line
"
}
missing() {
    echo "FAIL $1: $2 (run Tests/Interop/setup.sh)"
    summary="${summary}FAIL $1: $2
"
    status=1
}

echo "feeds: $feeds"

# --- ical.js, out of Thunderbird's omni.ja (a zip): modules/calendar/Ical.sys.mjs
# (an ES module) in Thunderbird 115+; older ones had a script defining ICAL.
if [ -f "$omni" ] && command -v node > /dev/null; then
    member=$("$python" -I - "$omni" "$work/icaljs" <<'EOF'
import os, re, sys, zipfile
omni, out = sys.argv[1:]
with zipfile.ZipFile(omni) as z:
    names = [n for n in z.namelist() if re.search(r"(^|/)ical(\.sys)?\.m?js$", n, re.I)]
    # The calendar's own copy first, should there be others.
    names.sort(key=lambda n: ("calendar" not in n, n))
    if names:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, os.path.basename(names[0])), "wb") as f:
            f.write(z.read(names[0]))
        print(names[0])
EOF
    )
    icaljs="$work/icaljs/$(basename "${member:-none}")"
    if [ -z "$member" ] || [ ! -f "$icaljs" ]; then
        missing ical.js "found no ical.js in $omni"
    else
        tb=$(sed -n 's/^Version=//p' "$(dirname "$omni")/application.ini" 2>/dev/null | head -n 1)
        echo "using: ical.js of Thunderbird ${tb:-?} ($member in $omni), node $(node --version)"
        node "$here/icaljs_check.mjs" "$icaljs" "$feeds" > "$work/ical.js.tsv" 2> "$work/ical.js.err"
        judge ical.js $?
    fi
else
    missing ical.js "no $omni or no node"
fi

# --- libical-glib through GObject introspection, with Debian's python3.
if "$python" -I -c 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib' 2> /dev/null; then
    echo "using: libical-glib $(dpkg-query -W -f='${Version}' gir1.2-ical-3.0 2>/dev/null) (ICalGLib 3.0, $python)"
    "$python" -I "$here/libical_glib_check.py" "$feeds" > "$work/libical-glib.tsv" 2> "$work/libical-glib.err"
    judge libical-glib $?
else
    missing libical-glib "ICalGLib 3.0 not importable by $python"
fi

# --- khal.
if command -v khal > /dev/null; then
    echo "using: $(khal --version 2>/dev/null)"
    sh "$here/khal_check.sh" "$feeds" "$work/khal" > "$work/khal.tsv" 2> "$work/khal.err"
    judge khal $?
else
    missing khal "khal not installed"
fi

# --- calcurse.
if command -v calcurse > /dev/null; then
    echo "using: $(calcurse --version 2>/dev/null | head -n 1)"
    sh "$here/calcurse_check.sh" "$feeds" "$work/calcurse" > "$work/calcurse.tsv" 2> "$work/calcurse.err"
    judge calcurse $?
else
    missing calcurse "calcurse not installed"
fi

echo
echo "== calendar clients"
printf '%s' "$summary"
exit $status
