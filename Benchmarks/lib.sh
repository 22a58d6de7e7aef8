# Shared by the Benchmarks/*/run.sh scripts (sourced, bash). Expects $work and $bin set by the
# caller and runs from the repository's root.

say() { printf '== %s\n' "$*" >&2; }

# /usr/bin/time (Debian package time), for wall time and peak memory.
need_time() {
    [ -x /usr/bin/time ] && return 0
    say "installing /usr/bin/time (Debian package time)"
    . scripts/lib/setup.sh
    ensure_debs time >&2
}

# The release binary in .build-bench (never .build, so a benchmark does not wait on a
# developer's build); SKIP_BUILD=1 uses the one there.
build_release() {
    mkdir -p "$work"
    if [ "${SKIP_BUILD:-0}" = 1 ]; then
        say "not building (SKIP_BUILD=1): using $bin of $(date -r "$bin" '+%F %T')"
        return 0
    fi
    say "building $bin (release)"
    if ! swift build -c release --scratch-path .build-bench --product outagecal >"$work/build.log" 2>&1; then
        tail -n 40 "$work/build.log" >&2
        say "release build failed (full log: $work/build.log)"
        exit 1
    fi
    tail -n 1 "$work/build.log" >&2
}

# peer_venv VENV IMPORTS PACKAGE...: a venv at VENV (from Debian's python3) in which
# `python -c "import IMPORTS"` works; the PACKAGEs come from PyPI when it does not yet.
peer_venv() {
    local venv=$1 imports=$2
    shift 2
    "$venv/bin/python" -c "import $imports" 2>/dev/null && return 0
    say "creating venv $venv ($* from PyPI)"
    [ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "$@"
}
