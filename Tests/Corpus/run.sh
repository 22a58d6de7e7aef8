#!/bin/sh
# Scores the notice importer against the corpus, then runs the ja-timex check.
#   Tests/Corpus/run.sh [BINARY]      (default: .build/debug/outagecal)
# Makes Tests/Corpus/.venv (ja-timex, PyYAML) on first use. Runs
#   score.py BINARY --floor Tests/Corpus/floor.txt    (the gate)
#   score.py BINARY --notices heldout --all-held-out --floor heldout/floor.txt   (the gate on the held-out batch)
#   score.py BINARY --notices heldout2 --all-held-out --floor heldout2/floor.txt (the gate on the second batch)
#   score.py BINARY --notices heldout3 --all-held-out --floor heldout3/floor.txt (the gate on the third batch)
#   timex_check.py BINARY                             (a figure; always exits 0)
# and exits with score.py's status: 1 when the run is below floor.txt.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv="$here/.venv"
binary=${1:-"$repo/.build/debug/outagecal"}
if [ $# -gt 1 ]; then
    echo "usage: $0 [BINARY]" >&2
    exit 2
fi

if ! "$venv/bin/python" -c "import ja_timex, yaml" >/dev/null 2>&1; then
    . "$repo/scripts/lib/setup.sh"
    ensure_debs python3-venv || exit 2
    ensure_venv "$venv" "$here/requirements.txt" || exit 2
fi
python="$venv/bin/python"

echo "== score.py (gate: $here/floor.txt)"
"$python" "$here/score.py" "$binary" --floor "$here/floor.txt"
status=$?
echo
echo "== score.py on the held-out batch (gate: $here/heldout/floor.txt)"
"$python" "$here/score.py" "$binary" --notices "$here/heldout" --all-held-out --floor "$here/heldout/floor.txt"
held=$?
[ "$held" -ne 0 ] && status=$held
echo
echo "== score.py on the second held-out batch (gate: $here/heldout2/floor.txt)"
"$python" "$here/score.py" "$binary" --notices "$here/heldout2" --all-held-out --floor "$here/heldout2/floor.txt"
held=$?
[ "$held" -ne 0 ] && status=$held
echo
echo "== score.py on the third held-out batch (gate: $here/heldout3/floor.txt)"
"$python" "$here/score.py" "$binary" --notices "$here/heldout3" --all-held-out --floor "$here/heldout3/floor.txt"
held=$?
[ "$held" -ne 0 ] && status=$held
echo
echo "== timex_check.py (figure only)"
"$python" "$here/timex_check.py" "$binary"
exit $status
