#!/usr/bin/env bash
# The held-out batch of the watcher (SCORE.md): the web pages read first, each new draft
# accepted as it stands (as an administrator would, between runs), then the mails, which were
# sent after. Prints what each run said; the drafts and notices stay in $work for reading.
#   bash Tests/Watch/heldout/run.sh [BINARY]     (default .build/debug/outagecal)
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
binary=$(realpath -m -- "${1:-$repo/.build/debug/outagecal}")
work=$(mktemp -d "${TMPDIR:-/tmp}/outagecal-heldout.XXXXXX")
echo "work folder: $work"
cd "$work"
rm -rf feeds Maildir accept.out accepted.txt; mkdir -p feeds/notices Maildir/new Maildir/cur Maildir/tmp
cp "$repo"/Feeds/*.yaml "$repo"/Feeds/*.json feeds/
port=$((20000 + RANDOM % 20000))
python3 "$repo/Tests/Watch/server.py" "$here/site" "$port" "$work/gate" > /dev/null 2>&1 &
server=$!
sleep 1
cat > feeds/sources.yaml <<EOS
sources:
  - {id: news, name: 厚生労働省 ニュース, url: http://127.0.0.1:$port/feed.xml, systems: [onshi, eprescription, jpki, mynaportal, online-claims]}
  - {id: list, name: お知らせ一覧, url: http://127.0.0.1:$port/list.html, shape: links, systems: [onshi, eprescription, jpki, mynaportal, online-claims]}
  - {id: mail, name: 医師会メール, mail: $work/Maildir, systems: [onshi, eprescription, jpki, mynaportal, online-claims]}
EOS
"$binary" watch --once --feeds feeds > web.out 2>&1; echo "web exit $?"
# The administrator accepts each new draft as it stands (a draft that does not validate stays).
for d in feeds/inbox/*/; do
  grep -q '"kind" : "new"' "$d/draft.json" || continue
  id=$(basename "$d")
  "$binary" accept "$id" --feeds feeds >> accept.out 2>&1 && echo "accepted $id" >> accepted.txt || echo "refused $id" >> accepted.txt
done
cp "$here"/mail/new/* Maildir/new/
"$binary" watch --once --feeds feeds > mail.out 2>&1; echo "mail exit $?"
kill "$server"
cat web.out accepted.txt mail.out
