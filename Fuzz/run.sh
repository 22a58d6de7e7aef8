#!/usr/bin/env bash
# Builds the feed-reader fuzzer and runs it.
#
#   Fuzz/run.sh [SECONDS] [-- LIBFUZZER-FLAGS...]   fuzz for SECONDS (default 600)
#   Fuzz/run.sh --build                             build only
#   Fuzz/run.sh --repro FILE...                     run the given inputs once each (regressions:
#                                                   Fuzz/run.sh --repro Fuzz/crashes/*)
#
# Exits 0 when the run ended with nothing found, non-zero on a crash, a hang (-timeout), a leak
# or running out of memory, after printing the artifact's path. Artifacts are also copied to
# Fuzz/crashes/, to be kept as reproducers.
#
# Environment:
#   FUZZ_SANITIZE=fuzzer,address   sanitizers for -sanitize= (default); `fuzzer` alone runs faster
#   FUZZ_SOURCE=tree|head          build against the working tree (default), or against a copy
#                                  of the last commit in Fuzz/.build/head, for when the working
#                                  tree is in the middle of an edit; the harness itself is taken
#                                  from the working tree either way
#   FUZZ_LIBICAL=system|instrumented
#                                  the libical the harness loads: the system's (default), or one
#                                  built by ./build-libical.sh with coverage and ASan (built on
#                                  first use; needs FUZZ_SANITIZE with address). Instrumented,
#                                  the fuzzer sees libical's branches and ASan its memory errors.
#   FUZZ_MERGE=1                   after a clean run, merge inputs that add coverage back into
#                                  Fuzz/corpus/ (-merge=1); review before committing them
#
# Everything the run writes, but reproducers, stays in Fuzz/.build/ (git-ignored): the build,
# the growing corpus (.build/corpus), artifacts (.build/artifacts/<target>: one folder per
# harness, so that two running at once never take each other's findings) and logs (.build/logs).
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$fuzz/.." && pwd)
sanitize=${FUZZ_SANITIZE:-fuzzer,address}
source_mode=${FUZZ_SOURCE:-tree}

mode=fuzz
seconds=600
extra=()
case "${1:-}" in
    --build) mode=build; shift ;;
    --repro) mode=repro; shift ;;
    --help | -h) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    [0-9]*) seconds=$1; shift ;;
esac
if [[ $mode == fuzz ]]; then
    [[ ${1:-} == -- ]] && shift
    extra=("$@")
fi

# --- Build -----------------------------------------------------------------------------------
package=$fuzz
# One build directory per set of sanitizers, so that switching does not rebuild everything.
flavor=${sanitize//,/-}
scratch=$fuzz/.build/$flavor
if [[ $source_mode == head ]]; then
    # A copy of HEAD, refreshed when HEAD moves; SwiftPM rebuilds only what changed.
    rev=$(git -C "$repo" rev-parse HEAD)
    copy=$fuzz/.build/head
    if [[ $(cat "$copy/.rev" 2>/dev/null || true) != "$rev" ]]; then
        rm -rf "$copy"
        mkdir -p "$copy"
        git -C "$repo" archive HEAD | tar -x -C "$copy"
        echo "$rev" > "$copy/.rev"
    fi
    rm -rf "$copy/Fuzz/Sources"
    mkdir -p "$copy/Fuzz"
    cp -R "$fuzz/Package.swift" "$fuzz/Sources" "$copy/Fuzz/"
    package=$copy/Fuzz
    scratch=$fuzz/.build/head-$flavor
    echo "building against HEAD $rev (copy in $copy)"
fi
# Sanitizer flags go to every Swift module (the root package's too: coverage of ICal and
# OutageCore is what guides the fuzzer). libical itself is the system's, uninstrumented.
# FUZZ_TARGET picks the harness: FeedReaderFuzzer (default) or ImporterFuzzer (`outagecal import`),
# each with its own corpus and dictionary.
target=${FUZZ_TARGET:-FeedReaderFuzzer}
case $target in
    FeedReaderFuzzer) seeds=$fuzz/corpus dictionary=$fuzz/ical.dict scratch_corpus=$fuzz/.build/corpus crashes=$fuzz/crashes ;;
    ImporterFuzzer) seeds=$fuzz/corpus-importer dictionary=$fuzz/notice.dict scratch_corpus=$fuzz/.build/corpus-importer crashes=$fuzz/crashes-importer ;;
    *) echo "FUZZ_TARGET must be FeedReaderFuzzer or ImporterFuzzer" >&2; exit 2 ;;
esac
swift build -c debug --package-path "$package" --scratch-path "$scratch" --product "$target" \
    -Xswiftc -sanitize="$sanitize" -Xswiftc -parse-as-library
binary=$scratch/debug/$target
[[ $mode == build ]] && { echo "built $binary"; exit 0; }

if [[ ${FUZZ_LIBICAL:-system} == instrumented ]]; then
    [[ $sanitize == *address* ]] || { echo "FUZZ_LIBICAL=instrumented needs FUZZ_SANITIZE with address" >&2; exit 2; }
    [[ -e $fuzz/.build/libical/lib/libical.so.3 ]] || "$fuzz/build-libical.sh"
    export LD_LIBRARY_PATH=$fuzz/.build/libical/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    echo "loading instrumented $(ldd "$binary" | grep -o '/[^ ]*/libical.so.3')"
fi

# Set and Dictionary order the same way in every process, so that a finding replays.
export SWIFT_DETERMINISTIC_HASHING=1
# Let libFuzzer, not Swift's backtracer, handle a trap, so that it writes the input out.
export SWIFT_BACKTRACE=enable=no
# Leaks are reported (LeakSanitizer); stacks are symbolized with the toolchain's symbolizer.
toolchain_bin=$(dirname "$(readlink -f "$(command -v swift)")")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$toolchain_bin/llvm-symbolizer}

if [[ $mode == repro ]]; then
    # Each file once; libFuzzer stops at the first that fails.
    exec "$binary" -timeout=10 -rss_limit_mb=2048 "$@"
fi

# --- Fuzz ------------------------------------------------------------------------------------
artifacts=$fuzz/.build/artifacts/$target
mkdir -p "$scratch_corpus" "$artifacts" "$fuzz/.build/logs" "$crashes"
log=$fuzz/.build/logs/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT

# New inputs go to the first corpus directory, the scratch one; Fuzz/corpus/ is only read.
command=("$binary"
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
    -dict="$dictionary" -artifact_prefix="$artifacts/" -print_final_stats=1
    "${extra[@]}"
    "$scratch_corpus" "$seeds")
echo "running: ${command[*]}"
echo "log: $log"
status=0
"${command[@]}" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}

# libFuzzer writes crash-*, timeout-*, leak-*, oom-* (and slow-unit-*, not a failure).
found=()
while IFS= read -r -d '' artifact; do
    found+=("$artifact")
done < <(find "$artifacts" -type f -newer "$marker" ! -name 'slow-unit-*' -print0)

if [[ $status -ne 0 || ${#found[@]} -gt 0 ]]; then
    echo "FUZZER FOUND A PROBLEM (libFuzzer exit status $status); see $log" >&2
    for artifact in "${found[@]}"; do
        cp "$artifact" "$crashes/"
        echo "artifact: $artifact (copied to $crashes/$(basename "$artifact"))" >&2
        echo "reproduce: $0 --repro $crashes/$(basename "$artifact")" >&2
        if [[ $(basename "$artifact") == timeout-* ]]; then
            # -timeout is wall-clock time: on a busy machine a stall can look like a hang.
            if "$binary" -timeout=10 -rss_limit_mb=2048 "$artifact" > /dev/null 2>&1; then
                echo "  note: this timeout did not reproduce on a second run; the machine may have stalled" >&2
            else
                echo "  the timeout reproduces" >&2
            fi
        fi
    done
    exit $((status == 0 ? 1 : status))
fi

if [[ ${FUZZ_MERGE:-0} == 1 ]]; then
    # Keeps only the inputs of .build/corpus that add coverage to Fuzz/corpus/.
    "$binary" -merge=1 -timeout=10 -rss_limit_mb=2048 "$seeds" "$scratch_corpus" 2>&1 | tail -3
fi
echo "no crash, hang or leak in ${seconds}s"
