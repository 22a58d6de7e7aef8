#!/bin/sh
# Installs what Tests/Desktop/run.sh needs. Idempotent: safe to run again.
#   dunst          a real notification server (org.freedesktop.Notifications), run with -print
#   libnotify-bin  notify-send, which `outagecal notify --sink desktop` runs
#   xvfb           a headless X server for dunst to draw on
#   dbus-daemon    dbus-run-session (a private session bus per test run)
#   dbus-bin       dbus-send (to wait until dunst owns its bus name)
#   python3        /usr/bin/python3 for feed_server.py (standard library only)
set -eu

debs="dunst libnotify-bin xvfb dbus-daemon dbus-bin python3"

# No prompts from apt; "env" so the setting survives sudo.
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get"

missing=""
for p in $debs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "setup: Debian packages already installed ($debs)"
    exit 0
fi

echo "setup: installing Debian packages:$missing"
# Update the package lists only when apt cannot find a candidate.
# shellcheck disable=SC2086  # $missing is a word list
if ! $apt install -y -q --no-install-recommends $missing; then
    echo "setup: apt-get install failed; running apt-get update and retrying"
    $apt update -q
    $apt install -y -q --no-install-recommends $missing
fi
echo "setup: done"
