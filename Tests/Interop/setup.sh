#!/bin/sh
# Installs what Tests/Interop/run.sh needs. Idempotent: safe to run again.
#   - Debian's python3-icalendar (the second, older parser we check against),
#     python3-yaml and python3-venv;
#   - a venv at Tests/Interop/.venv with the latest PyPI parsers.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
debs="python3-icalendar python3-yaml python3-venv"

. "$here/../../scripts/lib/setup.sh"
ensure_debs $debs
ensure_venv "$venv" "$here/requirements.txt"
"$venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
    | grep -iE '^(icalendar|vobject|ics|recurring[-_]ical[-_]events|PyYAML|python-dateutil) ' \
    | sed 's/^/setup:   /'
echo "setup: done"
