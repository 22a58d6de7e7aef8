#!/usr/bin/env bash
# Builds libical from source with coverage and AddressSanitizer instrumentation, for
# `FUZZ_LIBICAL=instrumented Fuzz/run.sh`.
#
#   Fuzz/build-libical.sh [SOURCE-DIR]
#
# Why: the system's libical (Debian libical3) is not instrumented, so libFuzzer is blind to
# the branches of its parser and recurrence code, and ASan cannot see an out-of-bounds read or
# write inside it (only what passes through intercepted calls such as memcpy, strlen, free).
# A libical.so.3 of the same version built with -fsanitize=fuzzer-no-link,address, loaded in
# place of the system's through LD_LIBRARY_PATH, fixes both. The harness binary is unchanged:
# same SONAME, same ABI.
#
# SOURCE-DIR is a libical checkout at the tag of the installed version (v3.0.16 for Debian
# bookworm's 3.0.16-1); without it, that tag is cloned from GitHub. Upstream source: Debian's
# few patches are not applied. It is copied, never modified; the copy gets:
#   - libical-fuzz.patch: caps the search of icalrecur_iterator_next (a known hang);
#   - libical-known.ignorelist: functions with known bugs, not checked by ASan.
# Both only keep known, reported bugs from stopping every run; see README.md.
# Needs cmake, perl and libicu-dev (Debian builds with ICU).
# Output: Fuzz/.build/libical/lib/libical.so.3 (git-ignored). Rerun after editing either file.
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
version=$(pkg-config --modversion libical)
work=$fuzz/.build/libical
upstream=${1:-$work/upstream}
if [[ ! -d $upstream ]]; then
    git clone --quiet --depth 1 --branch "v$version" https://github.com/libical/libical "$upstream"
fi

rm -rf "$work/src"
cp -R "$upstream" "$work/src"
patch --quiet -d "$work/src" -p1 < "$fuzz/libical-fuzz.patch"

# The swift toolchain's clang: its sanitizer runtimes match the ones linked into the harness.
# The library is linked without a sanitizer runtime: it uses the one linked into the harness.
clang=$(dirname "$(readlink -f "$(command -v swift)")")/clang
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address"
flags+=" -fsanitize-ignorelist=$fuzz/libical-known.ignorelist"
# 200,000 steps: well under a second per call, even instrumented.
flags+=" -DOUTAGECAL_FUZZ_MAX_STEPS=200000"

mkdir -p "$work"
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_COMPILER="$clang" \
    -DCMAKE_C_FLAGS="$flags" \
    -DSHARED_ONLY=ON -DWITH_CXX_BINDINGS=OFF -DICAL_GLIB=OFF -DICAL_BUILD_DOCS=OFF \
    -DGOBJECT_INTROSPECTION=OFF -DLIBICAL_BUILD_TESTING=OFF -DUSE_BUILTIN_TZDATA=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_BDB=ON > "$work/cmake.log"
cmake --build "$work/build" --target ical -j 2 > "$work/build.log" 2>&1
mkdir -p "$work/lib"
cp -P "$work"/build/lib/libical.so* "$work/lib/"
echo "instrumented libical $version: $work/lib/libical.so.3"
