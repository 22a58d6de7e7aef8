#!/bin/sh
# Installs what Tests/Page/run.sh needs. Idempotent: safe to run again.
#   - Debian's chromium (driven headless over the DevTools protocol) and fonts-noto-cjk (so the
#     Japanese text is drawn, not tofu, in the screenshots), plus python3-venv;
#   - a venv at Tests/Page/.venv with `websockets` from PyPI (the DevTools client's transport).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
debs="chromium fonts-noto-cjk python3-venv"

. "$here/../../scripts/lib/setup.sh"
ensure_debs $debs
ensure_venv "$venv" "$here/requirements.txt"
"$venv/bin/python" -c 'import websockets; print("setup:   websockets", websockets.__version__)'
echo "setup: done"
