#!/bin/sh
# Installs what Tests/Interop/run.sh needs. Idempotent: safe to run again.
#   - Debian's python3-icalendar (the second, older parser we check against),
#     python3-yaml and python3-venv;
#   - a venv at Tests/Interop/.venv with the latest PyPI parsers;
#   - the calendar applications clients/clients.sh runs the feeds through:
#     thunderbird (its ical.js, run under nodejs), Evolution's libical-glib
#     (gir1.2-ical-3.0 through python3-gi), khal and calcurse.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
debs="python3-icalendar python3-yaml python3-venv"
clients="thunderbird nodejs gir1.2-ical-3.0 python3-gi khal calcurse"

. "$here/../../scripts/lib/setup.sh"
# shellcheck disable=SC2086  # word lists
ensure_debs $debs $clients
ensure_venv "$venv" "$here/requirements.txt"
"$venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
    | grep -iE '^(icalendar|vobject|ics|recurring[-_]ical[-_]events|PyYAML|python-dateutil) ' \
    | sed 's/^/setup:   /'
echo "setup: done"
