# Shared by Publishing/nginx/test.sh and Benchmarks/serve/run.sh (source it; bash only):
# install a package when missing, find a free loopback port, and run a private nginx with
# Publishing/nginx/outagecal.conf on a given folder and port, in the foreground under this
# shell (no daemon, no system paths: prefix, pid, logs and temp folders in one private folder).

nginx_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NGINX_CONF_TEMPLATE=${NGINX_CONF_TEMPLATE:-$nginx_lib_dir/outagecal.conf}  # override to test another copy

# ensure_package COMMAND PACKAGE...: installs the first Debian package of the list that
# installs, unless COMMAND is already there. apt-get update only when the install fails.
ensure_package() {
    local command=$1 sudo="" package
    shift
    command -v "$command" >/dev/null 2>&1 && return 0
    [ -x "/usr/sbin/$command" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    command -v apt-get >/dev/null || { echo "$command is missing and there is no apt-get; install $* yourself" >&2; return 1; }
    for package in "$@"; do
        echo "== installing $package (for $command)" >&2
        if DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y --no-install-recommends "$package" >&2 ||
            { DEBIAN_FRONTEND=noninteractive timeout 300 $sudo apt-get update >&2 &&
              DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y --no-install-recommends "$package" >&2; }; then
            if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ]; then return 0; fi
        fi
    done
    echo "could not install $command (tried: $*)" >&2
    return 1
}

# nginx_binary: the path of nginx (it lives in /usr/sbin, often not on a user's PATH).
nginx_binary() {
    command -v nginx 2>/dev/null || echo /usr/sbin/nginx
}

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# nginx_prepare DIR ROOT PORT WORKERS ACCESS_LOG(on|off): writes DIR/nginx.conf, a whole nginx
# configuration around outagecal.conf, with `root` replaced by ROOT and `listen` by
# 127.0.0.1:PORT (the IPv6 listen dropped).
nginx_prepare() {
    local dir=$1 root=$2 port=$3 workers=$4 access=$5 server
    mkdir -p "$dir/logs" "$dir/temp"
    grep -q '^[[:space:]]*root /srv/outagecal/Feeds;' "$NGINX_CONF_TEMPLATE" ||
        { echo "$NGINX_CONF_TEMPLATE: no 'root /srv/outagecal/Feeds;' line to replace" >&2; return 1; }
    server=$(sed -e "s|^\([[:space:]]*\)root /srv/outagecal/Feeds;|\1root $root;|" \
                 -e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$port;|" \
                 -e '/^[[:space:]]*listen \[::\]:80;/d' "$NGINX_CONF_TEMPLATE")
    if [ "$access" = on ]; then access="access_log $dir/logs/access.log;"; else access="access_log off;"; fi
    # The master runs as whoever runs this; when that is root, the workers become `nobody`
    # (nginx's default), so ROOT must be world-readable; the caller sees to it.
    cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    $access
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path $dir/temp/client_body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;

$server
}
EOF
}

# nginx_start DIR: checks DIR/nginx.conf (nginx -t) and starts nginx in the background with
# it; sets NGINX_PID to the master's pid. The caller stops it with nginx_stop.
nginx_start() {
    local dir=$1 nginx
    nginx=$(nginx_binary)
    if ! "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -t >"$dir/logs/check.log" 2>&1; then
        cat "$dir/logs/check.log" >&2
        return 1
    fi
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >>"$dir/logs/stderr.log" 2>&1 &
    NGINX_PID=$!
}

# nginx_stop: stops the nginx started by nginx_start (SIGQUIT, graceful; SIGKILL after 5 s),
# by its pid.
nginx_stop() {
    local pid=${NGINX_PID:-} waited=0 workers
    [ -n "$pid" ] || return 0
    NGINX_PID=""
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -QUIT "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        echo "== nginx (pid $pid) still running 5 s after SIGQUIT: SIGKILL to it and its workers" >&2
        workers=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
        kill -KILL "$pid" $workers 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# wait_http URL PID: waits (10 s at most) until URL answers, while PID lives.
wait_http() {
    local url=$1 pid=$2 tries=0
    while [ "$tries" -lt 100 ]; do
        if curl -s -o /dev/null --max-time 1 "$url"; then return 0; fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
        tries=$((tries + 1))
    done
    return 1
}
