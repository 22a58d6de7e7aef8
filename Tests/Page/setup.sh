#!/bin/sh
# Installs what Tests/Page/run.sh needs. Idempotent: safe to run again.
#   - Debian's chromium (driven headless over the DevTools protocol) and fonts-noto-cjk (so the
#     Japanese text is drawn, not tofu, in the screenshots), plus python3-venv;
#   - a venv at Tests/Page/.venv with `websockets` from PyPI (the DevTools client's transport).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
debs="chromium fonts-noto-cjk python3-venv"

# No prompts from apt; "env" so the setting survives sudo.
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get"

missing=""
for p in $debs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    # Update the package lists only when apt cannot find a candidate.
    if ! $apt install -y --no-install-recommends $missing; then
        echo "setup: apt-get install failed; running apt-get update and retrying"
        $apt update
        $apt install -y --no-install-recommends $missing
    fi
else
    echo "setup: Debian packages already installed ($debs)"
fi

if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating venv $venv"
    /usr/bin/python3 -m venv "$venv"
else
    echo "setup: venv exists ($venv)"
fi

echo "setup: pip install -r requirements.txt"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" -c 'import websockets; print("setup:   websockets", websockets.__version__)'
echo "setup: done"
