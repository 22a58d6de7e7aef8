#!/bin/sh
# Runs the interop checker twice: with the venv's latest PyPI parsers
# (icalendar, vobject, ics, recurring-ical-events), then with Debian's
# /usr/bin/python3 and its older python3-icalendar; then the feeds through
# real calendar applications (clients/clients.sh: Thunderbird's ical.js,
# libical-glib, khal, calcurse).  Non-zero if any of them fails.
#   Tests/Interop/run.sh FEEDS_DIR [--source DIR]
# Run Tests/Interop/setup.sh once first.
set -u

here=$(cd "$(dirname "$0")" && pwd)
venv_python="$here/.venv/bin/python"
if [ $# -lt 1 ]; then
    echo "usage: $0 FEEDS_DIR [--source DIR]" >&2
    exit 2
fi
if [ ! -x "$venv_python" ]; then
    echo "run: $venv_python missing; run $here/setup.sh first" >&2
    exit 2
fi

# -I (isolated): ignore PYTHONPATH, user site-packages and the current
# directory, so each interpreter sees only its own libraries.
status=0
echo "== venv (PyPI parsers)"
"$venv_python" -I "$here/check_feeds.py" "$@" || status=1
echo
echo "== Debian /usr/bin/python3 (python3-icalendar)"
/usr/bin/python3 -I "$here/check_feeds.py" "$@" || status=1
echo
echo "== Calendar applications (Thunderbird's ical.js, libical-glib, khal, calcurse)"
sh "$here/clients/clients.sh" "$@" || status=1
exit $status
