#!/usr/bin/env bash
# Checks Publishing/nginx/outagecal.conf with a real nginx: a private instance (not a daemon,
# no system paths) on 127.0.0.1:<free port>, serving a copy of Feeds/, asked with curl.
#
#   bash Publishing/nginx/test.sh            # FEEDS=/path/to/Feeds to test another folder
#
# Installs nginx when missing (Debian: nginx-light, else nginx; sudo when not root; apt-get
# update only when the install fails) and curl. Prints one PASS or FAIL line per check, then
# "N passed, M failed"; exits 1 when a check failed, 2 when nginx could not be set up. nginx is
# stopped on every exit (trap). Every request has a 5 s limit; the run takes a few seconds.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

FEEDS=${FEEDS:-$repo/Feeds}
FEED=prefectures/40-fukuoka.ics

say() { printf '== %s\n' "$*" >&2; }

[ -f "$FEEDS/$FEED" ] && [ -f "$FEEDS/index.html" ] ||
    { say "$FEEDS has no $FEED or index.html: run \`outagecal generate\` first (or set FEEDS)"; exit 2; }
ensure_package curl curl || exit 2
ensure_package python3 python3 || exit 2
ensure_package nginx nginx-light nginx || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagecal-nginx-test.XXXXXX")
NGINX_PID=""
cleanup() {
    nginx_stop
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The site: a copy of Feeds/ (readable by nginx's `nobody` workers when this runs as root), a
# secret next to it, and the things that must not be served inside it.
chmod 755 "$tmp"
mkdir -p "$tmp/site"
cp -R "$FEEDS" "$tmp/site/Feeds"
site=$tmp/site/Feeds
secret="OUTAGECAL-SECRET-$$"
echo "$secret" >"$tmp/site/outside.txt"
echo "$secret" >"$site/.hidden.ics"
mkdir -p "$site/.git"
echo "$secret" >"$site/.git/config"
ln -s ../../outside.txt "$site/prefectures/99-outside.ics"
ln -s "$tmp/site" "$site/escape"
# A draft waiting in the inbox: not published until accepted.
mkdir -p "$site/inbox/20270101-000000-mhlw-news"
echo "$secret" >"$site/inbox/20270101-000000-mhlw-news/notice.yaml"
chmod -R a+rX "$tmp/site"

port=$(free_port)
base=http://127.0.0.1:$port
nginx_prepare "$tmp/nginx" "$site" "$port" 1 on || exit 2
if ! nginx_start "$tmp/nginx"; then say "nginx -t failed on the configuration above"; exit 2; fi
if ! wait_http "$base/" "$NGINX_PID"; then
    say "nginx did not answer on $base within 10 s"
    cat "$tmp/nginx/logs/error.log" "$tmp/nginx/logs/stderr.log" >&2 2>/dev/null
    exit 2
fi
say "nginx $("$(nginx_binary)" -v 2>&1 | sed 's/.*version: //') (pid $NGINX_PID) on $base, root $site"

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS  %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s%s\n' "$1" "${2:+   ($2)}"; }

# req [curl options] PATH: one request; status in $status, headers in $tmp/h, body in $tmp/b.
req() {
    local path=${*: -1}
    local options=("${@:1:$#-1}")
    : >"$tmp/h"; : >"$tmp/b"
    status=$(curl -sS --max-time 5 --path-as-is "${options[@]}" -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$base$path" 2>"$tmp/curl.err") ||
        status="curl-error:$(tr -d '\n' <"$tmp/curl.err")"
}
# hdr NAME: the value of response header NAME (the last one), without the CR.
hdr() { grep -i "^$1:" "$tmp/h" | tail -n 1 | sed -e "s/^[^:]*:[[:space:]]*//" -e 's/\r$//'; }
# check DESCRIPTION TEST...: PASS when TEST succeeds, else FAIL with the status and the headers.
check() {
    local description=$1
    shift
    if "$@"; then pass "$description  [$status]"; else fail "$description" "status $status; $(tr -d '\r' <"$tmp/h" | sed -n '2,$p' | paste -sd '|' | cut -c1-300)"; fi
}
is() { [ "$1" = "$2" ]; }
one_of() { local value=$1; shift; for v in "$@"; do [ "$value" = "$v" ] && return 0; done; return 1; }
no_secret() { ! grep -q "$secret" "$tmp/b"; }

# 1. The feed.
req "/$FEED"
check "GET /$FEED: 200" is "$status" 200
check "GET /$FEED: Content-Type text/calendar; charset=utf-8" is "$(hdr Content-Type)" "text/calendar; charset=utf-8"
check "GET /$FEED: body is the file" cmp -s "$tmp/b" "$site/$FEED"
etag=$(hdr ETag)
modified=$(hdr Last-Modified)
check "GET /$FEED: ETag present ($etag)" test -n "$etag"
check "GET /$FEED: Last-Modified present ($modified)" test -n "$modified"
check "GET /$FEED: Cache-Control public, max-age=21600" is "$(hdr Cache-Control)" "public, max-age=21600"
check "GET /$FEED: not compressed when not asked" is "$(hdr Content-Encoding)" ""

req -I "/$FEED"
# (curl --head writes the headers to -o too: no body means the output is the headers alone.)
check "HEAD /$FEED: 200, same type and ETag, no body" \
    eval '[ "$status" = 200 ] && [ "$(hdr Content-Type)" = "text/calendar; charset=utf-8" ] && [ "$(hdr ETag)" = "$etag" ] && cmp -s "$tmp/b" "$tmp/h"'

# 2. Conditional requests.
req -H "If-None-Match: $etag" "/$FEED"
check "If-None-Match: <etag>: 304, empty body" eval '[ "$status" = 304 ] && [ ! -s "$tmp/b" ]'
check "304: ETag and Cache-Control max-age=21600 repeated" \
    eval '[ "$(hdr ETag)" = "$etag" ] && [ "$(hdr Cache-Control)" = "public, max-age=21600" ]'
req -H 'If-None-Match: "not-the-tag"' "/$FEED"
check "If-None-Match: other tag: 200" is "$status" 200
req -H "If-Modified-Since: $modified" "/$FEED"
check "If-Modified-Since: <Last-Modified>: 304" is "$status" 304
req -H "If-Modified-Since: $(date -u -d '+1 day' '+%a, %d %b %Y %H:%M:%S GMT')" "/$FEED"
check "If-Modified-Since: tomorrow: 304" is "$status" 304
req -H "If-Modified-Since: Thu, 01 Jan 2015 00:00:00 GMT" "/$FEED"
check "If-Modified-Since: 2015: 200" is "$status" 200

# 3. gzip.
req -H 'Accept-Encoding: gzip' "/$FEED"
check "Accept-Encoding: gzip: 200, Content-Encoding gzip" eval '[ "$status" = 200 ] && [ "$(hdr Content-Encoding)" = gzip ]'
check "Accept-Encoding: gzip: Vary: Accept-Encoding" is "$(hdr Vary)" "Accept-Encoding"
check "Accept-Encoding: gzip: body unzips to the file" eval 'gzip -dc <"$tmp/b" | cmp -s - "$site/$FEED"'
check "Accept-Encoding: gzip: type and Cache-Control kept" \
    eval '[ "$(hdr Content-Type)" = "text/calendar; charset=utf-8" ] && [ "$(hdr Cache-Control)" = "public, max-age=21600" ]'
gzip_etag=$(hdr ETag)
req -H 'Accept-Encoding: gzip' -H "If-None-Match: $gzip_etag" "/$FEED"
check "gzip + If-None-Match: <its ETag $gzip_etag>: 304" is "$status" 304
req -H 'Accept-Encoding: gzip' /all.ics
check "GET /all.ics gzip: 200 text/calendar, unzips to the file" \
    eval '[ "$status" = 200 ] && [ "$(hdr Content-Encoding)" = gzip ] && gzip -dc <"$tmp/b" | cmp -s - "$site/all.ics"'

# 4. The page.
req /
check "GET /: 200 text/html; charset=utf-8, the index.html" \
    eval '[ "$status" = 200 ] && [ "$(hdr Content-Type)" = "text/html; charset=utf-8" ] && cmp -s "$tmp/b" "$site/index.html"'
check "GET /: Cache-Control public, max-age=300" is "$(hdr Cache-Control)" "public, max-age=300"
req -H 'Accept-Encoding: gzip' /index.html
check "GET /index.html gzip: Content-Encoding gzip, Vary" \
    eval '[ "$status" = 200 ] && [ "$(hdr Content-Encoding)" = gzip ] && [ "$(hdr Vary)" = Accept-Encoding ]'

# 5. Methods.
for method in POST PUT DELETE PATCH OPTIONS; do
    req -X "$method" -d x "/$FEED"
    check "$method /$FEED: refused (405/403)" one_of "$status" 405 403
done
req -X POST -d x /
check "POST /: refused (405/403)" one_of "$status" 405 403

# 6. Nothing outside the folder, nothing hidden, no listings.
for path in /../outside.txt /prefectures/../../outside.txt /%2e%2e/outside.txt /%2E%2E/outside.txt \
    /prefectures/%2e%2e/%2e%2e/outside.txt /..%2foutside.txt /%2e%2e%2foutside.txt /./../outside.txt; do
    req "$path"
    check "GET $path: refused (400/403/404), no secret" eval 'one_of "$status" 400 403 404 && no_secret'
done
for path in /.hidden.ics /.git/config /.git/ /prefectures/.hidden.ics /%2ehidden.ics /inbox/20270101-000000-mhlw-news/notice.yaml /%69nbox/20270101-000000-mhlw-news/notice.yaml; do
    req "$path"
    check "GET $path (hidden): refused (403/404), no secret" eval 'one_of "$status" 403 404 && no_secret'
done
for path in /prefectures/99-outside.ics /escape/outside.txt; do
    req "$path"
    check "GET $path (symlink out): refused (403/404), no secret" eval 'one_of "$status" 403 404 && no_secret'
done
req /prefectures/
check "GET /prefectures/: no listing (403/404)" eval 'one_of "$status" 403 404 && ! grep -q 40-fukuoka "$tmp/b"'
req /nope.ics
check "GET /nope.ics: 404" is "$status" 404
req /prefectures/../index.html
check "GET /prefectures/../index.html (inside the folder): 200" is "$status" 200
check "no Server version in answers" eval '! grep -qi "^server:.*nginx/" "$tmp/h"'

if grep -E '\[(emerg|alert|crit)\]' "$tmp/nginx/logs/error.log" >&2; then
    fail "nginx error log has no emerg/alert/crit lines"
else
    pass "nginx error log has no emerg/alert/crit lines"
fi

echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    say "nginx error log (last 20 lines):"
    tail -n 20 "$tmp/nginx/logs/error.log" >&2
    exit 1
fi
