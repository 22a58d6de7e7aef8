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

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib/setup.sh"
# shellcheck disable=SC2086  # a word list
ensure_debs $debs
echo "setup: done"
