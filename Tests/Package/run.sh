#!/usr/bin/env bash
# The Debian package (issue 13): builds it with scripts/package (SKIP_BUILD=1 reuses
# .build-package), then lintian, installs it on this machine, runs the installed binary with no
# Swift toolchain on PATH, checks the systemd unit, the autostart entry, the man page and the
# completions, and removes it again, checking that nothing of it is left behind.
# Installs its own Debian tools; uses sudo when not root. Idempotent: it leaves the machine
# without the package, as it found it (a previous install of outagecal is replaced, then removed).
#   bash Tests/Package/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
started=$SECONDS
. scripts/lib/setup.sh
ensure_debs lintian desktop-file-utils systemd man-db dpkg-dev binutils
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

bash scripts/package
version=$(.build-package/release/outagecal --version)
deb=dist/outagecal_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "$deb was not built"

echo "==> lintian $deb"
# No tag is suppressed here. The package ships its overrides (packaging/lintian-overrides: the
# C libraries vendored by Yams and swift-nio-extras, each named with its exact context, so a new
# embedded library would still fail). Infos and warnings are printed, errors fail.
# (--show-overrides would make the overridden errors fail --fail-on error again.)
lintian --display-info --fail-on error "$deb" 2>/dev/null | tee "$tmp/lintian.txt" \
    || fail "lintian reports errors"
pass "lintian: no error ($(grep -c '^W:' "$tmp/lintian.txt" || true) warnings, $(grep -c '^I:' "$tmp/lintian.txt" || true) infos; overridden: $(grep -c '^outagecal:' packaging/lintian-overrides))"

echo "==> dpkg -i $deb"
# Its Depends first (from the archive), so that dpkg -i needs nothing else.
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/ //g' | grep -v '^$')
# shellcheck disable=SC2086  # a word list
ensure_debs $depends
$sudo dpkg -i "$deb" >/dev/null
[ "$(dpkg-query -W -f='${Status} ${Version}' outagecal)" = "install ok installed $version" ] || fail "dpkg -i"
dpkg -L outagecal >"$tmp/files"
dpkg-query -W -f='${Conffiles}\n' outagecal | awk 'NF { print $1 }' >"$tmp/conffiles"
pass "installed outagecal $version ($(wc -l <"$tmp/files") paths)"

echo "==> /usr/bin/outagecal without a Swift toolchain"
if ldd /usr/bin/outagecal | grep -E 'libswift|libFoundation|libdispatch|not found'; then
    fail "/usr/bin/outagecal needs the libraries above"
fi
mkdir -p "$tmp/home"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$tmp/home" LANG=C.UTF-8)
[ -z "$("${clean_env[@]}" sh -c 'command -v swift || true')" ] || fail "swift is on PATH=/usr/bin:/bin"
[ "$("${clean_env[@]}" /usr/bin/outagecal --version)" = "$version" ] || fail "outagecal --version"
"${clean_env[@]}" /usr/bin/outagecal plan --feed "$repo/Feeds/prefectures/40-fukuoka.ics" \
    --now 2024-12-30T12:00:00+09:00 >"$tmp/plan.txt" 2>"$tmp/plan.err" \
    || { cat "$tmp/plan.err" >&2; fail "outagecal plan exited $?"; }
sed 's/^/    /' "$tmp/plan.txt" | head -12
# The bundled notice: the West Japan network outage on the night of 2024-12-31.
grep -q 'オンライン資格確認等システム' "$tmp/plan.txt" || fail "plan shows no alert for the 2024-12-31 outage"
alerts=$("${clean_env[@]}" /usr/bin/outagecal plan --json --feed "$repo/Feeds/prefectures/40-fukuoka.ics" \
    --now 2024-12-30T12:00:00+09:00 | grep -c '"kind"' || true)
[ "$alerts" -gt 0 ] || fail "plan --json lists no alert"
pass "plan prints $alerts alerts with PATH=/usr/bin:/bin and no Swift"
# The autostart entry runs for every user at login: one this PC was not set up for exits quietly.
"${clean_env[@]}" /usr/bin/outagecal notify --if-configured >"$tmp/unset.txt" 2>&1 || fail "notify --if-configured without a configuration exited $?"
grep -q 'outagecal setup' "$tmp/unset.txt" || fail "notify --if-configured does not say to run outagecal setup"
pass "notify --if-configured, not set up: exits 0 and points to outagecal setup"
# Set up from the installed binary, non-interactively, with the bundled feeds as the base.
"${clean_env[@]}" XDG_CONFIG_HOME="$tmp/home/.config" /usr/bin/outagecal setup --prefecture 40 --base "$repo/Feeds" --no-enable >"$tmp/setup.txt" \
    || fail "outagecal setup --prefecture 40 --base Feeds exited $?"
grep -q 'prefecture: "福岡県"' "$tmp/home/.config/outagecal/notify.yaml" || fail "setup wrote no configuration"
pass "outagecal setup (non-interactive) writes ~/.config/outagecal/notify.yaml"

echo "==> systemd user unit"
unit=/usr/lib/systemd/user/outagecal-notify.service
grep -qx 'ExecStart=/usr/bin/outagecal notify' "$unit" || fail "ExecStart is not '/usr/bin/outagecal notify'"
mkdir -m 700 "$tmp/run" "$tmp/config"
# No systemd needs to run: verify loads the unit offline (XDG_RUNTIME_DIR for --user).
XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/home" systemd-analyze verify --user "$unit" 2>&1 | tee "$tmp/verify.txt"
[ ! -s "$tmp/verify.txt" ] || fail "systemd-analyze verify --user $unit"
# Its conditions: no start without a notify.yaml (the user's or /etc's), start with one.
mapfile -t conditions < <(grep '^Condition' "$unit")
condition() { XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" systemd-analyze --user condition "${conditions[@]}" >/dev/null 2>&1; }
if [ ! -e /etc/outagecal/notify.yaml ]; then
    ! condition || fail "the unit would start without a notify.yaml"
fi
mkdir -p "$tmp/config/outagecal" && touch "$tmp/config/outagecal/notify.yaml"
condition || fail "the unit would not start with \$XDG_CONFIG_HOME/outagecal/notify.yaml"
# [Install]: enabling for every user links it into graphical-session.target, offline too.
was_enabled=$(systemctl --global is-enabled outagecal-notify.service 2>/dev/null || true)
$sudo systemctl --global enable outagecal-notify.service 2>/dev/null
[ -L /etc/systemd/user/graphical-session.target.wants/outagecal-notify.service ] || fail "systemctl --global enable"
[ "$was_enabled" = enabled ] || $sudo systemctl --global disable outagecal-notify.service 2>/dev/null
pass "systemd-analyze verify --user; conditions; systemctl --global enable"

echo "==> the administrator's watcher: service and timer"
for unit in /usr/lib/systemd/user/outagecal-watch.service /usr/lib/systemd/user/outagecal-watch.timer; do
    XDG_RUNTIME_DIR="$tmp/run" HOME="$tmp/home" systemd-analyze verify --user "$unit" 2>&1 | tee "$tmp/verify-watch.txt"
    [ ! -s "$tmp/verify-watch.txt" ] || fail "systemd-analyze verify --user $unit"
done
grep -qx 'ExecStart=/usr/bin/outagecal watch --once --desktop --feeds ${OUTAGECAL_FEEDS}' /usr/lib/systemd/user/outagecal-watch.service \
    || fail "the watcher's ExecStart is not 'outagecal watch --once --desktop --feeds \${OUTAGECAL_FEEDS}'"
[ ! -e /etc/systemd/user/timers.target.wants/outagecal-watch.timer ] || fail "the package enabled the watcher's timer"
mapfile -t conditions < <(grep '^Condition' /usr/lib/systemd/user/outagecal-watch.service)
! condition || fail "the watcher would start without a watch.env"
touch "$tmp/config/outagecal/watch.env"
condition || fail "the watcher would not start with \$XDG_CONFIG_HOME/outagecal/watch.env"
pass "watcher service and timer: systemd-analyze verify --user; off by default; conditions"

echo "==> XDG autostart entry"
desktop=/etc/xdg/autostart/outagecal-notify.desktop
desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
grep -qx 'Exec=/usr/bin/outagecal notify --if-configured' "$desktop" || fail "Exec is not '/usr/bin/outagecal notify --if-configured'"
# Not turned into a second unit by systemd's generator (KDE Plasma, GNOME under systemd).
generator=/usr/lib/systemd/user-generators/systemd-xdg-autostart-generator
mkdir "$tmp/generated"
XDG_CONFIG_HOME="$tmp/config" XDG_CONFIG_DIRS=/etc/xdg "$generator" "$tmp/generated" "$tmp/generated" "$tmp/generated" 2>/dev/null
! ls "$tmp/generated" | grep -q outagecal || fail "systemd-xdg-autostart-generator made a unit of $desktop"
pass "desktop-file-validate; skipped by systemd-xdg-autostart-generator"

echo "==> man page"
man_page=/usr/share/man/man1/outagecal.1.gz
MANWIDTH=80 man --warnings -E UTF-8 -l "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err" || fail "man -l $man_page"
[ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err" >&2; fail "man page warnings"; }
grep -q 'outagecal notify' "$tmp/man.txt" && grep -q '福岡' "$tmp/man.txt" || fail "the man page lacks 'outagecal notify' or its Japanese (福岡)"
pass "man -l renders $(wc -l <"$tmp/man.txt") lines, no warning"

echo "==> completions"
bash -n /usr/share/bash-completion/completions/outagecal || fail "bash -n"
bash -c '. /usr/share/bash-completion/completions/outagecal && complete -p outagecal' >/dev/null || fail "bash completion does not register"
if command -v zsh >/dev/null; then zsh -n /usr/share/zsh/vendor-completions/_outagecal || fail "zsh -n"; fi
if command -v fish >/dev/null; then fish -n /usr/share/fish/vendor_completions.d/outagecal.fish || fail "fish -n"; fi
pass "bash -n$(command -v zsh >/dev/null && echo ', zsh -n')$(command -v fish >/dev/null && echo ', fish -n')"

echo "==> documentation"
doc=/usr/share/doc/outagecal
zcat -f "$doc"/README.staff.md* | grep -q '^## For reception staff' || fail "README.staff.md"
zcat -f "$doc"/README.staff.md* | grep -q '^## For the person who sets up the reception PC' || fail "README.staff.md"
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$doc/copyright" || fail "copyright is not DEP-5"
zcat "$doc/changelog.gz" | head -1 | grep -q "^outagecal ($version)" || fail "changelog.gz"
pass "README.staff.md, DEP-5 copyright, changelog"

echo "==> dpkg -r outagecal, then dpkg -P"
left_behind() { # paths of the package still present: files, and directories nobody else has
    while IFS= read -r path; do
        if [ -d "$path" ] && [ ! -L "$path" ]; then
            [ -z "$(ls -A "$path")" ] && ! dpkg -S "$path" >/dev/null 2>&1 && echo "$path"
        elif [ -e "$path" ] || [ -L "$path" ]; then
            echo "$path"
        fi
    done <"$tmp/files"
}
$sudo dpkg -r outagecal >/dev/null
left=$(left_behind | grep -vxF -f "$tmp/conffiles" || true)
[ -z "$left" ] || fail "dpkg -r left: $left"
$sudo dpkg -P outagecal >/dev/null
left=$(left_behind || true)
[ -z "$left" ] || fail "dpkg -P left: $left"
pass "dpkg -r removed every file but the conffile ($(tr '\n' ' ' <"$tmp/conffiles")), dpkg -P that too"

echo "Tests/Package: all passed in $((SECONDS - started)) s"
