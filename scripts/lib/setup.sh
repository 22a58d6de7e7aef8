# Shared by the setup scripts (sourced, POSIX sh): install Debian packages that are missing,
# and make a Python venv from a requirements file. Both are idempotent.

# ensure_debs PACKAGE...: installs those not yet installed; apt-get update only if that fails.
ensure_debs() {
    if [ "$(id -u)" -eq 0 ]; then _sudo=""; else _sudo="sudo"; fi
    # No prompts from apt; "env" so the setting survives sudo.
    _apt="$_sudo env DEBIAN_FRONTEND=noninteractive apt-get"
    _missing=""
    for _p in "$@"; do
        dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q "install ok installed" || _missing="$_missing $_p"
    done
    if [ -z "$_missing" ]; then
        echo "setup: Debian packages already installed ($*)"
        return 0
    fi
    echo "setup: installing Debian packages:$_missing"
    # shellcheck disable=SC2086  # word lists
    if ! $_apt install -y -q --no-install-recommends $_missing; then
        echo "setup: apt-get install failed; running apt-get update and retrying"
        $_apt update -q
        $_apt install -y -q --no-install-recommends $_missing
    fi
}

# ensure_venv DIR REQUIREMENTS: a venv from Debian's python3 with the requirements installed.
ensure_venv() {
    if [ ! -x "$1/bin/python" ]; then
        echo "setup: creating venv $1"
        /usr/bin/python3 -m venv "$1"
    else
        echo "setup: venv exists ($1)"
    fi
    echo "setup: pip install -r $2"
    "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
}
