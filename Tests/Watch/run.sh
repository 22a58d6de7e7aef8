#!/usr/bin/env bash
# End-to-end tests of `outagecal watch`, `inbox` and `accept` against a local HTTP server
# (server.py, 127.0.0.1 only) holding the operators' pages in the shapes they publish (an RSS 1.0
# and an RSS 2.0 feed, an Atom feed whose article links a PDF letter, a Shift_JIS page of dated
# links, an article updated in place) and a Maildir of real-shaped mails (ISO-2022-JP, a
# Shift_JIS attachment, a PDF attachment, a forward of a forward, HTML only, a negative), both
# changed between two rounds. The fixtures were written by one helper each and read by a third,
# none of whom saw the code (fixtures/*/EXPECTED.md, fixtures/READING.md); the expectations below
# are the third's reading.
#
#   a. round 1: one draft and one message per stop announced, the newsletter listed as read
#      with no stop found; a second run drafts and tells nothing;
#   b. accept: the feeds carry the windows, the diff says what subscribers will see;
#   c. round 2: a new article, an article changed in place (延長), a correction mail (延長), a
#      cancellation article and a mail cancelling one date of two: one draft each, the change
#      in words; accepting them changes the feeds;
#   d. kill -9 in the middle of a run, then two watchers at once: nothing drafted or told twice;
#   e. faults: a source that times out, answers 500, redirects in a loop, sends 50 MB, has no
#      article, an article with no date, a missing mail folder: each named with why, the others
#      read, exit 0; every source failing: exit 1; a bad sources.yaml: exit 1, nothing read;
#   f. outagecal setup --admin: the folder checked and named in watch.env, or nothing written.
#
#   Tests/Watch/run.sh [BINARY]     default: .build/debug/outagecal (this script builds nothing)
#
# Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=$(realpath -m -- "${1:-$repo/.build/debug/outagecal}")
fixtures=$here/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagecal-watch.XXXXXX")
port=$((20000 + RANDOM % 20000))
base=http://127.0.0.1:$port

# shellcheck source=../lib/check.sh
. "$here/../lib/check.sh"

server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- The site, the mailbox and the feeds folder ---------------------------------------------

# round N: the site as fetched in round N (round1/, with round2/'s changes laid over it for
# round 2) and the Maildir as a mail server delivers and a mail client files it: in round 2,
# Q1, Q3 and Q7 were read (moved to cur/ with their flags) and Q8, Q9 arrived.
round() {
    rm -rf "$tmp/site-round" "$tmp/Maildir"
    mkdir -p "$tmp/site-round" "$tmp/Maildir/new" "$tmp/Maildir/cur" "$tmp/Maildir/tmp"
    cp -r "$fixtures/web/round1/." "$tmp/site-round/"
    cp "$fixtures/mail/round1/new/"* "$tmp/Maildir/new/"
    if [ "$1" = 2 ]; then
        cp -r "$fixtures/web/round2/." "$tmp/site-round/"
        local n name
        for n in 1 3 7; do
            name=$(cd "$tmp/Maildir/new" && ls | grep "Q$n\.mx")
            mv "$tmp/Maildir/new/$name" "$tmp/Maildir/cur/$name:2,S"
        done
        cp "$fixtures/mail/round2/new/"* "$tmp/Maildir/new/"
    fi
    ln -sfn "$tmp/site-round" "$tmp/site"
}

# feeds DIR: a copy of the bundled Feeds/ without its feeds, notices or inbox, with the test's sources.
feeds() {
    local dir=$1
    rm -rf "$dir"
    mkdir -p "$dir/notices"
    cp "$repo"/Feeds/*.yaml "$repo"/Feeds/*.json "$dir/"
    cat >"$dir/sources.yaml" <<EOF
sources:
  - id: mhlw-news
    name: 厚生労働省 新着情報
    url: $base/mhlw/news.rdf
    systems: [onshi, eprescription]
    words: [オンライン資格確認, 電子処方箋]
  - id: digital-news
    name: デジタル庁 ニュース
    url: $base/digital/news.xml
    systems: [mynaportal]
    words: [マイナポータル]
  - id: jlis
    name: J-LIS お知らせ
    url: $base/jlis/news.atom
    systems: [jpki]
  - id: ssk
    name: 支払基金 お知らせ
    url: $base/ssk/oshirase.html
    shape: links
    systems: [online-claims]
  - id: portal
    name: 医療機関等向け総合ポータル
    url: $base/portal/article-maintenance.html
    shape: article
    systems: [onshi]
  - id: association-mail
    name: 医師会からのメール
    mail: $tmp/Maildir
    systems: [onshi, eprescription, jpki, mynaportal, online-claims]
EOF
}

# watch DIR NAME [ARGS]: one run, every message told also appended to DIR/messages (one line each).
watch() {
    local dir=$1 name=$2
    shift 2
    timeout 120 "$binary" watch --once --feeds "$dir" --timeout 5 --exec "cat >> '$dir/messages'" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.status"
}

status_is() { [ "$(cat "$tmp/$1.status")" = "$2" ]; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
count_is() { [ "$(lines "$1")" -eq "$2" ]; }
drafts() { find "$1/inbox" 2>/dev/null -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l; }
drafts_are() { [ "$(drafts "$1")" -eq "$2" ]; }
# kind_of DIR KIND: how many drafts of that kind the inbox holds.
kind_count() { grep -l "\"kind\" : \"$2\"" "$1"/inbox/*/draft.json 2>/dev/null | wc -l; }
kinds_are() { [ "$(kind_count "$1" new)" -eq "$2" ] && [ "$(kind_count "$1" revision)" -eq "$3" ] && [ "$(kind_count "$1" nothing-found)" -eq "$4" ]; }
# draft_of DIR KEY-FRAGMENT: the folder of the draft read from that article or mail.
draft_of() { grep -l -- "$2" "$1"/inbox/*/draft.json 2>/dev/null | head -n 1 | xargs -r dirname; }
# notice_has DIR KEY-FRAGMENT TEXT...: the draft read from KEY holds every TEXT.
notice_has() {
    local dir=$1 key=$2 folder
    shift 2
    folder=$(draft_of "$dir" "$key")
    [ -n "$folder" ] || return 1
    local text
    for text in "$@"; do grep -qF -- "$text" "$folder/notice.yaml" || return 1; done
}
changes_have() {
    local folder
    folder=$(draft_of "$1" "$2")
    [ -n "$folder" ] && grep -qF -- "$3" "$folder/draft.json"
}
accept() {
    local dir=$1 key=$2 name=$3 folder
    folder=$(draft_of "$dir" "$key")
    "$binary" accept "$(basename "${folder:-none}")" --feeds "$dir" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.status"
}
# ics_has DIR TEXT...: the all-Japan feed holds every TEXT (unfolded).
ics_has() {
    local dir=$1
    shift
    local unfolded
    unfolded=$(awk 'BEGIN { RS = "\r\n" } /^ / { line = line substr($0, 2); next } { if (line != "") print line; line = $0 } END { print line }' "$dir/all.ics")
    local text
    for text in "$@"; do grep -qF -- "$text" <<<"$unfolded" || return 1; done
}

round 1
python3 "$here/server.py" "$tmp/site" "$port" "$tmp/gate" &
server=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "$base/mhlw/news.rdf" 2>/dev/null && break
    python3 -c "import urllib.request; urllib.request.urlopen('$base/mhlw/news.rdf')" 2>/dev/null && break
    sleep 0.1
done

# --- a. Round 1 ----------------------------------------------------------------------------------

main=$tmp/main
feeds "$main"
watch "$main" r1
show=("$tmp/r1.out" "$tmp/r1.err")
check "a1 round 1 exits 0" status_is r1 0
# The third reading: web 7 stops (mhlw 101, 102; digital; the J-LIS PDF; ssk 0205, 0212; the
# portal), mail 6 (Q1–Q6); Q7 announces none.
check "a2 thirteen drafts of new notices and one read with no stop" kinds_are "$main" 13 0 1
check "a3 one message per draft" count_is "$main/messages" 13
check "a4 mhlw 101 (prose): 2月13日 21:00 to 14日 6:00" notice_has "$main" "mhlw/articles/101.html" "start: 2027-02-13T21:00:00+09:00" "end: 2027-02-14T06:00:00+09:00"
check "a5 mhlw 102 (table): three dates" notice_has "$main" "mhlw/articles/102.html" "2027-03-13T22:00:00+09:00" "2027-04-10T22:00:00+09:00" "2027-05-08"
check "a6 J-LIS: the PDF letter, with its backup day" notice_has "$main" "jlis/info/20270216.html" "start: 2027-04-17T22:00:00+09:00" "backup: true"
check "a7 支払基金 (Shift_JIS list): 3月27日 18:00 to 28日 9:00" notice_has "$main" "oshirase_20270205.html" "start: 2027-03-27T18:00:00+09:00" "end: 2027-03-28T09:00:00+09:00"
check "a8 the portal article: 4月3日 22:00 to 4日 5:00" notice_has "$main" "portal/article-maintenance.html" "start: 2027-04-03T22:00:00+09:00" "end: 2027-04-04T05:00:00+09:00"
check "a9 ISO-2022-JP forward (Q1): 2月20日 21:00, 予定" notice_has "$main" "Q1.mx" "start: 2027-02-20T21:00:00+09:00" "tentative: true"
check "a10 Shift_JIS attachment (Q2): both dates" notice_has "$main" "Q2.mx" "2027-03-13T22:00:00+09:00" "2027-03-27T22:00:00+09:00"
check "a11 PDF attachment (Q3): 4月10日 20:00 to 11日 8:00" notice_has "$main" "Q3.mx" "start: 2027-04-10T20:00:00+09:00" "end: 2027-04-11T08:00:00+09:00"
check "a12 forward of a forward (Q4): 5月8日 18:00 to 10日 0:00" notice_has "$main" "Q4.mx" "start: 2027-05-08T18:00:00+09:00" "end: 2027-05-10T00:00:00+09:00"
check "a13 HTML-only mail (Q6): 6月5日・6日 終日" notice_has "$main" "Q6.mx" "dates: [2027-06-05, 2027-06-06]"
check "a14 the 研修会 newsletter (Q7) is listed as read, no stop" changes_have "$main" "Q7.mx" "停止の日時が読み取れません"
check "a15 the other source's draft of 4月10日 is named beside Q3's" changes_have "$main" "Q3.mx" "同じ日の停止を別の下書き"
"$binary" inbox --feeds "$main" >"$tmp/inbox.out" 2>&1
show=("$tmp/inbox.out")
check "a16 inbox lists every draft with its accept command" bash -c "[ \$(grep -c 'outagecal accept' '$tmp/inbox.out') -eq 13 ] && grep -q '停止なし' '$tmp/inbox.out'"
watch "$main" r1again
show=("$tmp/r1again.out" "$tmp/r1again.err")
check "a17 a second run drafts nothing and tells nothing" bash -c "grep -q '^0 new draft' '$tmp/r1again.out' && [ \$(wc -l < '$main/messages') -eq 13 ] && [ \$(find '$main/inbox' -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l) -eq 14 ]"
check "a18 the unchanged pages are not fetched again (304)" grep -q "unchanged since the last run (HTTP 304)" "$tmp/r1again.out"

# --- b. Accept -----------------------------------------------------------------------------------

accept "$main" "portal/article-maintenance.html" acc1
show=("$tmp/acc1.out" "$tmp/acc1.err")
check "b1 accept publishes the portal's stop" bash -c "[ \$(cat '$tmp/acc1.status') = 0 ] && grep -q '【新しい通知】' '$tmp/acc1.out'"
check "b2 the feed carries it" ics_has "$main" "DTSTART;TZID=Asia/Tokyo:20270403T220000" "DTEND;TZID=Asia/Tokyo:20270404T050000"
accept "$main" "oshirase_20270205.html" acc2
accept "$main" "Q2.mx" acc3
show=("$tmp/acc2.err" "$tmp/acc3.err")
check "b3 two more accepted" bash -c "[ \$(cat '$tmp/acc2.status') = 0 ] && [ \$(cat '$tmp/acc3.status') = 0 ]"
nothing=$(basename "$(draft_of "$main" Q7.mx)")
"$binary" accept "$nothing" --feeds "$main" >"$tmp/acc-none.out" 2>"$tmp/acc-none.err"
code=$?
show=("$tmp/acc-none.err")
check "b4 an article with no stop cannot be accepted, and says to dismiss it" bash -c "[ $code -ne 0 ] && grep -q 'inbox --dismiss' '$tmp/acc-none.err'"
"$binary" inbox --feeds "$main" --dismiss "$nothing" >/dev/null 2>&1
check "b5 dismissed, it leaves the inbox" bash -c "[ -z \"\$(ls '$main/inbox' | grep -F '$nothing')\" ]"
"$binary" accept no-such-draft --feeds "$main" >"$tmp/acc-bad.out" 2>"$tmp/acc-bad.err"
code=$?
check "b6 an unknown draft: an error naming the inbox's drafts" bash -c "[ $code -ne 0 ] && grep -q \"no draft 'no-such-draft'\" '$tmp/acc-bad.err'"

# --- c. Round 2 ----------------------------------------------------------------------------------

round 2
watch "$main" r2
show=("$tmp/r2.out" "$tmp/r2.err")
check "c1 round 2 exits 0" status_is r2 0
check "c2 five messages more: one per new or changed notice" count_is "$main/messages" 18
check "c3 the new ministry article: 6月12日 20:00, 予定" notice_has "$main" "mhlw/articles/103.html" "start: 2027-06-12T20:00:00+09:00" "tentative: true"
check "c4 the portal article changed in place: a revision, 5:00 → 8:00" changes_have "$main" "portal/article-maintenance.html" "【時刻変更】"
check "c5 the correction mail (Q8): a revision of Q1's draft, 6:00 → 9:00" changes_have "$main" "Q8.mx" "2027年2月21日(日) 9:00"
check "c6 the cancellation article: 【中止】 of the accepted 3月27日 stop" changes_have "$main" "oshirase_20270219.html" "【中止】"
check "c7 the mail cancelling one date of two (Q9): 【中止】" changes_have "$main" "Q9.mx" "【中止】"
check "c8 Q1's draft is replaced by its revision, not kept beside it" bash -c "! grep -q 'Q1\\.mx' '$main'/inbox/*/draft.json"
accept "$main" "portal/article-maintenance.html" acc4
accept "$main" "oshirase_20270219.html" acc5
accept "$main" "Q9.mx" acc6
show=("$tmp/acc4.out" "$tmp/acc4.err" "$tmp/acc5.out" "$tmp/acc5.err" "$tmp/acc6.out" "$tmp/acc6.err")
check "c9 the three revisions are accepted, each saying what changed" bash -c "for n in acc4 acc5 acc6; do [ \$(cat '$tmp/'\$n.status) = 0 ] || exit 1; done; grep -q '時刻変更' '$tmp/acc4.out' && grep -q '【中止】' '$tmp/acc5.out' && grep -q '【中止】' '$tmp/acc6.out'"
check "c10 the feed: the portal's stop now ends at 8:00" ics_has "$main" "DTEND;TZID=Asia/Tokyo:20270404T080000"
check "c11 the feed: the cancelled stops are 【中止】, the JPKI date kept still stands" bash -c "grep -c 'STATUS:CANCELLED' '$main/all.ics' | grep -qx 2 && grep -q 'DTSTART;TZID=Asia/Tokyo:20270313T220000' '$main/all.ics'"

# --- d. kill -9, and two watchers at once -------------------------------------------------------

round 1
killed=$tmp/killed
feeds "$killed"
# A source that waits while the gate is there, between the web sources and the mail.
python3 - "$killed/sources.yaml" "$base" <<'EOF'
import sys
path, base = sys.argv[1], sys.argv[2]
text = open(path).read().replace("  - id: association-mail", f"  - id: gate\n    name: 待たせるページ\n    url: {base}/faults/gate\n    shape: article\n    systems: [onshi]\n  - id: association-mail")
open(path, "w").write(text)
EOF
touch "$tmp/gate"
"$binary" watch --once --feeds "$killed" --timeout 30 --exec "cat >> '$killed/messages'" >"$tmp/k1.out" 2>&1 &
runner=$!
for _ in $(seq 200); do
    [ "$(drafts "$killed")" -ge 7 ] && break
    sleep 0.1
done
sleep 0.3
kill -9 "$runner" 2>/dev/null
wait "$runner" 2>/dev/null
rm -f "$tmp/gate"
before=$(drafts "$killed")
watch "$killed" k2
show=("$tmp/k1.out" "$tmp/k2.out" "$tmp/k2.err")
check "d1 killed after the web sources ($before drafts), the next run drafts the rest" bash -c "[ $before -eq 7 ] && [ \$(find '$killed/inbox' -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l) -eq 14 ]"
check "d2 nothing drafted twice" bash -c "[ \$(grep -h '\"key\"' '$killed'/inbox/*/draft.json | sort | uniq -d | wc -l) -eq 0 ]"
check "d3 nothing told twice, nothing untold" count_is "$killed/messages" 13
twice=$tmp/twice
feeds "$twice"
watch "$twice" t1 &
first=$!
watch "$twice" t2 &
second=$!
wait "$first" "$second"
show=("$tmp/t1.out" "$tmp/t2.out")
check "d4 two watchers at once: fourteen drafts, none twice" bash -c "[ \$(find '$twice/inbox' -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l) -eq 14 ] && [ \$(grep -h '\"key\"' '$twice'/inbox/*/draft.json | sort | uniq -d | wc -l) -eq 0 ]"
check "d5 two watchers at once: thirteen messages" count_is "$twice/messages" 13

# --- e. Faults -----------------------------------------------------------------------------------

faulty=$tmp/faulty
feeds "$faulty"
cat >"$faulty/sources.yaml" <<EOF
sources:
  - {id: slow, name: 遅いサーバ, url: $base/faults/slow, systems: [onshi]}
  - {id: broken, name: 500を返すサーバ, url: $base/faults/500, systems: [onshi]}
  - {id: loop, name: 転送の輪, url: $base/faults/loop, systems: [onshi]}
  - {id: huge, name: 50MBのページ, url: $base/faults/huge, systems: [onshi]}
  - {id: huge-chunked, name: 長さを言わない50MB, url: $base/faults/huge-chunked, systems: [onshi]}
  - {id: relaid, name: 作り直されたページ, url: $base/faults-copy/no-links.html, shape: links, systems: [onshi]}
  - {id: undated, name: 日付のない記事, url: $base/faults-copy/no-date-article.html, shape: article, systems: [onshi]}
  - {id: no-mailbox, name: ないメールフォルダ, mail: $tmp/no-such-Maildir, systems: [onshi]}
  - {id: portal, name: 医療機関等向け総合ポータル, url: $base/portal/article-maintenance.html, shape: article, systems: [onshi]}
EOF
rm -rf "$tmp/site-faults"
mkdir -p "$tmp/site-faults"
cp -r "$fixtures/web/round1/." "$tmp/site-faults/"
cp -r "$fixtures/web/faults" "$tmp/site-faults/faults-copy"
ln -sfn "$tmp/site-faults" "$tmp/site"
watch "$faulty" f1
show=("$tmp/f1.out" "$tmp/f1.err")
check "e1 faults: exit 0 while one source is read" status_is f1 0
check "e2 the slow source: timed out" grep -q "^slow: FAILED: no complete answer within 5 s" "$tmp/f1.err"
check "e3 the 500: said so" grep -q "^broken: FAILED: the server answered HTTP 500" "$tmp/f1.err"
check "e4 the redirect loop: said so" grep -q "^loop: FAILED: .*redirect" "$tmp/f1.err"
check "e5 50 MB: refused" grep -q "^huge: FAILED: the answer is larger than 10 MB" "$tmp/f1.err"
check "e6 50 MB without a length: refused" grep -q "^huge-chunked: FAILED: the answer is larger than 10 MB" "$tmp/f1.err"
check "e7 a page with no article: its layout may have changed" grep -q "^relaid: FAILED: no article found on the page" "$tmp/f1.err"
check "e8 an article with no date: read, listed in the inbox" bash -c "grep -q '^undated: .*read, no stop found (日付がありません' '$tmp/f1.out' && grep -l 'no-date-article' '$faulty'/inbox/*/draft.json >/dev/null"
check "e9 a missing mail folder: said so" grep -q "^no-mailbox: FAILED: the mail folder .* does not exist" "$tmp/f1.err"
check "e10 the good source is drafted all the same" notice_has "$faulty" "portal/article-maintenance.html" "start: 2027-04-03T22:00:00+09:00"
cat >"$faulty/sources.yaml" <<EOF
sources:
  - {id: broken, name: 500を返すサーバ, url: $base/faults/500, systems: [onshi]}
  - {id: loop, name: 転送の輪, url: $base/faults/loop, systems: [onshi]}
  - {id: no-mailbox, name: ないメールフォルダ, mail: $tmp/no-such-Maildir, systems: [onshi]}
EOF
watch "$faulty" f2
show=("$tmp/f2.out" "$tmp/f2.err")
check "e11 every source failing: exit 1, saying so" bash -c "[ \$(cat '$tmp/f2.status') = 1 ] && grep -q 'every source failed' '$tmp/f2.err'"
cat >"$faulty/sources.yaml" <<EOF
sources:
  - {id: bad id!, name: x, url: ftp://example.jp/, systems: [onshi, nosuch]}
EOF
watch "$faulty" f3
show=("$tmp/f3.err")
check "e12 a bad sources.yaml: exit 1, every problem at its line, nothing read" bash -c "[ \$(cat '$tmp/f3.status') = 1 ] && grep -q 'sources.yaml:2:.*not a valid id' '$tmp/f3.err' && grep -q 'must be a web address' '$tmp/f3.err' && grep -q \"system 'nosuch'\" '$tmp/f3.err' && grep -q 'nothing was read' '$tmp/f3.err'"

# --- f. outagecal setup --admin ---------------------------------------------------------------

admin=$tmp/admin
feeds "$admin"
XDG_CONFIG_HOME=$tmp/config "$binary" setup --admin --feeds "$admin" --no-enable >"$tmp/admin.out" 2>&1
code=$?
show=("$tmp/admin.out" "$tmp/config/outagecal/watch.env")
check "f1 setup --admin --no-enable: checks the folder and its sources, names it in watch.env" \
    bash -c "[ $code = 0 ] && grep -qx 'OUTAGECAL_FEEDS=\"$admin\"' '$tmp/config/outagecal/watch.env' && grep -q 'お知らせ元 6 か所' '$tmp/admin.out'"
echo "sources: []" >"$admin/sources.yaml"
rm -rf "$tmp/config2"
XDG_CONFIG_HOME=$tmp/config2 "$binary" setup --admin --feeds "$admin" --no-enable >"$tmp/admin2.out" 2>&1
code=$?
show=("$tmp/admin2.out")
check "f2 setup --admin with a bad sources.yaml: exit 1, the problem named, nothing written" \
    bash -c "[ $code = 1 ] && grep -q 'lists no source' '$tmp/admin2.out' && [ ! -e '$tmp/config2/outagecal/watch.env' ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
